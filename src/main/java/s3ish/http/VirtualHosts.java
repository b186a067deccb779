package s3ish.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import s3ish.bus.S3Names;

/**
 * Which bucket, if any, a request's Host names (virtual-hosted style): {@code bucket.localhost} always, and
 * {@code bucket.<domain>} for each configured domain. Anything else (an IP address, {@code localhost}, a
 * configured domain itself, any other name) leaves the bucket to the path.
 */
record VirtualHosts(List<String> domains) {
  /** Every name under localhost resolves to loopback (RFC 6761), so it needs no configuration. */
  static final String LOCALHOST = "localhost";

  /** Domains lowercased, without a trailing dot, longest first so the most specific domain wins. */
  VirtualHosts {
    List<String> normalized = new ArrayList<>();
    normalized.add(LOCALHOST);
    for (String d : domains) {
      String n = normalize(d);
      if (!n.isEmpty() && !normalized.contains(n)) {
        normalized.add(n);
      }
    }
    normalized.sort(Comparator.comparingInt(String::length).reversed());
    domains = List.copyOf(normalized);
  }

  /** From the {@code virtual_host_domains} setting: comma-separated, blanks ignored. */
  static VirtualHosts parse(String setting) {
    return new VirtualHosts(setting == null || setting.isBlank() ? List.of() : List.of(setting.split(",")));
  }

  /**
   * The bucket named by {@code host} (the Host header's host part, port already removed), or null for path
   * style. The bucket keeps its dots: {@code my.bucket.localhost} is bucket {@code my.bucket}.
   */
  String bucket(String host) {
    if (host == null) {
      return null;
    }
    String h = normalize(host);
    // a configured domain is the endpoint itself, even when it also lies under a shorter configured domain
    if (h.isEmpty() || h.startsWith("[") || h.indexOf(':') >= 0 || S3Names.dottedQuad(h) || domains.contains(h)) {
      return null;
    }
    for (String domain : domains) {
      if (h.length() > domain.length() + 1 && h.endsWith(domain) && h.charAt(h.length() - domain.length() - 1) == '.') {
        return h.substring(0, h.length() - domain.length() - 1);
      }
    }
    return null;
  }

  private static String normalize(String name) {
    String n = name.trim().toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }
}
