package s3ish.bus;

import java.util.List;

/** Request and reply bodies of the auth role. */
public final class AuthMessages {
  private AuthMessages() {}

  public record Header(String name, String value) {}

  /**
   * Everything a signature covers, exactly as received: {@code rawPath} still percent-encoded,
   * {@code rawQuery} without the '?', nullable. {@code headers} in arrival order, names as received.
   */
  public record Verify(String method, String rawPath, String rawQuery, List<Header> headers) {}

  /** How a request authenticated. */
  public enum Method { HEADER_KEYS, SIGV4_HEADER, ANONYMOUS }

  /**
   * A verified caller. {@code payloadSha256}: lowercase hex the body must hash to (from a signed
   * x-amz-content-sha256), or null when the payload is unsigned.
   */
  public record Identity(String accessKey, Method method, String payloadSha256) {}
}
