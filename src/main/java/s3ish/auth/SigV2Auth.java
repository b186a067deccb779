package s3ish.auth;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Verifies AWS Signature Version 2, as older tools still send it: {@code Authorization: AWS access:signature}
 * (request time within the clock-skew limit) or a query URL with {@code AWSAccessKeyId}, {@code Expires} (epoch
 * seconds) and {@code Signature}. Signatures are compared in constant time. Thread-safe.
 */
final class SigV2Auth {
  static final String HEADER_PREFIX = "AWS ";
  static final String ACCESS_KEY_PARAM = "AWSAccessKeyId";
  static final String EXPIRES_PARAM = "Expires";
  static final String SIGNATURE_PARAM = "Signature";

  private final Clock clock;
  private final Duration maxSkew;
  private final boolean enabled;

  SigV2Auth(Clock clock, Duration maxSkew, boolean enabled) {
    this.clock = clock;
    this.maxSkew = maxSkew;
    this.enabled = enabled;
  }

  static boolean isSigV2Header(String authorization) {
    return authorization.startsWith(HEADER_PREFIX);
  }

  /** {@code Authorization: AWS access:signature}. */
  Identity verifyHeader(Verify request, List<Header> headers, String authorization, String bucketFromHost,
      Function<String, String> secretOf) {
    checkEnabled();
    String credential = authorization.substring(HEADER_PREFIX.length()).strip();
    int colon = credential.lastIndexOf(':');
    if (colon <= 0 || colon == credential.length() - 1) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
          "AWS authorization header is invalid.  Expected AwsAccessKeyId:signature");
    }
    String accessKey = credential.substring(0, colon);
    String given = credential.substring(colon + 1);
    String secret = secretOf.apply(accessKey);
    checkSkew(requestTime(headers));

    String resource = SigV2.canonicalResource(bucketFromHost, request.rawPath(), request.rawQuery());
    String amzDate = AuthService.header(headers, "x-amz-date");
    String date = AuthService.header(headers, "Date");
    // With x-amz-date the Date line is empty (s3cmd), but some signers still put the Date header there (botocore).
    String stringToSign = SigV2.stringToSign(request.method(), headers, amzDate != null || date == null ? "" : date.strip(),
        resource);
    if (!SigV4.constantTimeEquals(SigV2.sign(secret, stringToSign), given)) {
      String alternative = amzDate != null && date != null
          ? SigV2.stringToSign(request.method(), headers, date.strip(), resource) : null;
      if (alternative == null || !SigV4.constantTimeEquals(SigV2.sign(secret, alternative), given)) {
        throw mismatch(accessKey, stringToSign, given);
      }
    }
    return new Identity(accessKey, Method.SIGV2_HEADER, null, null);
  }

  /** {@code ?AWSAccessKeyId=...&Expires=...&Signature=...}: the Expires value stands in the Date line. */
  Identity verifyQuery(Verify request, List<Header> headers, String bucketFromHost, Function<String, String> secretOf) {
    checkEnabled();
    String accessKey = AuthQuery.param(request.rawQuery(), ACCESS_KEY_PARAM);
    String expires = AuthQuery.param(request.rawQuery(), EXPIRES_PARAM);
    String given = AuthQuery.param(request.rawQuery(), SIGNATURE_PARAM);
    if (accessKey == null || expires == null || given == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
          "Query-string authentication requires the Signature, Expires and AWSAccessKeyId parameters");
    }
    long expiresAt;
    try {
      expiresAt = Long.parseLong(expires);
    } catch (NumberFormatException e) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Invalid date (should be seconds since epoch): " + expires);
    }
    String secret = secretOf.apply(accessKey);
    Instant now = clock.instant();
    if (now.getEpochSecond() > expiresAt) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Request has expired", Map.of(
          "Expires", DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(expiresAt)),
          "ServerTime", DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(java.time.temporal.ChronoUnit.SECONDS))));
    }
    String stringToSign = SigV2.stringToSign(request.method(), headers, expires,
        SigV2.canonicalResource(bucketFromHost, request.rawPath(), request.rawQuery()));
    if (!SigV4.constantTimeEquals(SigV2.sign(secret, stringToSign), given)) {
      throw mismatch(accessKey, stringToSign, given);
    }
    return new Identity(accessKey, Method.PRESIGNED_V2, null, null);
  }

  private void checkEnabled() {
    if (!enabled) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "Signature Version 2 is disabled on this server "
          + "(sigv2_enabled = false); sign requests with AWS4-HMAC-SHA256.");
    }
  }

  /** x-amz-date, else Date: RFC 1123 as V2 clients send it (the SigV4 basic form is accepted too). */
  private static Instant requestTime(List<Header> headers) {
    String amzDate = AuthService.header(headers, "x-amz-date");
    String value = amzDate != null ? amzDate : AuthService.header(headers, "Date");
    if (value == null) {
      throw new S3Exception(S3ErrorCode.ACCESS_DENIED, "AWS authentication requires a valid Date or x-amz-date header");
    }
    try {
      return DateTimeFormatter.RFC_1123_DATE_TIME.parse(value.strip(), Instant::from);
    } catch (DateTimeParseException e) {
      try {
        return AmzDate.parse(value.strip());
      } catch (DateTimeParseException again) {
        throw new S3Exception(S3ErrorCode.ACCESS_DENIED,
            "AWS authentication requires a valid Date or x-amz-date header: '" + value + "' cannot be parsed.");
      }
    }
  }

  private void checkSkew(Instant time) {
    Instant now = clock.instant();
    if (Duration.between(time, now).abs().compareTo(maxSkew) > 0) {
      throw new S3Exception(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, null, Map.of(
          "RequestTime", DateTimeFormatter.RFC_1123_DATE_TIME.format(time.atOffset(java.time.ZoneOffset.UTC)),
          "ServerTime", DateTimeFormatter.ISO_INSTANT.format(now),
          "MaxAllowedSkewMilliseconds", Long.toString(maxSkew.toMillis())));
    }
  }

  private static S3Exception mismatch(String accessKey, String stringToSign, String given) {
    return new S3Exception(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, null, Map.of(
        "AWSAccessKeyId", accessKey,
        "StringToSign", stringToSign,
        "SignatureProvided", given,
        "StringToSignBytes", spacedHex(stringToSign.getBytes(StandardCharsets.UTF_8))));
  }

  private static String spacedHex(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 3);
    for (byte b : bytes) {
      if (out.length() > 0) {
        out.append(' ');
      }
      out.append(String.format("%02x", b & 0xff));
    }
    return out.toString();
  }
}
