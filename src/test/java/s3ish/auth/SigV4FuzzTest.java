package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4FamilyHttpSigner;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/**
 * SigV4 header and query parsing and canonicalisation. Hostile requests may only ever be refused with an
 * S3Exception; requests the AWS SDK signs (header or presigned) must verify whatever their key, query and header
 * values, and must stop verifying once their method or target changes.
 */
class SigV4FuzzTest {
  private static final String AK = "AKIDFUZZ";
  private static final String SK = "fuzz/secret+key";
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final AuthService SERVICE = new AuthService(Credentials.of(Map.of(AK, SK)), Duration.ofSeconds(900),
      CLOCK);
  private static final String[] METHODS = {"GET", "PUT", "HEAD", "DELETE", "POST"};
  private static final String[] HEADER_NAMES = {"Authorization", "x-amz-date", "x-amz-content-sha256", "Host",
      "Date", "x-amz-meta-a", "Content-MD5", "x-access-key", "x-secret-key", "x-amz-security-token"};
  private static final String[] QUERY_HINTS = {"X-Amz-Algorithm=AWS4-HMAC-SHA256", "X-Amz-Credential=" + AK
      + "%2F20261127%2Fus-east-1%2Fs3%2Faws4_request", "X-Amz-Date=20261127T101530Z", "X-Amz-Expires=300",
      "X-Amz-SignedHeaders=host", "X-Amz-Signature=00", "AWSAccessKeyId=" + AK, "Signature=x", "Expires=1",
      "uploads", "partNumber=1", "a=%zz", "=", "&"};
  private static final String AUTH_PREFIX = "AWS4-HMAC-SHA256 Credential=" + AK + "/20261127/us-east-1/s3/aws4_request";

  @FuzzTest
  void hostileRequestsGetAnS3Error(FuzzedDataProvider in) {
    String method = in.pickValue(METHODS);
    String rawPath = "/" + in.consumeString(64);
    StringBuilder query = new StringBuilder();
    for (int n = in.consumeInt(0, 4); n > 0; n--) {
      query.append(query.length() == 0 ? "" : "&")
          .append(in.consumeBoolean() ? in.pickValue(QUERY_HINTS) : in.consumeString(32));
    }
    List<Header> headers = new ArrayList<>();
    for (int n = in.consumeInt(0, 6); n > 0; n--) {
      String name = in.consumeBoolean() ? in.pickValue(HEADER_NAMES) : in.consumeString(16);
      String value = name.equals("Authorization") && in.consumeBoolean()
          ? AUTH_PREFIX + in.consumeString(128)
          : in.consumeString(128);
      headers.add(new Header(name, value));
    }
    Verify request = new Verify(method, rawPath, query.length() == 0 && in.consumeBoolean() ? null : query.toString(),
        headers, in.consumeBoolean() ? null : "bucket");
    try {
      SERVICE.verify(request, request.virtualHostBucket());
    } catch (S3Exception refused) {
      // the documented outcome; anything else escaping is a finding
    }
  }

  @FuzzTest
  void sdkSignedRequestsVerifyAndOnlyForThemselves(FuzzedDataProvider in) {
    SdkHttpMethod method = in.pickValue(new SdkHttpMethod[] {SdkHttpMethod.GET, SdkHttpMethod.PUT,
        SdkHttpMethod.HEAD, SdkHttpMethod.DELETE});
    String key = in.consumeString(200);
    if (key.isEmpty()) {
      key = "k";
    }
    SdkHttpRequest.Builder builder = SdkSigning.request(method, "bucket", key);
    for (int n = in.consumeInt(0, 3); n > 0; n--) {
      String name = in.consumeString(12);
      // The names of query authentication mean a second mechanism, which S3 refuses: not what this checks.
      if (!name.equals(SigV2Auth.SIGNATURE_PARAM) && !name.equals(SigV2Auth.ACCESS_KEY_PARAM)
          && !name.regionMatches(true, 0, "X-Amz-", 0, 6)) {
        builder.appendRawQueryParameter(name, in.consumeBoolean() ? null : in.consumeString(24));
      }
    }
    if (in.consumeBoolean()) {
      builder.putHeader("x-amz-meta-fuzz", printableAscii(in.consumeString(64)));
    }
    boolean presigned = in.consumeBoolean();
    Verify signed = SdkSigning.sign(builder.build(), presigned ? null : "body", AK, SK, "us-east-1", CLOCK,
        r -> {
          if (presigned) {
            r.putProperty(AwsV4FamilyHttpSigner.AUTH_LOCATION, AwsV4FamilyHttpSigner.AuthLocation.QUERY_STRING)
                .putProperty(AwsV4FamilyHttpSigner.EXPIRATION_DURATION, Duration.ofMinutes(5))
                .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false);
          }
        });
    try {
      SERVICE.verify(signed);
    } catch (S3Exception e) {
      throw new AssertionError("an SDK-signed request was refused: " + signed, e);
    }

    String otherMethod = signed.method().equals("GET") ? "PUT" : "GET";
    assertRefused(new Verify(otherMethod, signed.rawPath(), signed.rawQuery(), signed.headers()));
    assertRefused(new Verify(signed.method(), signed.rawPath().replaceFirst("^/bucket", "/bucketz"),
        signed.rawQuery(), signed.headers()));
    assertRefused(new Verify(signed.method(), signed.rawPath() + "x", signed.rawQuery(), signed.headers()));
  }

  private static void assertRefused(Verify tampered) {
    S3Exception e = assertThrows(S3Exception.class, () -> SERVICE.verify(tampered));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.code(), e.getMessage());
  }

  /** What HTTP can carry in a header value: visible ASCII and spaces. */
  private static String printableAscii(String s) {
    StringBuilder out = new StringBuilder();
    s.chars().filter(c -> c >= 0x20 && c < 0x7f).forEach(c -> out.append((char) c));
    return out.toString();
  }
}
