package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Query parameter lookup, scanned in place, against the rule stated plainly: split, decode, compare. */
class AuthQueryTest {
  private static final String[] NAMES = {"X-Amz-Signature", "X-Amz-Date", "Signature", "x", ""};

  /** The first pair whose decoded name is {@code name}: its decoded value, "" without '=', null if none. */
  private static String plainly(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    for (String pair : rawQuery.split("&", -1)) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (new String(SigV4.decode(rawName), StandardCharsets.UTF_8).equals(name)) {
        return eq < 0 ? "" : new String(SigV4.decode(pair.substring(eq + 1)), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  @Test
  void randomQueriesAnswerAsSplitAndDecode() {
    Random random = new Random(1129);
    String[] pieces = {"X-Amz-Signature", "X-Amz-Date", "X-Amz-%53ignature", "Signature", "x", "=", "&", "%2F",
        "%zz", "+", "é", "abc", "==", "&&", "%"};
    for (int i = 0; i < 50_000; i++) {
      StringBuilder query = new StringBuilder();
      for (int n = random.nextInt(8); n > 0; n--) {
        query.append(pieces[random.nextInt(pieces.length)]);
      }
      for (String name : NAMES) {
        assertEquals(plainly(query.toString(), name), AuthQuery.param(query.toString(), name), query + " " + name);
      }
    }
  }

  @Test
  void examples() {
    String q = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=demo%2F20261129%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Signature=abc&X-Amz-Signature=second&flag";
    assertEquals("demo/20261129/us-east-1/s3/aws4_request", AuthQuery.param(q, "X-Amz-Credential"));
    assertEquals("abc", AuthQuery.param(q, "X-Amz-Signature"));
    assertEquals("", AuthQuery.param(q, "flag"));
    assertNull(AuthQuery.param(q, "X-Amz-Date"));
    assertNull(AuthQuery.param(q, "X-Amz"));
    assertNull(AuthQuery.param("", "flag"));
    assertNull(AuthQuery.param(null, "flag"));
  }
}
