package s3ish.auth;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import s3ish.bus.AuthMessages.Header;

/**
 * Creates SigV4 presigned URLs (path style, {@code UNSIGNED-PAYLOAD}, only {@code host} signed), the form
 * {@link AuthService} verifies; used by {@code s3ish presign}. Pure function over the same SigV4 code that
 * verifies requests.
 */
public final class Presigner {
  private Presigner() {}

  /**
   * A URL that lets anyone send {@code method} to {@code endpoint/bucket/key} until {@code now + expires}.
   * {@code key} is the object key as given (not encoded); {@code endpoint} is {@code scheme://host[:port]},
   * and its authority is what the client must send as Host (curl does). {@code expires}: 1 s to 7 days.
   */
  public static URI presignV4(String method, URI endpoint, String bucket, String key, String region,
      String accessKey, String secret, Instant now, Duration expires) {
    long seconds = expires.getSeconds();
    if (seconds < 1 || seconds > PresignedV4.MAX_EXPIRES_SECS) {
      throw new IllegalArgumentException("expires must be between 1 and " + PresignedV4.MAX_EXPIRES_SECS
          + " seconds, got " + seconds);
    }
    String amzDate = AmzDate.format(now);
    SigV4.Scope scope = new SigV4.Scope(amzDate.substring(0, 8), region, "s3");
    String path = "/" + bucket + (key == null || key.isEmpty() ? "" : "/" + encodePath(key));
    String query = PresignedV4.ALGORITHM + "=" + SigV4.ALGORITHM
        + "&" + PresignedV4.CREDENTIAL + "=" + encode(accessKey + "/" + scope)
        + "&" + PresignedV4.DATE + "=" + amzDate
        + "&" + PresignedV4.EXPIRES + "=" + seconds
        + "&" + PresignedV4.SIGNED_HEADERS + "=host";
    String host = endpoint.getHost() + (endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "");
    String canonicalRequest = SigV4.canonicalRequest(method, path, query, List.of(new Header("host", host)),
        List.of("host"), AuthService.UNSIGNED_PAYLOAD, null);
    String signature = SigV4.sign(secret, scope, amzDate, canonicalRequest);
    return URI.create(endpoint.getScheme() + "://" + host + path + "?" + query + "&" + PresignedV4.SIGNATURE + "="
        + signature);
  }

  /** Each '/'-separated part encoded as SigV4 does, so the path sent is its own canonical form. */
  private static String encodePath(String key) {
    String[] segments = key.split("/", -1);
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(encode(segments[i]));
    }
    return out.toString();
  }

  private static String encode(String text) {
    return SigV4.encode(text.getBytes(StandardCharsets.UTF_8));
  }
}
