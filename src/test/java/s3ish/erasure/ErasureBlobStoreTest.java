package s3ish.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import s3ish.bus.Contract;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.erasure.HealResult.Status;
import s3ish.storage.BlobStore;

/**
 * The erasure store through the erasure role on a real Vert.x and real files: every combination of up to
 * {@code parity} damaged shards reads back exactly, one more fails cleanly, and heal restores full redundancy.
 */
class ErasureBlobStoreTest {
  private static final int BLOCK = 1024;
  private static Vertx vertx;
  private static final SimpleMeterRegistry METRICS = new SimpleMeterRegistry();

  @BeforeAll
  static void startErasureRole() throws Exception {
    Metrics.addRegistry(METRICS);
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
    await(vertx.deployVerticle(new ErasureVerticle()));
  }

  @AfterAll
  static void stop() throws Exception {
    await(vertx.close());
    Metrics.removeRegistry(METRICS);
  }

  /** Ways a shard gets damaged: gone, a flipped bit in the middle of a block, cut short. */
  private enum Damage { DELETE, FLIP_BIT, TRUNCATE }

  @ParameterizedTest(name = "{0}+{1}")
  @CsvSource({"2,1", "4,2", "8,4"})
  void everyDamageUpToParityReadsExactBytesAndOneMoreFailsCleanly(int k, int m, @TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, k, m);
    byte[] data = randomBytes(k * BLOCK + 777, k * 100 + m); // a full stripe, then a short one
    write(store, "blob-1", data);
    int n = k + m;
    byte[][] originals = snapshot(store, "blob-1");
    double degradedBefore = counter("s3ish.erasure.degraded.reads");
    int combination = 0;
    int tolerated = 0;
    int refused = 0;
    int previous = 0;
    for (int lost = 1; lost < 1 << n; lost++) {
      int count = Integer.bitCount(lost);
      if (count > m + 1) {
        continue;
      }
      restore(store, "blob-1", originals, previous);
      previous = lost;
      for (int shard = 0; shard < n; shard++) {
        if ((lost & 1 << shard) != 0) {
          damage(store, "blob-1", shard, Damage.values()[(shard + combination) % Damage.values().length]);
        }
      }
      combination++;
      Read read = read(store, "blob-1", 0, -1);
      String lostSet = Integer.toBinaryString(lost);
      if (count <= m) {
        assertNull(read.failure(), () -> "lost " + lostSet + ": " + read.failure());
        assertArrayEquals(data, read.bytes(), "lost " + Integer.toBinaryString(lost));
        tolerated++;
      } else {
        assertInstanceOf(S3Exception.class, read.failure(), "lost " + Integer.toBinaryString(lost));
        assertEquals(S3ErrorCode.INTERNAL_ERROR, ((S3Exception) read.failure()).code());
        assertArrayEquals(Arrays.copyOf(data, read.bytes().length), read.bytes(), "only a correct prefix");
        refused++;
      }
    }
    int expectedTolerated = IntStream.rangeClosed(1, m).map(c -> binomial(n, c)).sum();
    assertEquals(expectedTolerated, tolerated);
    assertEquals(binomial(n, m + 1), refused);
    // reads aborted by too much damage were degraded until they failed, so they may count too
    assertTrue(counter("s3ish.erasure.degraded.reads") - degradedBefore >= tolerated);
  }

  @ParameterizedTest(name = "{0}+{1}")
  @CsvSource({"2,1", "4,2", "8,4"})
  void healRestoresFullRedundancy(int k, int m, @TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, k, m);
    byte[] data = randomBytes(2 * k * BLOCK + 5, k);
    write(store, "healme", data);
    int n = k + m;
    List<Integer> first = IntStream.range(0, m).map(i -> i * 2 % n).distinct().boxed().toList();
    for (int i = 0; i < first.size(); i++) {
      damage(store, "healme", first.get(i), Damage.values()[i % 3]);
    }
    HealResult healed = await(onContext(() -> store.heal("healme")));
    assertEquals(Status.REPAIRED, healed.status(), healed.detail());
    assertEquals(first.stream().sorted().toList(), healed.rebuilt());
    assertEquals(Status.HEALTHY, await(onContext(() -> store.heal("healme"))).status());
    // a different set of m shards, including every parity shard: only the healed ones can answer for them
    for (int shard = n - m; shard < n; shard++) {
      damage(store, "healme", shard, Damage.DELETE);
    }
    Read read = read(store, "healme", 0, -1);
    assertNull(read.failure());
    assertArrayEquals(data, read.bytes());
  }

  @Test
  void rangedReadsReturnExactlyTheSpanAlsoWhenDegraded(@TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, 4, 2);
    byte[] data = randomBytes(5 * 4 * BLOCK + 123, 3);
    write(store, "ranged", data);
    damage(store, "ranged", 1, Damage.FLIP_BIT);
    for (long[] span : new long[][] {{0, 1}, {4095, 2}, {5000, 9000}, {data.length - 10, 10}, {17, 0}}) {
      Read read = read(store, "ranged", span[0], span[1]);
      assertNull(read.failure());
      assertArrayEquals(Arrays.copyOfRange(data, (int) span[0], (int) (span[0] + span[1])), read.bytes(),
          "span " + Arrays.toString(span));
    }
  }

  @Test
  void unhealableBlobIsReportedAndOthersStillHeal(@TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, 2, 1);
    write(store, "a", randomBytes(5000, 1));
    write(store, "b", randomBytes(5000, 2));
    write(store, "c", new byte[0]);
    damage(store, "a", 0, Damage.DELETE);
    damage(store, "a", 2, Damage.TRUNCATE);
    damage(store, "b", 1, Damage.FLIP_BIT);
    HealReport report = await(onContext(store::healAll));
    assertEquals(3, report.checked());
    assertEquals(1, report.healthy());
    assertEquals(1, report.repaired());
    assertEquals(1, report.unrecoverable());
    assertEquals(List.of("a", "b"), report.notHealthy().stream().map(HealResult::blobId).sorted().toList());
  }

  @Test
  void sealedBlobsAreListedDeletedAndDiscardedOnesLeaveNothing(@TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, 2, 1);
    write(store, "kept", randomBytes(3000, 5));
    write(store, "empty", new byte[0]);
    BlobStore.BlobWriter dropped = await(onContext(() -> store.create("dropped")));
    await(onContext(() -> dropped.append(Buffer.buffer(randomBytes(5000, 6)))));
    assertEquals(List.of("empty", "kept"), await(onContext(store::list)));
    await(onContext(dropped::discard));
    assertEquals(List.of("empty", "kept"), await(onContext(store::list)));
    for (Path disk : store.settings().disks()) {
      try (var temps = Files.list(disk.resolve(DiskSet.TEMP_DIR))) {
        assertEquals(0, temps.count(), "temporary files left on " + disk);
      }
    }
    Read empty = read(store, "empty", 0, -1);
    assertNull(empty.failure());
    assertEquals(0, empty.bytes().length);
    await(onContext(() -> store.delete("kept")));
    assertEquals(List.of("empty"), await(onContext(store::list)));
    Read gone = read(store, "kept", 0, -1);
    assertEquals(S3ErrorCode.INTERNAL_ERROR, ((S3Exception) gone.failure()).code());
  }

  @Test
  void shardsLandOnDistinctDisks(@TempDir Path dir) throws Exception {
    ErasureBlobStore store = store(dir, 4, 2);
    write(store, "spread", randomBytes(100, 9));
    List<Path> parents = IntStream.range(0, 6).mapToObj(i -> store.disks().shard("spread", i).getParent()).toList();
    assertEquals(6, parents.stream().distinct().count());
    for (int i = 0; i < 6; i++) {
      assertTrue(Files.isRegularFile(store.disks().shard("spread", i)));
    }
  }

  // helpers

  private static ErasureBlobStore store(Path dir, int k, int m) {
    List<Path> disks = IntStream.range(0, k + m).mapToObj(i -> dir.resolve("disk-" + i)).toList();
    return ErasureBlobStore.create(vertx, new ErasureSettings(k, m, BLOCK, disks, 0));
  }

  private static void write(ErasureBlobStore store, String id, byte[] data) throws Exception {
    await(onContext(() -> store.create(id).compose(writer -> appendFrom(writer, data, 0).compose(v -> writer.seal()))));
  }

  /** Appends in odd-sized pieces so stripes fill across appends. */
  private static Future<Void> appendFrom(BlobStore.BlobWriter writer, byte[] data, int from) {
    if (from >= data.length) {
      return Future.succeededFuture();
    }
    int to = Math.min(data.length, from + 1000);
    return writer.append(Buffer.buffer(Arrays.copyOfRange(data, from, to))).compose(v -> appendFrom(writer, data, to));
  }

  record Read(byte[] bytes, Throwable failure) {}

  /** Opens and streams a span ({@code length} -1: to the end); never throws, returns what arrived. */
  private static Read read(ErasureBlobStore store, String id, long start, long length) throws Exception {
    Promise<Read> done = Promise.promise();
    Buffer received = Buffer.buffer();
    vertx.getOrCreateContext().runOnContext(v -> store.open(id)
        .onFailure(e -> done.tryComplete(new Read(new byte[0], e)))
        .onSuccess(blob -> {
          var body = blob.read(start, length < 0 ? blob.size() - start : length);
          body.exceptionHandler(e -> done.tryComplete(new Read(received.getBytes(), e)));
          body.endHandler(end -> done.tryComplete(new Read(received.getBytes(), null)));
          body.handler(received::appendBuffer);
        }));
    return await(done.future());
  }

  private static <T> Future<T> onContext(Supplier<Future<T>> action) {
    Context context = vertx.getOrCreateContext();
    Promise<T> promise = Promise.promise();
    context.runOnContext(v -> action.get().onComplete(promise));
    return promise.future();
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }

  private static byte[][] snapshot(ErasureBlobStore store, String id) throws IOException {
    byte[][] files = new byte[store.disks().totalShards()][];
    for (int i = 0; i < files.length; i++) {
      files[i] = Files.readAllBytes(store.disks().shard(id, i));
    }
    return files;
  }

  /** Puts back the shards named in {@code damaged} (a bit per shard). */
  private static void restore(ErasureBlobStore store, String id, byte[][] files, int damaged) throws IOException {
    for (int i = 0; i < files.length; i++) {
      if ((damaged & 1 << i) != 0) {
        Files.write(store.disks().shard(id, i), files[i]);
      }
    }
  }

  static void damage(ErasureBlobStore store, String id, int shard, Damage how) throws IOException {
    Path file = store.disks().shard(id, shard);
    switch (how) {
      case DELETE -> Files.delete(file);
      case TRUNCATE -> {
        byte[] bytes = Files.readAllBytes(file);
        Files.write(file, Arrays.copyOf(bytes, bytes.length - 10));
      }
      case FLIP_BIT -> {
        byte[] bytes = Files.readAllBytes(file);
        // inside the last stripe's block, so a read that fails on it has already streamed the stripes before
        int lastBlock = (int) ShardHeader.decode(java.nio.ByteBuffer.wrap(bytes)).layout().blockOffset(
            ShardHeader.decode(java.nio.ByteBuffer.wrap(bytes)).layout().stripeCount() - 1);
        bytes[Math.min(lastBlock + 1, bytes.length - 5)] ^= 0x10;
        Files.write(file, bytes);
      }
    }
  }

  private static byte[] randomBytes(int size, long seed) {
    byte[] bytes = new byte[size];
    new Random(seed).nextBytes(bytes);
    return bytes;
  }

  private static double counter(String name) {
    // where ErasureMetrics records: the Vert.x registry if one is current in this JVM, else the global one
    var c = s3ish.observability.S3ishMetrics.get().registry().find(name).counter();
    return c == null ? 0 : c.count();
  }

  private static int binomial(int n, int r) {
    long result = 1;
    for (int i = 1; i <= r; i++) {
      result = result * (n - r + i) / i;
    }
    return (int) result;
  }
}
