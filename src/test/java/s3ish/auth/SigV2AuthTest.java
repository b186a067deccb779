package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.auth.AuthServiceTest.headers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** Signature Version 2, checked against the examples of the S3 REST authentication documentation. */
class SigV2AuthTest {
  private static final String AK = "AKIAIOSFODNN7EXAMPLE";
  private static final String SK = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final Instant PUPPY_TIME = Instant.parse("2007-03-27T19:36:42Z");
  private static final String PUPPY_DATE = "Tue, 27 Mar 2007 19:36:42 +0000";
  private static final String PUPPY_SIGNATURE = "bWq2s1WEIj+Ydj0vQ697zp+IXMU=";

  private static AuthService serviceAt(Instant now, boolean enabled) {
    return new AuthService(Credentials.of(Map.of(AK, SK)), Duration.ofSeconds(900), Clock.fixed(now, ZoneOffset.UTC),
        enabled);
  }

  private static AuthService serviceAt(Instant now) {
    return serviceAt(now, true);
  }

  /** The documentation's object GET, as a path-style request. */
  private static Verify puppyGet(String signature) {
    return new Verify("GET", "/johnsmith/photos/puppy.jpg", null, headers("Host", "s3.amazonaws.com",
        "Date", PUPPY_DATE, "Authorization", "AWS " + AK + ":" + signature));
  }

  // ---- the string to sign and its parts

  @Test
  void theDocumentationGetExampleSignsAsDocumented() {
    String stringToSign = SigV2.stringToSign("GET", headers("Date", PUPPY_DATE), PUPPY_DATE,
        SigV2.canonicalResource("johnsmith", "/photos/puppy.jpg", null));

    assertEquals("GET\n\n\n" + PUPPY_DATE + "\n/johnsmith/photos/puppy.jpg", stringToSign);
    assertEquals(PUPPY_SIGNATURE, SigV2.sign(SK, stringToSign));
  }

  @Test
  void canonicalAmzHeadersAreLowercasedSortedTrimmedAndJoined() {
    List<Header> headers = headers("X-Amz-Meta-B", " two ", "x-amz-meta-a", "1", "Content-Type", "x",
        "X-AMZ-META-B", "three", "x-amz-date", "d");

    assertEquals("x-amz-date:d\nx-amz-meta-a:1\nx-amz-meta-b:two,three\n", SigV2.canonicalAmzHeaders(headers));
  }

  @Test
  void theCanonicalResourceKeepsOnlySubResourcesSortedWithDecodedValues() {
    assertEquals("/b/k%20x?response-content-type=text/plain&uploadId=2&versionId=1", SigV2.canonicalResource(null,
        "/b/k%20x", "versionId=1&uploadId=2&prefix=p&response-content-type=text%2Fplain&Signature=s"));
    assertEquals("/b?acl", SigV2.canonicalResource(null, "/b", "acl"));
    assertEquals("/", SigV2.canonicalResource(null, "/", null));
    // Virtual-hosted: the bucket from Host goes in front of the path.
    assertEquals("/johnsmith/?acl", SigV2.canonicalResource("johnsmith", "/", "acl"));
  }

  // ---- Authorization: AWS access:signature

  @Test
  void theDocumentationGetExampleVerifiesPathStyle() {
    assertEquals(new Identity(AK, Method.SIGV2_HEADER, null, null), serviceAt(PUPPY_TIME).verify(puppyGet(PUPPY_SIGNATURE)));
  }

  @Test
  void theDocumentationGetExampleVerifiesVirtualHostedWithTheBucketFromHost() {
    Verify v = new Verify("GET", "/photos/puppy.jpg", null, headers("Host", "johnsmith.s3.amazonaws.com",
        "Date", PUPPY_DATE, "Authorization", "AWS " + AK + ":" + PUPPY_SIGNATURE));

    assertEquals(AK, serviceAt(PUPPY_TIME).verify(v, "johnsmith").accessKey());
  }

  @Test
  void withXAmzDateTheDateLineIsEmpty() {
    // The documentation's DELETE example: x-amz-date is signed among the amz headers, Date is not.
    Verify v = new Verify("DELETE", "/johnsmith/photos/puppy.jpg", null, headers("Host", "s3.amazonaws.com",
        "Date", "Tue, 27 Mar 2007 21:20:27 +0000", "x-amz-date", "Tue, 27 Mar 2007 21:20:26 +0000",
        "Authorization", "AWS " + AK + ":" + SigV2.sign(SK,
            "DELETE\n\n\n\nx-amz-date:Tue, 27 Mar 2007 21:20:26 +0000\n/johnsmith/photos/puppy.jpg")));

    assertEquals(AK, serviceAt(Instant.parse("2007-03-27T21:20:26Z")).verify(v).accessKey());
  }

