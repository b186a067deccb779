package s3ish.auth;

import java.nio.charset.StandardCharsets;

/** Reads the authentication parameters of a raw query string (presigned URLs, V2 and V4). */
final class AuthQuery {
  private AuthQuery() {}

  /**
   * The percent-decoded value of the first parameter named {@code name}, "" when it has no value, null when
   * absent. '+' stays '+': signatures are signed over bytes, not form data, and base64 has no spaces.
   */
  static String param(String rawQuery, String name) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String rawName = eq < 0 ? pair : pair.substring(0, eq);
      if (decode(rawName).equals(name)) {
        return eq < 0 ? "" : decode(pair.substring(eq + 1));
      }
    }
    return null;
  }

  static boolean has(String rawQuery, String name) {
    return param(rawQuery, name) != null;
  }

  /** Called for every parameter of the query on each lookup, so ASCII without a '%' is returned as it is. */
  private static String decode(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' || c >= 0x80) {
        return new String(SigV4.decode(raw), StandardCharsets.UTF_8);
      }
    }
    return raw;
  }
}
