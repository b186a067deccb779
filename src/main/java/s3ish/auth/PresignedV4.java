package s3ish.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Verifies SigV4 query authentication (a presigned URL): the X-Amz-* parameters stand in for the Authorization
 * header, the canonical query is every parameter but X-Amz-Signature, and the payload is {@code UNSIGNED-PAYLOAD}
 * unless the URL carries {@code X-Amz-Content-Sha256}. Valid from X-Amz-Date (less the clock-skew limit) for
 * X-Amz-Expires seconds, at most a week. Thread-safe.
 */
final class PresignedV4 {
  static final String ALGORITHM = "X-Amz-Algorithm";
  static final String CREDENTIAL = "X-Amz-Credential";
  static final String DATE = "X-Amz-Date";
  static final String EXPIRES = "X-Amz-Expires";
  static final String SIGNED_HEADERS = "X-Amz-SignedHeaders";
  static final String SIGNATURE = "X-Amz-Signature";
  static final String CONTENT_SHA256 = "X-Amz-Content-Sha256";
  static final long MAX_EXPIRES_SECS = 604_800;

  /** Everything before the last four '/'-separated parts is the access key. */
  private static final Pattern CREDENTIAL_FORM = Pattern.compile("(.+)/([0-9]{8})/([^/]+)/([^/]+)/aws4_request");

  private final SigningKeyCache keys;
  private final Clock clock;
  private final Duration maxSkew;

  PresignedV4(SigningKeyCache keys, Clock clock, Duration maxSkew) {
    this.keys = keys;
    this.clock = clock;
    this.maxSkew = maxSkew;
  }

  static boolean isPresigned(String rawQuery) {
    return AuthQuery.has(rawQuery, SIGNATURE) || AuthQuery.has(rawQuery, ALGORITHM);
  }

  Identity verify(Verify request, List<Header> headers, Function<String, String> secretOf) {
    String query = request.rawQuery();
    String algorithm = AuthQuery.param(query, ALGORITHM);
    String credential = AuthQuery.param(query, CREDENTIAL);
    String date = AuthQuery.param(query, DATE);
    String expires = AuthQuery.param(query, EXPIRES);
    String signedHeaderList = AuthQuery.param(query, SIGNED_HEADERS);
    String signature = AuthQuery.param(query, SIGNATURE);
    if (algorithm == null || credential == null || date == null || expires == null || signedHeaderList == null
        || signature == null) {
      throw queryError("Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
          + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
    }
    if (!SigV4.ALGORITHM.equals(algorithm)) {
      throw queryError("X-Amz-Algorithm only supports \"" + SigV4.ALGORITHM + "\"");
    }
    Matcher parts = CREDENTIAL_FORM.matcher(credential);
    if (!parts.matches()) {
      throw queryError("Error parsing the X-Amz-Credential parameter; the Credential is mal-formed; "
          + "expecting \"<YOUR-AKID>/YYYYMMDD/REGION/SERVICE/aws4_request\".");
    }
    String accessKey = parts.group(1);
    SigV4.Scope scope = new SigV4.Scope(parts.group(2), parts.group(3), parts.group(4));
    Instant time = parseDate(date);
    long lifetime = parseExpires(expires);
    if (!scope.date().equals(date.substring(0, 8))) {
      throw queryError("Invalid credential date. Date is not the same as X-Amz-Date.");
    }
    List<String> signedHeaders = signedHeaders(signedHeaderList);
    String secret = secretOf.apply(accessKey);
    checkValidity(time, lifetime, expires);
    String payloadHash = payloadHash(query);

    String canonicalRequest = SigV4.canonicalRequest(request.method(), request.rawPath(), query, headers,
        signedHeaders, payloadHash, SIGNATURE);
    String stringToSign = SigV4.stringToSign(date, scope, canonicalRequest);
    String expected = SigV4.signature(keys.get(secret, scope), stringToSign);
    if (!SigV4.constantTimeEquals(expected, signature)) {
      throw new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, null, Map.of(
          "AWSAccessKeyId", accessKey,
          "StringToSign", stringToSign,
          "SignatureProvided", signature,
          "CanonicalRequest", canonicalRequest));
    }
    return new Identity(accessKey, Method.PRESIGNED_V4,
        AuthService.UNSIGNED_PAYLOAD.equals(payloadHash) ? null : payloadHash, null);
  }

  private static Instant parseDate(String date) {
    try {
      return AmzDate.parse(date);
    } catch (DateTimeParseException e) {
      throw queryError("X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"");
    }
  }

  private static long parseExpires(String expires) {
    long seconds;
    try {
      seconds = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      // Too many digits for a long is still "more than a week".
      throw queryError(expires.matches("[0-9]+") ? tooLong() : "X-Amz-Expires should be a number");
    }
    if (seconds < 0) {
      throw queryError("X-Amz-Expires must be non-negative");
    }
    if (seconds == 0) {
      throw queryError("X-Amz-Expires must be at least 1 second");
    }
    if (seconds > MAX_EXPIRES_SECS) {
      throw queryError(tooLong());
    }
    return seconds;
  }

  private static String tooLong() {
    return "X-Amz-Expires must be less than a week (in seconds) that is " + MAX_EXPIRES_SECS;
  }

  private static List<String> signedHeaders(String list) {
    List<String> names = new ArrayList<>();
    for (String name : list.split(";", -1)) {
      if (name.isBlank()) {
        throw queryError("X-Amz-SignedHeaders has an empty name.");
      }
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    names.sort(null);
    if (!names.contains("host")) {
      throw queryError("X-Amz-SignedHeaders must include host.");
    }
    return List.copyOf(names);
  }

  private void checkValidity(Instant time, long lifetime, String expires) {
    Instant now = clock.instant();
    if (time.minus(maxSkew).isAfter(now)) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request is not valid yet");
    }
    Instant end = time.plusSeconds(lifetime);
    if (now.isAfter(end)) {
      // The details S3 sends with an expired presigned URL.
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request has expired", Map.of(
          "X-Amz-Expires", expires,
          "Expires", DateTimeFormatter.ISO_INSTANT.format(end),
          "ServerTime", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
    }
  }

  /** X-Amz-Content-Sha256 from the query when the signer put it there, else UNSIGNED-PAYLOAD (as AWS does). */
  private static String payloadHash(String query) {
    String value = AuthQuery.param(query, CONTENT_SHA256);
    if (value == null) {
      return AuthService.UNSIGNED_PAYLOAD;
    }
    if (!AuthService.UNSIGNED_PAYLOAD.equals(value) && !AuthService.isSha256Hex(value)) {
      throw queryError("X-Amz-Content-Sha256 must be UNSIGNED-PAYLOAD or the lowercase hex SHA-256 of the payload.");
    }
    return value;
  }

  private static S3Exception queryError(String message) {
    return new S3Exception(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, message);
  }
}
