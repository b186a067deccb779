package s3ish.auth;

import s3ish.observability.S3ishMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Authenticates a request from what its signature covers: the seed's {@code x-access-key}/{@code x-secret-key}
 * headers, an AWS SigV4 {@code Authorization} header, a SigV4 presigned URL ({@link PresignedV4}), or SigV2 in
 * the header or the query ({@link SigV2Auth}). No event bus; thread-safe.
 *
 * <p>Failures are {@link S3Exception}s with the code S3 would answer. Any region and service named in the
 * credential scope are accepted, so clients configured for another region still work.
 */
public final class AuthService {
  static final String ACCESS_KEY_HEADER = "x-access-key";
  static final String SECRET_KEY_HEADER = "x-secret-key";
  static final String UNSIGNED_PAYLOAD = "UNSIGNED-PAYLOAD";
  static final String STREAMING_PREFIX = "STREAMING-";
  /** Every chunk signed, no trailers. */
  static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";
  /** Every chunk signed, then trailers (checksums) signed as a block. */
  static final String STREAMING_SIGNED_TRAILER = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER";
  /** Unsigned chunks, then trailers: the body's integrity rests on the trailing checksum. */
  static final String STREAMING_UNSIGNED_TRAILER = "STREAMING-UNSIGNED-PAYLOAD-TRAILER";
  private static final int KEY_CACHE_SIZE = 1024;

  private final Credentials credentials;
  private final Duration maxSkew;
  private final Clock clock;
  private final SigningKeyCache keys = new SigningKeyCache(KEY_CACHE_SIZE);
  private final PresignedV4 presignedV4;
  private final SigV2Auth sigV2;

  public AuthService(Credentials credentials, Duration maxSkew, Clock clock) {
    this(credentials, maxSkew, clock, true);
  }

  /** {@code sigV2Enabled}: false answers SigV2 requests AccessDenied (setting {@code sigv2_enabled}). */
  public AuthService(Credentials credentials, Duration maxSkew, Clock clock, boolean sigV2Enabled) {
    this.credentials = credentials;
    this.maxSkew = maxSkew;
    this.clock = clock;
    this.presignedV4 = new PresignedV4(keys, clock, maxSkew);
    this.sigV2 = new SigV2Auth(clock, maxSkew, sigV2Enabled);
  }

  /** The caller's identity, or an S3Exception saying why the request is not authentic. */
  public Identity verify(Verify request) {
    // Seam for virtual-hosted style: SigV2 signs "/bucket" + path, so the bucket named by Host must reach here.
    return verify(request, null);
  }

  /** How a request claims to authenticate; {@link #label()} names it in metrics. */
  public enum Mechanism {
    SIGV4("sigv4"), PRESIGNED_V4("presigned-v4"), SIGV2("sigv2"), PRESIGNED_V2("presigned-v2"),
    HEADER_KEYS("header-keys"), SEVERAL("several"), NONE("none");

    private final String label;

    Mechanism(String label) {
      this.label = label;
    }

    public String label() {
      return label;
    }
  }

  /** The mechanism a request uses, from its headers and query alone (nothing is verified). */
  public static Mechanism mechanism(Verify request) {
    List<Header> headers = request.headers() == null ? List.of() : request.headers();
    String authorization = header(headers, "Authorization");
    boolean presigned = PresignedV4.isPresigned(request.rawQuery());
    boolean presignedV2 = AuthQuery.has(request.rawQuery(), SigV2Auth.ACCESS_KEY_PARAM)
        || AuthQuery.has(request.rawQuery(), SigV2Auth.SIGNATURE_PARAM);
    boolean headerKeys = header(headers, ACCESS_KEY_HEADER) != null || header(headers, SECRET_KEY_HEADER) != null;
    int mechanisms = (authorization != null ? 1 : 0) + (presigned ? 1 : 0) + (presignedV2 ? 1 : 0)
        + (headerKeys ? 1 : 0);
    if (mechanisms > 1) {
      return Mechanism.SEVERAL;
    }
    if (authorization != null) {
      return SigV2Auth.isSigV2Header(authorization.strip()) ? Mechanism.SIGV2 : Mechanism.SIGV4;
    }
    return presigned ? Mechanism.PRESIGNED_V4 : presignedV2 ? Mechanism.PRESIGNED_V2
        : headerKeys ? Mechanism.HEADER_KEYS : Mechanism.NONE;
  }

  public int credentialCount() {
    return credentials.size();
  }

