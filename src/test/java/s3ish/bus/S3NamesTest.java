package s3ish.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The hand-written name checks against the regular expressions that state the rules. */
class S3NamesTest {
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{1,255}");
  private static final Pattern DOTTED_QUAD = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

  /** Strings over an alphabet near the rules' edges, of lengths up to {@code maxLength}. */
  private static String random(Random random, String alphabet, int maxLength) {
    StringBuilder s = new StringBuilder();
    for (int n = random.nextInt(maxLength + 1); n > 0; n--) {
      s.append(alphabet.charAt(random.nextInt(alphabet.length())));
    }
    return s.toString();
  }

  @Test
  void plausibleBucketAgreesWithItsPattern() {
    Random random = new Random(1129);
    for (int i = 0; i < 50_000; i++) {
      String name = random(random, "aZ09._-/ é:", i % 2 == 0 ? 8 : 300);
      assertEquals(PLAUSIBLE.matcher(name).matches(), S3Names.plausibleBucket(name), name);
    }
    assertTrue(S3Names.plausibleBucket("x".repeat(255)));
    assertFalse(S3Names.plausibleBucket("x".repeat(256)));
    assertFalse(S3Names.plausibleBucket(""));
    assertFalse(S3Names.plausibleBucket(null));
  }

  @Test
  void dottedQuadAgreesWithItsPattern() {
    Random random = new Random(1130);
    int matched = 0;
    for (int i = 0; i < 50_000; i++) {
      // groups of 0 to 4 digits (some with a stray character) joined by dots: near the pattern's edges
      StringBuilder h = new StringBuilder(random(random, "0123456789", 4));
      for (int groups = random.nextInt(6); groups > 0; groups--) {
        h.append('.').append(random(random, random.nextInt(20) == 0 ? "12a" : "0123456789", 4));
      }
      String host = h.toString();
      boolean expected = DOTTED_QUAD.matcher(host).matches();
      assertEquals(expected, S3Names.dottedQuad(host), host);
      matched += expected ? 1 : 0;
    }
    assertTrue(matched > 100, "the random hosts hit the pattern only " + matched + " times");
    assertTrue(S3Names.dottedQuad("127.0.0.1"));
    assertFalse(S3Names.dottedQuad("127.0.0.1."));
    assertFalse(S3Names.dottedQuad("1234.0.0.1"));
    assertFalse(S3Names.dottedQuad("bucket.127.0.0.1"));
    assertFalse(S3Names.validBucket("192.168.5.4"));
    assertTrue(S3Names.validBucket("192.168.5.4x"));
  }
}
