package s3ish.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.bus.Contract;
import s3ish.erasure.ErasureBlobStore;
import s3ish.erasure.ErasureSettings;
import s3ish.erasure.ErasureVerticle;

/** {@code s3ish heal} on shards written by a store, damaged on disk, then read back through a store again. */
class HealCommandTest {
  @TempDir Path dir;
  private Vertx vertx;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeEach
  void startErasureRole() throws Exception {
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
    await(vertx.deployVerticle(new ErasureVerticle()));
  }

  @AfterEach
  void stop() throws Exception {
    await(vertx.close());
  }

  private int run(String... args) {
    var commandLine = Main.commandLine(new Main(Map.of(), (startup, o, e) -> 0));
    commandLine.setOut(new PrintWriter(out));
    commandLine.setErr(new PrintWriter(err));
    return commandLine.execute(args);
  }

  private Path config(List<Path> disks) throws Exception {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, "enable_erasure_coding = true\nerasure_data_blocks = 4\nerasure_parity_blocks = 2\n"
        + "erasure_block_size = 4096\nstorage_roots = \""
        + disks.stream().map(Path::toString).collect(Collectors.joining(",")) + "\"\n");
    return file;
  }

  @Test
  void healRebuildsDamagedShardsSoADifferentLossIsSurvived() throws Exception {
    List<Path> disks = IntStream.range(0, 6).mapToObj(i -> dir.resolve("d" + i)).toList();
    ErasureBlobStore store = ErasureBlobStore.create(vertx, new ErasureSettings(4, 2, 4096, disks, 0));
    byte[] data = new byte[100_000];
    new Random(3).nextBytes(data);
    onContext(() -> store.create("obj").compose(w -> w.append(Buffer.buffer(data)).compose(v -> w.seal())));
    Files.delete(store_shard(disks, "obj", 0));
    Files.delete(store_shard(disks, "obj", 5));

    assertEquals(0, run("heal", "-c", config(disks).toString()), err.toString());
    assertTrue(out.toString().contains("repaired obj shards [0, 5]"), out.toString());
    assertTrue(out.toString().contains("checked 1 blobs: 0 healthy, 1 repaired (2 shards rebuilt), 0 unrecoverable"),
        out.toString());

    Files.delete(store_shard(disks, "obj", 1));
    Files.delete(store_shard(disks, "obj", 2));
    assertArrayEquals(data, readAll(store, "obj"));

    Files.delete(store_shard(disks, "obj", 3));
    assertEquals(1, run("heal", "-c", config(disks).toString(), "--blob", "obj"));
    assertTrue(out.toString().contains("unrecoverable obj"), out.toString());
  }

  @Test
  void badArgumentsExitTwoWithOneLine() throws Exception {
    Path off = dir.resolve("off.toml");
    Files.writeString(off, "enable_erasure_coding = false\n");
    assertEquals(2, run("heal", "-c", off.toString()));
    assertEquals("s3ish heal: enable_erasure_coding is false: there are no shards to heal", err.toString().trim());
    assertEquals(2, run("heal", "-c", config(List.of(dir.resolve("only-one"))).toString()));
    assertTrue(err.toString().contains("needs 6 disk directories, got 1"), err.toString());
  }

  /** Shard files are named by blob and index on the disk the store chose; find it on any disk. */
  private static Path store_shard(List<Path> disks, String id, int shard) {
    return disks.stream().map(d -> d.resolve(id + "." + shard)).filter(Files::exists).findFirst().orElseThrow();
  }

  private byte[] readAll(ErasureBlobStore store, String id) throws Exception {
    return onContext(() -> store.open(id).compose(blob -> {
      Promise<byte[]> done = Promise.promise();
      Buffer received = Buffer.buffer();
      var body = blob.read(0, blob.size());
      body.exceptionHandler(done::tryFail);
      body.endHandler(v -> done.tryComplete(received.getBytes()));
      body.handler(received::appendBuffer);
      return done.future();
    }));
  }

  private <T> T onContext(Supplier<Future<T>> action) throws Exception {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> action.get().onComplete(promise));
    return await(promise.future());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
  }
}
