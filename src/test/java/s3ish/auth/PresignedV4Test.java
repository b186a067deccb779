package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** SigV4 query authentication, checked against the AWS documentation's example and our own Presigner. */
class PresignedV4Test {
  // The S3 documentation's query-signing example (GET /test.txt on examplebucket, valid for a day).
  private static final String DOC_AK = "AKIAIOSFODNN7EXAMPLE";
  private static final String DOC_SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant DOC_DATE = Instant.parse("2013-05-24T00:00:00Z");
  private static final String DOC_QUERY = "X-Amz-Algorithm=AWS4-HMAC-SHA256"
      + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
      + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=86400&X-Amz-SignedHeaders=host";
  private static final String DOC_SIGNATURE = "aeeed9bbccd4d02ee5c0109b86d86835f995330da4c265957d157751f604d404";
  private static final List<Header> DOC_HEADERS = List.of(new Header("Host", "examplebucket.s3.amazonaws.com"));

  private static AuthService serviceAt(Instant now) {
    return new AuthService(Credentials.of(Map.of(DOC_AK, DOC_SK)), Duration.ofSeconds(900),
        Clock.fixed(now, ZoneOffset.UTC));
  }

  private static Verify docRequest(String query) {
    return new Verify("GET", "/test.txt", query, DOC_HEADERS);
  }

  private static Verify docRequest() {
    return docRequest(DOC_QUERY + "&X-Amz-Signature=" + DOC_SIGNATURE);
  }

  @Test
  void theDocumentationExampleVerifies() {
    Identity identity = serviceAt(DOC_DATE.plusSeconds(3600)).verify(docRequest());

    assertEquals(new Identity(DOC_AK, Method.PRESIGNED_V4, null, null), identity);
  }

  @Test
  void theDocumentationExampleHasTheDocumentedCanonicalRequest() {
    String canonical = SigV4.canonicalRequest("GET", "/test.txt", DOC_QUERY + "&X-Amz-Signature=x", DOC_HEADERS,
        List.of("host"), "UNSIGNED-PAYLOAD", "X-Amz-Signature");

    assertEquals("GET\n/test.txt\n" + DOC_QUERY + "\nhost:examplebucket.s3.amazonaws.com\n\nhost\nUNSIGNED-PAYLOAD",
        canonical);
  }

  @Test
  void theParametersMayComeInAnyOrder() {
    String query = "X-Amz-Signature=" + DOC_SIGNATURE + "&X-Amz-SignedHeaders=host&X-Amz-Expires=86400"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Algorithm=AWS4-HMAC-SHA256";

    assertEquals(DOC_AK, serviceAt(DOC_DATE).verify(docRequest(query)).accessKey());
  }

  @Test
  void itIsValidUntilTheLastSecondOfItsLifetime() {
    assertEquals(DOC_AK, serviceAt(DOC_DATE.plusSeconds(86400)).verify(docRequest()).accessKey());
  }

  @Test
  void afterItsLifetimeItHasExpiredWithTheDetailsS3Sends() {
    S3Exception e = assertThrows(S3Exception.class,
        () -> serviceAt(DOC_DATE.plusSeconds(86401)).verify(docRequest()));

    assertEquals(S3ErrorCode.ACCESS_DENIED, e.code());
    assertEquals("Request has expired", e.getMessage());
    assertEquals(Map.of("X-Amz-Expires", "86400", "Expires", "2013-05-25T00:00:00Z",
        "ServerTime", "2013-05-25T00:00:01Z"), e.details());
  }

