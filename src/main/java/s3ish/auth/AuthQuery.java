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
    // Looked up a dozen times per presigned request: the query is scanned in place, nothing is cut or decoded
    // but the value asked for.
    for (int start = 0; start <= rawQuery.length(); ) {
      int end = rawQuery.indexOf('&', start);
      end = end < 0 ? rawQuery.length() : end;
      int eq = rawQuery.indexOf('=', start);
      eq = eq < 0 || eq > end ? end : eq;
      if (nameIs(rawQuery, start, eq, name)) {
        return eq == end ? "" : decode(rawQuery.substring(eq + 1, end));
      }
      start = end + 1;
    }
    return null;
  }

  /** Whether {@code query[from, to)} names {@code name}, literally or (rarely) percent-encoded. */
  private static boolean nameIs(String query, int from, int to, String name) {
    if (to - from == name.length() && query.regionMatches(from, name, 0, name.length())) {
      return true;
    }
    // only within the name: a search to the query's end ran once per parameter of every lookup
    for (int i = from; i < to; i++) {
      if (query.charAt(i) == '%') {
        return decode(query.substring(from, to)).equals(name);
      }
    }
    return false;
  }

  static boolean has(String rawQuery, String name) {
    return param(rawQuery, name) != null;
  }

  /** ASCII without a '%' is returned as it is. */
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