  /**
   * As {@link #verify(Verify)}; {@code bucketFromHost} is the bucket a virtual-hosted Host header names (null
   * for path style), which only SigV2's canonical resource needs.
   */
  public Identity verify(Verify request, String bucketFromHost) {
    List<Header> headers = request.headers() == null ? List.of() : request.headers();
    String authorization = header(headers, "Authorization");
    return switch (mechanism(request)) {
      case SEVERAL -> throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Only one auth mechanism allowed.");
      case SIGV2 -> sigV2.verifyHeader(request, headers, authorization.strip(), bucketFromHost, this::secretOf);
      case SIGV4 -> verifySigV4Header(request, headers, authorization);
      case PRESIGNED_V4 -> presignedV4.verify(request, headers, this::secretOf);
      case PRESIGNED_V2 -> sigV2.verifyQuery(request, headers, bucketFromHost, this::secretOf);
      case HEADER_KEYS -> verifyHeaderKeys(headers);
      case NONE -> throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "Access Denied: the request carries no credentials.");
    };
  }

  // ---- the seed's header keys

  private Identity verifyHeaderKeys(List<Header> headers) {
    String access = header(headers, ACCESS_KEY_HEADER);
    String given = header(headers, SECRET_KEY_HEADER);
    if (access == null || given == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "Header authentication needs both " + ACCESS_KEY_HEADER + " and " + SECRET_KEY_HEADER + ".");
    }
    access = access.strip();
    String secret = secretOf(access);
    // Digests first, so the comparison takes the same time whatever the lengths.
    if (!MessageDigest.isEqual(sha256(secret), sha256(given.strip()))) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
          "The secret key given in " + SECRET_KEY_HEADER + " does not match the access key.");
    }
    return new Identity(access, Method.HEADER_KEYS, null, null);
  }

  // ---- SigV4 in the Authorization header

  private Identity verifySigV4Header(Verify request, List<Header> headers, String authorization) {
    if (!AuthorizationHeader.isSigV4(authorization.strip())) {
      throw unsupportedAuthorization(authorization.strip());
    }
    AuthorizationHeader auth = AuthorizationHeader.parse(authorization.strip());
    String secret = secretOf(auth.accessKey());
    Instant time = requestTime(headers);
    checkSkew(time);
    String amzDate = AmzDate.format(time);
    // within the allowed skew of now, so a four-digit year
    if (!auth.scope().date().equals(AmzDate.day(amzDate))) {
      throw AuthorizationHeader.malformed("the credential date " + auth.scope().date()
          + " is not the day of the request time " + amzDate + ".");
    }
    String payloadHash = payloadHash(headers);

    String canonicalRequest = SigV4.canonicalRequest(request.method(), request.rawPath(), request.rawQuery(),
        headers, auth.signedHeaders(), payloadHash, null);
    String stringToSign = SigV4.stringToSign(amzDate, auth.scope(), canonicalRequest);
    byte[] signingKey = keys.get(secret, auth.scope());
    String expected = SigV4.signature(signingKey, stringToSign);
    if (!SigV4.constantTimeEquals(expected, auth.signature())) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, null, Map.of(
          "AWSAccessKeyId", auth.accessKey(),
          "StringToSign", stringToSign,
          "SignatureProvided", auth.signature(),
          "CanonicalRequest", canonicalRequest));
    }
    if (STREAMING_SIGNED.equals(payloadHash) || STREAMING_SIGNED_TRAILER.equals(payloadHash)) {
      // The body (and its trailer block) is verified chunk by chunk by the HTTP role, chained from this seed.
      ChunkSigning chunks = new ChunkSigning(HexFormat.of().formatHex(signingKey), amzDate,
          auth.scope().toString(), expected);
      return new Identity(auth.accessKey(), Method.SIGV4_HEADER, null, chunks);
    }
    if (STREAMING_UNSIGNED_TRAILER.equals(payloadHash)) {
      return new Identity(auth.accessKey(), Method.SIGV4_HEADER, null, null);
    }
    if (payloadHash.startsWith(STREAMING_PREFIX)) {
      throw new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
          "aws-chunked request bodies signed as " + payloadHash + " are not supported; send " + STREAMING_SIGNED
              + ", " + STREAMING_SIGNED_TRAILER + ", " + STREAMING_UNSIGNED_TRAILER + ", UNSIGNED-PAYLOAD or the "
              + "payload's SHA-256.");
    }
    return new Identity(auth.accessKey(), Method.SIGV4_HEADER,
        UNSIGNED_PAYLOAD.equals(payloadHash) ? null : payloadHash, null);
  }

  /** x-amz-date, else Date (RFC 1123). */
  private Instant requestTime(List<Header> headers) {
    String amzDate = header(headers, "x-amz-date");
    try {
      if (amzDate != null) {
        return AmzDate.parse(amzDate.strip());
      }
      String date = header(headers, "Date");
      if (date != null) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.parse(date.strip(), Instant::from);
      }
    } catch (DateTimeParseException e) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "AWS authentication requires a valid Date or x-amz-date header: '"
              + (amzDate != null ? amzDate : header(headers, "Date")) + "' cannot be parsed.");
    }
    throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header.");
  }

  private void checkSkew(Instant time) {
    Instant now = clock.instant();
    Duration skew = Duration.between(time, now).abs();
    S3ishMetrics.get().authClockSkew(skew);
    if (skew.compareTo(maxSkew) > 0) {
      throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, null, Map.of(
          "RequestTime", AmzDate.format(time),
          "ServerTime", AmzDate.format(now),
          "MaxAllowedSkewMilliseconds", Long.toString(maxSkew.toMillis())));
    }
  }

  private static String payloadHash(List<Header> headers) {
    String value = header(headers, "x-amz-content-sha256");
    if (value == null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "Missing required header for this request: x-amz-content-sha256.");
    }
    value = value.strip();
    if (!isSha256Hex(value) && !UNSIGNED_PAYLOAD.equals(value) && !value.startsWith(STREAMING_PREFIX)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, "
          + "STREAMING-... or the lowercase hex SHA-256 of the payload.");
    }
    return value;
  }

  private static S3Exception unsupportedAuthorization(String value) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unsupported Authorization Type.");
  }

  // ---- helpers

  private String secretOf(String accessKey) {
    return credentials.secret(accessKey).orElseThrow(() -> new S3Exception(S3ErrorCode.INVALID_ACCESS_KEY_ID,
        null, Map.of("AWSAccessKeyId", accessKey)));
  }

  /** The first header of that name, any case; null if absent. */
  static String header(List<Header> headers, String name) {
    for (Header h : headers) {
      if (h.name().equalsIgnoreCase(name)) {
        return h.value();
      }
    }
    return null;
  }

  static boolean isSha256Hex(String value) {
    if (value.length() != 64) {
      return false;
    }
    for (int i = 0; i < 64; i++) {
      char c = value.charAt(i);
      if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) {
        return false;
      }
    }
    return true;
  }

  private static byte[] sha256(String s) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }
}
