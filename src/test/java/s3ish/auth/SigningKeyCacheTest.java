package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {
  private static final SigV4.Scope DAY1 = new SigV4.Scope("20261127", "us-east-1", "s3");
  private static final SigV4.Scope DAY2 = new SigV4.Scope("20261128", "us-east-1", "s3");
  private static final SigV4.Scope OTHER_REGION = new SigV4.Scope("20261127", "eu-west-3", "s3");

  @Test
  void returnsTheDerivedKeyAndReusesItForTheSameSecretAndScope() {
    SigningKeyCache cache = new SigningKeyCache(8);

    byte[] first = cache.get("secret", DAY1);

    assertArrayEquals(SigV4.signingKey("secret", DAY1), first);
    assertSame(first, cache.get("secret", DAY1));
    assertEquals(1, cache.size());
  }

  @Test
  void keysDifferBySecretDateAndRegion() {
    SigningKeyCache cache = new SigningKeyCache(8);

    cache.get("secret", DAY1);
    cache.get("other", DAY1);
    cache.get("secret", DAY2);
    cache.get("secret", OTHER_REGION);

    assertEquals(4, cache.size());
  }

  @Test
  void evictsTheLeastRecentlyUsedBeyondCapacity() {
    SigningKeyCache cache = new SigningKeyCache(2);
    byte[] day1 = cache.get("secret", DAY1);
    byte[] day2 = cache.get("secret", DAY2);

    cache.get("secret", DAY1); // DAY1 is now the most recent
    cache.get("secret", OTHER_REGION);

    assertEquals(2, cache.size());
    assertSame(day1, cache.get("secret", DAY1));
    assertNotSame(day2, cache.get("secret", DAY2));
  }

  @Test
  void concurrentCallersAllGetTheRightKey() throws Exception {
    SigningKeyCache cache = new SigningKeyCache(4);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<byte[]>> results = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        SigV4.Scope scope = new SigV4.Scope("202611" + (10 + i % 8), "us-east-1", "s3");
        results.add(pool.submit(() -> cache.get("secret", scope)));
      }
      for (int i = 0; i < results.size(); i++) {
        SigV4.Scope scope = new SigV4.Scope("202611" + (10 + i % 8), "us-east-1", "s3");
        assertArrayEquals(SigV4.signingKey("secret", scope), results.get(i).get());
      }
      assertEquals(4, cache.size());
    } finally {
      pool.shutdownNow();
    }
  }
}
