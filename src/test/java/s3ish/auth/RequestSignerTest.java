package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** What {@link RequestSigner} signs is what {@link AuthService} accepts, and nothing else. */
class RequestSignerTest {
  private static final Instant NOW = Instant.parse("2026-11-27T23:59:59Z");
  private final AuthService auth = new AuthService(Credentials.of(Map.of("ak", "sk")), Duration.ofMinutes(15),
      Clock.fixed(NOW, ZoneOffset.UTC));

  private static Verify request(String method, String path, String query, List<Header> signed) {
    List<Header> headers = new ArrayList<>(signed);
    headers.add(new Header("Host", "127.0.0.1:9000"));
    return new Verify(method, path, query, headers);
  }

  @Test
  void aSignedRequestIsAcceptedWithAnUnsignedPayload() {
    RequestSigner signer = new RequestSigner("ak", "sk", "eu-west-3");
    String query = "list-type=2&max-keys=1000&prefix=bench%2F";
    List<Header> signed = signer.sign("GET", "127.0.0.1:9000", "/bucket", query, NOW);

    assertEquals(new Identity("ak", Method.SIGV4_HEADER, null, null),
        auth.verify(request("GET", "/bucket", query, signed)));
    // the signing key is cached per day; a second request (next day's key) must not reuse a stale one
    Instant nextDay = NOW.plusSeconds(2);
    List<Header> tomorrow = signer.sign("PUT", "127.0.0.1:9000", "/bucket/k", null, nextDay);
    AuthService later = new AuthService(Credentials.of(Map.of("ak", "sk")), Duration.ofMinutes(15),
        Clock.fixed(nextDay, ZoneOffset.UTC));
    assertEquals("ak", later.verify(request("PUT", "/bucket/k", null, tomorrow)).accessKey());
  }

  @Test
  void anotherMethodPathOrSecretDoesNotMatch() {
    List<Header> signed = new RequestSigner("ak", "sk", "us-east-1").sign("PUT", "127.0.0.1:9000", "/b/k", null, NOW);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, code(request("DELETE", "/b/k", null, signed)));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, code(request("PUT", "/b/other", null, signed)));
    List<Header> wrongSecret = new RequestSigner("ak", "nope", "us-east-1").sign("PUT", "127.0.0.1:9000", "/b/k",
        null, NOW);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, code(request("PUT", "/b/k", null, wrongSecret)));
  }

  private S3ErrorCode code(Verify request) {
    try {
      auth.verify(request);
      return null;
    } catch (S3Exception e) {
      return e.code();
    }
  }
}
