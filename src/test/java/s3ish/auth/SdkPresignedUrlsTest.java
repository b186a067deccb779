package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.presigner.PresignedRequest;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** URLs from the AWS SDK v2 S3Presigner verify, for each method, with the clock at their signing time. */
class SdkPresignedUrlsTest {
  private static final String AK = SdkSignedRequestsTest.AK;
  private static final String SK = SdkSignedRequestsTest.SK;
  private static final Duration LIFETIME = Duration.ofMinutes(10);

  private final S3Presigner presigner = S3Presigner.builder()
      .endpointOverride(URI.create("http://127.0.0.1:9000"))
      .region(Region.EU_CENTRAL_1)
      .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
      .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(AK, SK)))
      .build();

  @AfterEach
  void close() {
    presigner.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"GET", "HEAD", "PUT", "DELETE"})
  void eachMethodVerifies(String method) {
    PresignedRequest url = presign(method, "dir/a key+ü.txt");

    assertEquals(new Identity(AK, Method.PRESIGNED_V4, null, null), serviceAtSigningTime(url).verify(toVerify(url)));
  }

  @Test
  void aPutWithASignedContentTypeNeedsThatContentType() {
    PresignedRequest url = presigner.presignPutObject(r -> r.signatureDuration(LIFETIME)
        .putObjectRequest(p -> p.bucket("bucket").key("k").contentType("text/plain")));
    Verify v = toVerify(url);

    assertEquals(AK, serviceAtSigningTime(url).verify(v).accessKey());
    List<Header> otherType = v.headers().stream()
        .map(h -> h.name().equalsIgnoreCase("content-type") ? new Header(h.name(), "text/html") : h).toList();
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class,
        () -> serviceAtSigningTime(url).verify(new Verify(v.method(), v.rawPath(), v.rawQuery(), otherType))).code());
  }

  @Test
  void aGetUrlUsedForAnotherMethodDoesNotMatch() {
    PresignedRequest url = presign("GET", "k");
    Verify v = toVerify(url);

    S3Exception e = assertThrows(S3Exception.class,
        () -> serviceAtSigningTime(url).verify(new Verify("DELETE", v.rawPath(), v.rawQuery(), v.headers())));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, e.code());
  }

  private PresignedRequest presign(String method, String key) {
    return switch (method) {
      case "GET" -> presigner.presignGetObject(r -> r.signatureDuration(LIFETIME)
          .getObjectRequest(g -> g.bucket("bucket").key(key)));
      case "HEAD" -> presigner.presignHeadObject(r -> r.signatureDuration(LIFETIME)
          .headObjectRequest(g -> g.bucket("bucket").key(key)));
      case "PUT" -> presigner.presignPutObject(r -> r.signatureDuration(LIFETIME)
          .putObjectRequest(g -> g.bucket("bucket").key(key)));
      case "DELETE" -> presigner.presignDeleteObject(r -> r.signatureDuration(LIFETIME)
          .deleteObjectRequest(g -> g.bucket("bucket").key(key)));
      default -> throw new IllegalArgumentException(method);
    };
  }

  /** A service whose clock is the URL's X-Amz-Date, so the test does not depend on how long signing took. */
  private static AuthService serviceAtSigningTime(PresignedRequest url) {
    String date = AuthQuery.param(url.url().getQuery(), PresignedV4.DATE);
    Instant signed = AmzDate.parse(date);
    return new AuthService(Credentials.of(Map.of(AK, SK)), Duration.ofMinutes(15),
        Clock.fixed(signed.plusSeconds(5), ZoneOffset.UTC));
  }

  /** What a client sends: the URL as is, and the headers the presigner signed (host among them). */
  private static Verify toVerify(PresignedRequest url) {
    URI uri = URI.create(url.url().toString());
    List<Header> headers = new ArrayList<>();
    url.signedHeaders().forEach((name, values) -> values.forEach(v -> headers.add(new Header(name, v))));
    return new Verify(url.httpRequest().method().name(), uri.getRawPath(), uri.getRawQuery(), headers);
  }
}
