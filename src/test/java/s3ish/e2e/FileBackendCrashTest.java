package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.retry.RetryPolicy;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Crash safety of the file backend: a server process is killed with SIGKILL while 64 SDK clients write, at a
 * different point in each of 20 rounds (after N acknowledged writes, N varying). The next process, on the same
 * storage_root, must serve every acknowledged object byte-identical, and any other attempted object either
 * byte-identical or absent; nothing else may appear. Each round's restart checks the previous round.
 */
class FileBackendCrashTest {
  private static final int ROUNDS = Integer.getInteger("s3ish.crashRounds", 20);
  private static final int CLIENTS = 64;
  private static final int CHUNK = 16 * 1024;
  private static final int MIN_PART = 16 * 1024;
  /** Sizes around the chunk size (the server's chunk_size is set to CHUNK). */
  private static final int[] SIZES = {0, 1, 1000, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK + 7};
  private static final String BUCKET = "crash";

  /** What a client sent for a key, and whether the server acknowledged it. */
  private record Attempt(byte[] content, boolean acknowledged) {}

  @Test
  void everyAcknowledgedWriteSurvivesSigkillAndNothingPartialAppears(@TempDir Path dir) throws Exception {
    Path root = Files.createDirectory(dir.resolve("root"));
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    Files.writeString(dir.resolve("config.toml"), "storage_backend = \"file\"\n"
        + "storage_root = \"" + root.toString().replace("\\", "\\\\") + "\"\n"
        + "chunk_size = " + CHUNK + "\n"
        + "multipart_min_part_size = " + MIN_PART + "\n");
    Map<String, Attempt> previous = Map.of();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      for (int round = 0; round <= ROUNDS; round++) {
        try (ServerProcess server = ServerProcess.builder().name("crash-" + round).workDir(dir)
            .jvmArgs("-Xmx192m", "-XX:TieredStopAtLevel=1")
            .args("-c", "config.toml", "-l", "127.0.0.1:0", "-a", "creds.txt").start();
            S3Client s3 = client(server.awaitReady(Duration.ofSeconds(60)).port())) {
          if (round == 0) {
            s3.createBucket(b -> b.bucket(BUCKET));
          } else {
            verify(s3, "r" + (round - 1) + "/", previous);
          }
          if (round < ROUNDS) {
            int killAfter = 1 + (round * 53) % 160; // acknowledged writes before the kill, different each round
            previous = writeUntilKilled(s3, server, pool, round, killAfter);
          }
        }
      }
    } finally {
      pool.shutdownNow();
    }
  }

  private Map<String, Attempt> writeUntilKilled(S3Client s3, ServerProcess server, ExecutorService pool, int round,
      int killAfter) throws Exception {
    Map<String, Attempt> attempts = new ConcurrentHashMap<>();
    CountDownLatch acknowledged = new CountDownLatch(killAfter);
    AtomicBoolean killed = new AtomicBoolean();
    List<Throwable> beforeKill = java.util.Collections.synchronizedList(new ArrayList<>());
    List<Future<?>> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      int client = c;
      clients.add(pool.submit(() -> {
        Random random = new Random(round * 1000L + client);
        for (int i = 0; !killed.get(); i++) {
          String key = "r" + round + "/c" + client + "/o" + i;
          boolean multipart = client % 8 == 0 && i % 2 == 1;
          byte[] content = S3TestSupport.randomBytes(multipart ? MIN_PART + SIZES[i % SIZES.length]
              : SIZES[random.nextInt(SIZES.length)], random.nextLong());
          attempts.put(key, new Attempt(content, false));
          try {
            if (multipart) {
              putMultipart(s3, key, content);
            } else {
              s3.putObject(b -> b.bucket(BUCKET).key(key), RequestBody.fromBytes(content));
            }
          } catch (RuntimeException e) {
            if (!killed.get()) {
              beforeKill.add(e);
            }
            return;
          }
          attempts.put(key, new Attempt(content, true));
          acknowledged.countDown();
        }
      }));
    }
    assertTrue(acknowledged.await(60, TimeUnit.SECONDS), "clients made progress before the kill");
    killed.set(true);
    server.kill();
    for (Future<?> f : clients) {
      f.get(60, TimeUnit.SECONDS);
    }
    // killed is set before the kill, so a failure caught while it was still false did not come from the kill.
    assertTrue(beforeKill.isEmpty(), () -> "failed before the kill: " + beforeKill);
    return attempts;
  }

  private static void putMultipart(S3Client s3, String key, byte[] content) {
    String id = s3.createMultipartUpload(b -> b.bucket(BUCKET).key(key)).uploadId();
    String e1 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(1),
        RequestBody.fromBytes(java.util.Arrays.copyOf(content, MIN_PART))).eTag();
    String e2 = s3.uploadPart(b -> b.bucket(BUCKET).key(key).uploadId(id).partNumber(2),
        RequestBody.fromBytes(java.util.Arrays.copyOfRange(content, MIN_PART, content.length))).eTag();
    s3.completeMultipartUpload(b -> b.bucket(BUCKET).key(key).uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));
  }

  private static void verify(S3Client s3, String prefix, Map<String, Attempt> attempts) {
    int present = 0;
    for (Map.Entry<String, Attempt> e : attempts.entrySet()) {
      byte[] stored;
      try {
        stored = s3.getObjectAsBytes(b -> b.bucket(BUCKET).key(e.getKey())).asByteArray();
      } catch (NoSuchKeyException absent) {
        assertTrue(!e.getValue().acknowledged(), () -> "acknowledged write lost: " + e.getKey());
        continue;
      }
      assertArrayEquals(e.getValue().content(), stored, () -> "not what the client sent: " + e.getKey());
      present++;
    }
    Set<String> listed = s3.listObjectsV2Paginator(b -> b.bucket(BUCKET).prefix(prefix)).contents().stream()
        .map(S3Object::key).collect(Collectors.toSet());
    assertTrue(attempts.keySet().containsAll(listed), "only attempted keys are listed");
    assertEquals(present, listed.size(), "the listing agrees with the reads");
  }

  private static S3Client client(int port) {
    return TestServer.clientBuilder(URI.create("http://127.0.0.1:" + port), TestServer.ACCESS_KEY,
            TestServer.SECRET_KEY)
        .overrideConfiguration(o -> o.retryPolicy(RetryPolicy.none()))
        .build();
  }
}