  @Test
  void aDateFurtherAheadThanTheClockSkewIsNotValidYet() {
    S3Exception e = assertThrows(S3Exception.class,
        () -> serviceAt(DOC_DATE.minusSeconds(901)).verify(docRequest()));

    assertEquals(S3ErrorCode.ACCESS_DENIED, e.code());
    assertEquals("Request is not valid yet", e.getMessage());
    // Within the skew, a client clock slightly ahead of ours is fine.
    assertEquals(DOC_AK, serviceAt(DOC_DATE.minusSeconds(899)).verify(docRequest()).accessKey());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "604801 | X-Amz-Expires must be less than a week (in seconds) that is 604800",
      "99999999999999999999 | X-Amz-Expires must be less than a week (in seconds) that is 604800",
      "abc | X-Amz-Expires should be a number",
      "-1 | X-Amz-Expires must be non-negative",
      "0 | X-Amz-Expires must be at least 1 second",
  })
  void anExpiryOutsideOneSecondToAWeekIsAQueryParametersError(String expires, String message) {
    S3Exception e = assertThrows(S3Exception.class, () -> serviceAt(DOC_DATE).verify(
        docRequest(DOC_QUERY.replace("X-Amz-Expires=86400", "X-Amz-Expires=" + expires) + "&X-Amz-Signature=ab")));

    assertEquals(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, e.code());
    assertEquals(message, e.getMessage());
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "X-Amz-Algorithm=AWS4-HMAC-SHA256 | X-Amz-Algorithm=AWS4-HMAC-SHA1",
      "X-Amz-Date=20130524T000000Z | X-Amz-Date=2013-05-24",
      "X-Amz-Date=20130524T000000Z | X-Amz-Date=20130525T000000Z",
      "%2Fus-east-1%2Fs3%2Faws4_request | %2Fus-east-1%2Fs3%2Faws5_request",
      "X-Amz-SignedHeaders=host | X-Amz-SignedHeaders=x-amz-date",
      "X-Amz-SignedHeaders=host | X-Amz-Foo=host",
  })
  void malformedParametersAreAQueryParametersError(String original, String replacement) {
    Verify v = docRequest(DOC_QUERY.replace(original, replacement) + "&X-Amz-Signature=" + DOC_SIGNATURE);

    assertEquals(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
        assertThrows(S3Exception.class, () -> serviceAt(DOC_DATE).verify(v)).code());
  }

  @Test
  void anyChangeToWhatTheSignatureCoversIsAMismatch() {
    AuthService service = serviceAt(DOC_DATE);
    Verify v = docRequest();
    assertMismatch(service, new Verify("PUT", v.rawPath(), v.rawQuery(), v.headers()));
    assertMismatch(service, new Verify("HEAD", v.rawPath(), v.rawQuery(), v.headers()));
    assertMismatch(service, new Verify(v.method(), "/test.txt2", v.rawQuery(), v.headers()));
    assertMismatch(service, new Verify(v.method(), v.rawPath(), v.rawQuery() + "&acl", v.headers()));
    assertMismatch(service, new Verify(v.method(), v.rawPath(),
        v.rawQuery().replace("X-Amz-Expires=86400", "X-Amz-Expires=86401"), v.headers()));
    assertMismatch(service, new Verify(v.method(), v.rawPath(), v.rawQuery(),
        List.of(new Header("Host", "otherbucket.s3.amazonaws.com"))));
    assertMismatch(service, docRequest(DOC_QUERY + "&X-Amz-Signature=" + DOC_SIGNATURE.replace('a', 'b')));
  }

  @Test
  void anUnknownAccessKeyIsInvalidAccessKeyId() {
    Verify v = docRequest(DOC_QUERY.replace("AKIAIOSFODNN7EXAMPLE%2F", "NOBODY%2F") + "&X-Amz-Signature=ab");

    assertEquals(S3ErrorCode.INVALID_ACCESS_KEY_ID,
        assertThrows(S3Exception.class, () -> serviceAt(DOC_DATE).verify(v)).code());
  }

  @Test
  void aPresignerUrlVerifiesAndCarriesNoPayloadHash() {
    URI url = Presigner.presignV4("PUT", URI.create("http://127.0.0.1:9000"), "bucket", "dir/a key+ü.txt",
        "eu-west-1", DOC_AK, DOC_SK, DOC_DATE, Duration.ofSeconds(60));

    Verify v = new Verify("PUT", url.getRawPath(), url.getRawQuery(), List.of(new Header("Host", "127.0.0.1:9000")));

    assertEquals("/bucket/dir/a%20key%2B%C3%BC.txt", url.getRawPath());
    assertEquals(new Identity(DOC_AK, Method.PRESIGNED_V4, null, null), serviceAt(DOC_DATE.plusSeconds(60)).verify(v));
    assertMismatch(serviceAt(DOC_DATE), new Verify("GET", v.rawPath(), v.rawQuery(), v.headers()));
  }

  @Test
  void aPayloadHashInTheQueryIsSignedAndHandedOnForTheStorageToCheck() {
    String hash = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";
    String query = "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Content-Sha256=" + hash
        + "&X-Amz-Credential=AKIAIOSFODNN7EXAMPLE%2F20130524%2Fus-east-1%2Fs3%2Faws4_request"
        + "&X-Amz-Date=20130524T000000Z&X-Amz-Expires=60&X-Amz-SignedHeaders=host";
    SigV4.Scope scope = new SigV4.Scope("20130524", "us-east-1", "s3");
    String signature = SigV4.sign(DOC_SK, scope, "20130524T000000Z",
        SigV4.canonicalRequest("PUT", "/b/k", query, DOC_HEADERS, List.of("host"), hash, null));

    Identity identity = serviceAt(DOC_DATE).verify(new Verify("PUT", "/b/k", query + "&X-Amz-Signature=" + signature,
        DOC_HEADERS));

    assertEquals(new Identity(DOC_AK, Method.PRESIGNED_V4, hash, null), identity);
  }

  @Test
  void thePresignerRefusesAnExpiryBeyondAWeek() {
    assertThrows(IllegalArgumentException.class, () -> Presigner.presignV4("GET", URI.create("http://h:1"), "b", "k",
        "us-east-1", DOC_AK, DOC_SK, DOC_DATE, Duration.ofSeconds(604801)));
  }

  private static void assertMismatch(AuthService service, Verify v) {
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, assertThrows(S3Exception.class, () -> service.verify(v)).code(),
        () -> "for " + v);
  }
}
