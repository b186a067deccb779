package s3ish.config;

/**
 * A parsed {@code listen_addr}: {@code host:port}, an IPv6 host in brackets ({@code [::1]:9000}).
 * {@link #host()} is bare (no brackets), ready to bind; {@link #hostForUrl()} puts them back.
 */
public record ListenAddress(String host, int port) {

  /** Parses {@code host:port}; throws IllegalArgumentException with the expectation as its message. */
  public static ListenAddress parse(String value) {
    String host;
    String port;
    if (value.startsWith("[")) {
      int close = value.indexOf(']');
      if (close < 0 || close + 1 >= value.length() || value.charAt(close + 1) != ':') {
        throw expectation();
      }
      host = value.substring(1, close);
      port = value.substring(close + 2);
    } else {
      int colon = value.lastIndexOf(':');
      // a bare IPv6 address would be ambiguous: it must be bracketed
      if (colon < 0 || value.indexOf(':') != colon) {
        throw expectation();
      }
      host = value.substring(0, colon);
      port = value.substring(colon + 1);
    }
    if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace) || !port.matches("\\d{1,5}")) {
      throw expectation();
    }
    int p = Integer.parseInt(port);
    if (p > 65535) {
      throw expectation();
    }
    return new ListenAddress(host, p);
  }

  public String hostForUrl() {
    return host.contains(":") ? "[" + host + "]" : host;
  }

  private static IllegalArgumentException expectation() {
    return new IllegalArgumentException("expected host:port with a port 0-65535 (IPv6 as [::1]:9000)");
  }
}
