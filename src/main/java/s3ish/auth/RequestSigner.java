package s3ish.auth;

import java.time.Instant;
import java.util.List;
import s3ish.bus.AuthMessages.Header;

/**
 * Signs requests with SigV4 in the {@code Authorization} header, payload {@code UNSIGNED-PAYLOAD}, signed headers
 * {@code host;x-amz-content-sha256;x-amz-date}: the form {@link AuthService} (and S3) verifies, made by the same
 * code. Used by {@code s3ish bench}; safe to share between threads.
 */
public final class RequestSigner {
  private static final List<String> SIGNED_HEADERS = List.of("host", "x-amz-content-sha256", "x-amz-date");

  private final String accessKey;
  private final String secret;
  private final String region;
  // the derived key changes once a day: four HMACs saved per request
  private final SigningKeyCache keys = new SigningKeyCache(4);

  public RequestSigner(String accessKey, String secret, String region) {
    this.accessKey = accessKey;
    this.secret = secret;
    this.region = region;
  }

  /**
   * The headers to send with a request whose {@code Host} is {@code host} (with the port, as sent): x-amz-date,
   * x-amz-content-sha256 and Authorization. {@code rawPath} and {@code rawQuery} are as they go on the wire.
   */
  public List<Header> sign(String method, String host, String rawPath, String rawQuery, Instant now) {
    String amzDate = AmzDate.format(now);
    SigV4.Scope scope = new SigV4.Scope(amzDate.substring(0, 8), region, "s3");
    List<Header> signed = List.of(new Header("host", host),
        new Header("x-amz-content-sha256", AuthService.UNSIGNED_PAYLOAD), new Header("x-amz-date", amzDate));
    String canonicalRequest = SigV4.canonicalRequest(method, rawPath, rawQuery, signed, SIGNED_HEADERS,
        AuthService.UNSIGNED_PAYLOAD, null);
    String signature = SigV4.signature(keys.get(secret, scope), SigV4.stringToSign(amzDate, scope, canonicalRequest));
    String authorization = SigV4.ALGORITHM + " Credential=" + accessKey + "/" + scope
        + ", SignedHeaders=" + String.join(";", SIGNED_HEADERS) + ", Signature=" + signature;
    return List.of(signed.get(1), signed.get(2), new Header("Authorization", authorization));
  }
}
