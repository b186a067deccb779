package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.bus.Contract;
import s3ish.config.Setting;
import s3ish.erasure.ErasureBlobStore;
import s3ish.erasure.ErasureSettings;
import s3ish.erasure.ErasureVerticle;
import s3ish.erasure.HealReport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The file backend with erasure coding (4+2) through the AWS SDK: objects survive two damaged shards, heal
 * restores redundancy so a different pair can go, and more damage than parity is an error, never wrong bytes.
 */
class ErasureCodingTest {
  @TempDir Path root;
  private TestServer server;
  private S3Client s3;
  private JsonObject config;

  @BeforeEach
  void start() {
    config = new JsonObject()
        .put(Setting.STORAGE_BACKEND.key(), "file")
        .put(Setting.STORAGE_ROOT.key(), root.toString())
        .put(Setting.ENABLE_ERASURE_CODING.key(), true)
        .put(Setting.ERASURE_DATA_BLOCKS.key(), 4)
        .put(Setting.ERASURE_PARITY_BLOCKS.key(), 2)
        .put(Setting.ERASURE_BLOCK_SIZE.key(), 16 * 1024);
    server = TestServer.start(config);
    s3 = server.client();
    s3.createBucket(b -> b.bucket("erasure"));
  }

  @AfterEach
  void stop() {
    if (s3 != null) {
      s3.close();
    }
    if (server != null) {
      server.close();
    }
  }

  @Test
  void objectsSurviveParityManyLossesHealAndFailCleanlyBeyond() throws Exception {
    byte[] big = new byte[1_000_003];
    new Random(1).nextBytes(big);
    s3.putObject(b -> b.bucket("erasure").key("big"), RequestBody.fromBytes(big));
    s3.putObject(b -> b.bucket("erasure").key("small"), RequestBody.fromString("hello erasure"));
    assertArrayEquals(big, get("big"));

    damageShards(0, false);
    damageShards(4, true);
    assertArrayEquals(big, get("big"));
    assertEquals("hello erasure", new String(get("small")));

    HealReport report = healOffline();
    assertEquals(2, report.repaired(), report.toString());
    assertEquals(0, report.unrecoverable());

    damageShards(1, false);
    damageShards(3, true);
    assertArrayEquals(big, get("big"));
    assertEquals("hello erasure", new String(get("small")));

    report = healOffline();
    assertEquals(2, report.repaired(), report.toString());

    // Bit rot in more shards than parity is found only when the damaged blocks are read, after the response
    // started: the body is cut, and whatever arrives is a prefix of the object, never other bytes.
    damageShards(0, true);
    damageShards(1, true);
    damageShards(2, true);
    for (String key : List.of("big", "small")) {
      byte[] original = key.equals("big") ? big : "hello erasure".getBytes();
      try {
        byte[] got = get(key);
        assertTrue(got.length < original.length, key + ": complete body from 3 of 6 intact shards");
        assertArrayEquals(Arrays.copyOf(original, got.length), got, key + ": only a correct prefix");
      } catch (SdkException expected) {
        // cut (or refused): fine, no wrong bytes were returned as a whole object
      }
    }

    // Shards missing beyond parity are seen when the blob is opened, before any response: a clean 500.
    damageShards(3, false);
    damageShards(4, false);
    damageShards(5, false);
    for (String key : List.of("big", "small")) {
      S3Exception e = assertThrows(S3Exception.class, () -> get(key));
      assertEquals(500, e.statusCode());
      assertEquals("InternalError", e.awsErrorDetails().errorCode());
    }
  }

  private byte[] get(String key) {
    return s3.getObjectAsBytes(b -> b.bucket("erasure").key(key)).asByteArray();
  }

  /** Deletes, or flips a bit in the last block of, shard {@code index} of every blob (storage_root/disk-N). */
  private void damageShards(int index, boolean flip) throws IOException {
    int found = 0;
    for (int d = 0; d < 6; d++) {
      try (var files = Files.list(root.resolve("disk-" + d))) {
        for (Path shard : files.filter(f -> f.getFileName().toString().endsWith("." + index)).toList()) {
          if (flip) {
            byte[] bytes = Files.readAllBytes(shard);
            bytes[bytes.length - 6] ^= 0x01;
            Files.write(shard, bytes);
          } else {
            Files.delete(shard);
          }
          found++;
        }
      }
    }
    assertTrue(found >= 2, "shard " + index + " of both objects");
  }

  /** What {@code s3ish heal} does: its own erasure role, on the same disks, while the node runs idle. */
  private HealReport healOffline() throws Exception {
    Vertx vertx = Vertx.vertx();
    try {
      Contract.registerCodecs(vertx);
      vertx.deployVerticle(new ErasureVerticle()).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      JsonObject settings = Setting.defaults().mergeIn(config);
      ErasureBlobStore store = ErasureBlobStore.create(vertx, ErasureSettings.from(settings));
      return vertx.getOrCreateContext().<HealReport>executeBlocking(() -> null).compose(v -> store.healAll())
          .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
