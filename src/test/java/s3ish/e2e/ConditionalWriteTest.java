package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Conditional PutObject as a coordination primitive: of concurrent If-None-Match: * writers exactly one wins. */
class ConditionalWriteTest extends ServerPerClass {
  private static final int WRITERS = 16;
  private static final int ROUNDS = 50;
  private static ExecutorService pool;

  @BeforeAll
  static void startPool() {
    pool = Executors.newFixedThreadPool(WRITERS);
  }

  @AfterAll
  static void stopPool() {
    pool.shutdownNow();
  }

  @Test
  @Timeout(value = 3, unit = TimeUnit.MINUTES)
  void ofSixteenConcurrentIfNoneMatchPutsExactlyOneSucceeds() throws Exception {
    String bucket = createBucket("cond-put");
    for (int round = 0; round < ROUNDS; round++) {
      String key = "lock-" + round;
      // every writer waits at the gate, so the 16 requests really race for the same key
      CountDownLatch gate = new CountDownLatch(1);
      List<Future<Integer>> results = new ArrayList<>();
      for (int w = 0; w < WRITERS; w++) {
        String body = "writer " + w;
        results.add(pool.submit(() -> {
          gate.await();
          try {
            s3.putObject(b -> b.bucket(bucket).key(key).ifNoneMatch("*"), RequestBody.fromString(body));
            return 200;
          } catch (S3Exception e) {
            return e.statusCode();
          }
        }));
      }
      gate.countDown();
      int ok = 0;
      int failed = 0;
      for (Future<Integer> r : results) {
        int status = r.get(30, TimeUnit.SECONDS);
        if (status == 200) {
          ok++;
        } else if (status == 412) {
          failed++;
        }
      }
      assertEquals(1, ok, "round " + round + ": winners");
      assertEquals(WRITERS - 1, failed, "round " + round + ": 412s");
    }
  }

  @Test
  void ifMatchWithAStaleEtagIsPreconditionFailed() {
    String bucket = createBucket("cond-match");
    String first = s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("one")).eTag();
    s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(first), RequestBody.fromString("two"));
    S3TestSupport.assertS3Error(412, "PreconditionFailed",
        () -> s3.putObject(b -> b.bucket(bucket).key("k").ifMatch(first), RequestBody.fromString("three")));
    assertEquals("two", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
  }
}
