package s3ish.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import s3ish.bus.AuthMessages.Header;

/**
 * The AWS Signature Version 2 computation as S3 specifies it (HMAC-SHA1, base64): string to sign, canonicalized
 * x-amz headers and canonicalized resource. Pure functions; no S3 error handling (see {@link SigV2Auth}).
 */
final class SigV2 {
  /**
   * The query parameters that are part of the signed resource: the sub-resources S3 lists, the response-*
   * overrides, and the few later ones that botocore's V2 signer also includes (so its requests verify).
   */
  static final Set<String> SUB_RESOURCES = Set.of(
      "acl", "cors", "delete", "lifecycle", "location", "logging", "notification", "partNumber", "policy",
      "requestPayment", "tagging", "torrent", "uploadId", "uploads", "versionId", "versioning", "versions",
      "website", "response-cache-control", "response-content-disposition", "response-content-encoding",
      "response-content-language", "response-content-type", "response-expires",
      "accelerate", "analytics", "inventory", "metrics", "object-lock", "replication", "restore", "select",
      "select-type");

  private SigV2() {}

  /**
   * {@code Method\nContent-MD5\nContent-Type\nDate\n} then the canonicalized x-amz headers and resource.
   * {@code dateLine} is the Date header, empty when x-amz-date is sent, or the Expires value of a query URL.
   */
  static String stringToSign(String method, List<Header> headers, String dateLine, String canonicalResource) {
    return method + '\n'
        + valueOrEmpty(headers, "Content-MD5") + '\n'
        + valueOrEmpty(headers, "Content-Type") + '\n'
        + dateLine + '\n'
        + canonicalAmzHeaders(headers)
        + canonicalResource;
  }

  /** x-amz-* headers, names lowercased and sorted, values trimmed, repeats joined by ','; one "name:value\n" each. */
  static String canonicalAmzHeaders(List<Header> headers) {
    Map<String, List<String>> amz = new TreeMap<>();
    for (Header h : headers) {
      String name = h.name().strip().toLowerCase(Locale.ROOT);
      if (name.startsWith("x-amz-")) {
        amz.computeIfAbsent(name, n -> new ArrayList<>()).add(unfold(h.value()));
      }
    }
    StringBuilder out = new StringBuilder();
    amz.forEach((name, values) -> out.append(name).append(':').append(String.join(",", values)).append('\n'));
    return out.toString();
  }

  /**
   * {@code /bucket/key} as in the raw (still encoded) path, then the signed sub-resources sorted by name with
   * their decoded values. {@code bucketFromHost}: the bucket named by a virtual-hosted Host header, which S3
   * puts in front of the path; null for path-style requests, where the path already starts with the bucket.
   */
  static String canonicalResource(String bucketFromHost, String rawPath, String rawQuery) {
    StringBuilder out = new StringBuilder();
    if (bucketFromHost != null) {
      out.append('/').append(bucketFromHost);
    }
    out.append(rawPath == null || rawPath.isEmpty() ? "/" : rawPath);
    List<String[]> signed = new ArrayList<>();
    if (rawQuery != null && !rawQuery.isEmpty()) {
      for (String pair : rawQuery.split("&")) {
        int eq = pair.indexOf('=');
        String name = utf8(SigV4.decode(eq < 0 ? pair : pair.substring(0, eq)));
        if (SUB_RESOURCES.contains(name)) {
          signed.add(new String[] {name, eq < 0 ? null : utf8(SigV4.decode(pair.substring(eq + 1)))});
        }
      }
    }
    // Stable sort by name only, as clients do: repeated names keep their order.
    signed.sort((a, b) -> a[0].compareTo(b[0]));
    for (int i = 0; i < signed.size(); i++) {
      out.append(i == 0 ? '?' : '&').append(signed.get(i)[0]);
      if (signed.get(i)[1] != null) {
        out.append('=').append(signed.get(i)[1]);
      }
    }
    return out.toString();
  }

  /** Base64 of HMAC-SHA1(secret, stringToSign). */
  static String sign(String secret, String stringToSign) {
    try {
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
      return Base64.getEncoder().encodeToString(mac.doFinal(stringToSign.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA1 unavailable", e);
    }
  }

  private static String valueOrEmpty(List<Header> headers, String name) {
    String value = AuthService.header(headers, name);
    return value == null ? "" : value.strip();
  }

  /** Trims, and replaces folding (a line break and its indentation) by one space. */
  private static String unfold(String value) {
    return value.strip().replaceAll("\\s*\\R\\s*", " ");
  }

  private static String utf8(byte[] bytes) {
    return new String(bytes, StandardCharsets.UTF_8);
  }
}