  @Test
  void aSignerThatPutsDateNextToXAmzDateIsAcceptedToo() {
    String date = "Tue, 27 Mar 2007 21:20:27 +0000";
    Verify v = new Verify("PUT", "/b/k", null, headers("Date", date, "x-amz-date", date, "Content-Type", "text/plain",
        "Authorization", "AWS " + AK + ":" + SigV2.sign(SK,
            "PUT\n\ntext/plain\n" + date + "\nx-amz-date:" + date + "\n/b/k")));

    assertEquals(AK, serviceAt(Instant.parse("2007-03-27T21:20:27Z")).verify(v).accessKey());
  }

  @Test
  void anyChangeToWhatTheSignatureCoversIsAMismatch() {
    AuthService service = serviceAt(PUPPY_TIME);
    Verify v = puppyGet(PUPPY_SIGNATURE);
    assertMismatch(service, new Verify("HEAD", v.rawPath(), v.rawQuery(), v.headers()));
    assertMismatch(service, new Verify(v.method(), "/johnsmith/photos/kitten.jpg", v.rawQuery(), v.headers()));
    assertMismatch(service, new Verify(v.method(), v.rawPath(), "versionId=1", v.headers()));
    assertMismatch(service, puppyGet("bWq2s1WEIj+Ydj0vQ697zp+IXMA="));
    List<Header> withType = new java.util.ArrayList<>(v.headers());
    withType.add(new Header("Content-Type", "text/plain"));
    assertMismatch(service, new Verify(v.method(), v.rawPath(), v.rawQuery(), withType));
  }

  @Test
  void aRequestTimeOutsideTheSkewIsTooSkewed() {
    assertCode(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, serviceAt(PUPPY_TIME.plusSeconds(901)), puppyGet(PUPPY_SIGNATURE));
  }

  @Test
  void aHeaderWithoutAccessKeyAndSignatureIsInvalid() {
    Verify v = new Verify("GET", "/b", null, headers("Date", PUPPY_DATE, "Authorization", "AWS nocolon"));

    assertCode(S3ErrorCode.INVALID_ARGUMENT, serviceAt(PUPPY_TIME), v);
  }

  // ---- query: AWSAccessKeyId, Expires, Signature

  /** The documentation's query-string example, valid until 1175139620 (2007-03-29T03:40:20Z). */
  private static Verify puppyQuery(String method) {
    return new Verify(method, "/johnsmith/photos/puppy.jpg",
        "AWSAccessKeyId=AKIAIOSFODNN7EXAMPLE&Expires=1175139620&Signature=NpgCjnDzrM%2BWFzoENXmpNDUsSn8%3D",
        headers("Host", "s3.amazonaws.com"));
  }

  @Test
  void theDocumentationQueryExampleVerifiesUntilItExpires() {
    assertEquals(new Identity(AK, Method.PRESIGNED_V2, null, null),
        serviceAt(Instant.ofEpochSecond(1175139620)).verify(puppyQuery("GET")));

    S3Exception e = assertCode(S3ErrorCode.ACCESS_DENIED, serviceAt(Instant.ofEpochSecond(1175139621)),
        puppyQuery("GET"));
    assertEquals("Request has expired", e.getMessage());
    assertEquals("2007-03-29T03:40:20Z", e.details().get("Expires"));
  }

  @Test
  void aQueryUrlUsedWithAnotherMethodDoesNotMatch() {
    assertMismatch(serviceAt(PUPPY_TIME), puppyQuery("PUT"));
  }

  @Test
  void aQueryMissingAParameterOrWithABadExpiryIsDenied() {
    Verify v = puppyQuery("GET");
    assertCode(S3ErrorCode.ACCESS_DENIED, serviceAt(PUPPY_TIME),
        new Verify("GET", v.rawPath(), v.rawQuery().replaceAll("&Expires=[0-9]+", ""), v.headers()));
    assertCode(S3ErrorCode.ACCESS_DENIED, serviceAt(PUPPY_TIME),
        new Verify("GET", v.rawPath(), v.rawQuery().replace("Expires=1175139620", "Expires=soon"), v.headers()));
  }

  // ---- switched off

  @Test
  void whenDisabledBothFormsAreDeniedSayingWhy() {
    S3Exception header = assertCode(S3ErrorCode.ACCESS_DENIED, serviceAt(PUPPY_TIME, false), puppyGet(PUPPY_SIGNATURE));
    S3Exception query = assertCode(S3ErrorCode.ACCESS_DENIED, serviceAt(PUPPY_TIME, false), puppyQuery("GET"));

    assertTrue(header.getMessage().contains("Signature Version 2 is disabled"), header.getMessage());
    assertEquals(header.getMessage(), query.getMessage());
  }

  private static S3Exception assertCode(S3ErrorCode code, AuthService service, Verify v) {
    S3Exception e = assertThrows(S3Exception.class, () -> service.verify(v));
    assertEquals(code, e.code(), () -> e.getMessage() + " for " + v);
    return e;
  }

  private static void assertMismatch(AuthService service, Verify v) {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, service, v);
  }
}
