package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import software.amazon.awssdk.http.SdkHttpMethod;

class AuthServiceTest {
  private static final String AK = SdkSignedRequestsTest.AK;
  private static final String SK = SdkSignedRequestsTest.SK;
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final String HELLO_SHA256 = "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824";

  private final AuthService service = serviceAt(CLOCK);

  private static AuthService serviceAt(Clock clock) {
    return new AuthService(Credentials.of(Map.of(AK, SK, "demo", "demo-secret")), Duration.ofSeconds(900), clock);
  }

  /** PUT /bucket/k?tagging=x with a signed Content-Type and body "hello", as the SDK signs it. */
  private static Verify signedPut() {
    return signedPut(AK, SK, CLOCK);
  }

  private static Verify signedPut(String accessKey, String secret, Clock clock) {
    return SdkSigning.sign(SdkSigning.request(SdkHttpMethod.PUT, "bucket", "k")
        .putRawQueryParameter("tagging", "x").putHeader("Content-Type", "text/plain").build(),
        "hello", accessKey, secret, "us-east-1", clock);
  }

  // ---- SigV4: what a valid signature covers

  @Test
  void aSignedRequestVerifiesWithThePayloadHashToCheck() {
    assertEquals(new Identity(AK, Method.SIGV4_HEADER, HELLO_SHA256, null), service.verify(signedPut()));
  }

  @Test
  void changingTheMethodBreaksTheSignature() {
    Verify v = signedPut();
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, new Verify("POST", v.rawPath(), v.rawQuery(), v.headers()));
  }

  @Test
  void changingThePathBreaksTheSignature() {
    Verify v = signedPut();
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, new Verify(v.method(), "/bucket/k2", v.rawQuery(), v.headers()));
  }

  @Test
  void changingTheQueryBreaksTheSignature() {
    Verify v = signedPut();
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, new Verify(v.method(), v.rawPath(), "tagging=y", v.headers()));
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
        new Verify(v.method(), v.rawPath(), v.rawQuery() + "&acl", v.headers()));
  }

  @Test
  void changingASignedHeaderBreaksTheSignature() {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, withHeader(signedPut(), "Content-Type", v -> "text/html"));
  }

  @Test
  void changingThePayloadHashBreaksTheSignature() {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
        withHeader(signedPut(), "x-amz-content-sha256", v -> SigV4.sha256Hex("other")));
  }

  @Test
  void changingTheDateBreaksTheSignature() {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, withHeader(signedPut(), "X-Amz-Date",
        v -> AmzDate.format(AmzDate.parse(v).plusSeconds(1))));
  }

  @Test
  void changingTheSignatureOrTheSecretBreaksTheSignature() {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, withHeader(signedPut(), "Authorization",
        v -> v.substring(0, v.length() - 1) + (v.endsWith("0") ? "1" : "0")));
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, signedPut(AK, "not-the-secret", CLOCK));
  }

  @Test
  void unsignedHeadersMayChangeInTransit() {
    Verify v = signedPut();
    List<Header> headers = new ArrayList<>(v.headers());
    headers.add(new Header("User-Agent", "added by a proxy"));

    assertEquals(AK, service.verify(new Verify(v.method(), v.rawPath(), v.rawQuery(), headers)).accessKey());
  }

  @Test
  void aMismatchCarriesWhatWasSignedForDebugging() {
    S3Exception e = assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, signedPut(AK, "wrong", CLOCK));

    assertEquals(AK, e.details().get("AWSAccessKeyId"));
    assertTrue(e.details().get("CanonicalRequest").startsWith("PUT\n/bucket/k\ntagging=x\n"),
        e.details().get("CanonicalRequest"));
    assertTrue(e.details().get("StringToSign").startsWith("AWS4-HMAC-SHA256\n20261127T101530Z\n"));
  }

  // ---- SigV4: time

  @Test
  void aRequestMoreThanFifteenMinutesOffIsTooSkewed() {
    Clock late = Clock.fixed(NOW.plus(Duration.ofMinutes(15)).plusSeconds(1), ZoneOffset.UTC);
    Clock early = Clock.fixed(NOW.minus(Duration.ofMinutes(15)).minusSeconds(1), ZoneOffset.UTC);

    S3Exception e = assertCode(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, serviceAt(late), signedPut());
    assertEquals("900000", e.details().get("MaxAllowedSkewMilliseconds"));
    assertCode(S3ErrorCode.REQUEST_TIME_TOO_SKEWED, serviceAt(early), signedPut());
  }

  @Test
  void aRequestWithinFifteenMinutesIsAccepted() {
    Clock late = Clock.fixed(NOW.plus(Duration.ofMinutes(15)), ZoneOffset.UTC);

    assertEquals(AK, serviceAt(late).verify(signedPut()).accessKey());
  }

  @Test
  void theDateHeaderIsUsedWhenXAmzDateIsAbsent() {
    String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(NOW.atOffset(ZoneOffset.UTC));
    Verify v = HandSigner.sign("GET", "/bucket/k", null,
        headers("Host", "s3.local", "Date", date, "x-amz-content-sha256", SigV4.EMPTY_SHA256),
        AK, SK, new SigV4.Scope("20261127", "us-east-1", "s3"), "20261127T101530Z");

    assertEquals(AK, service.verify(v).accessKey());
  }

  @Test
  void aRequestWithoutAnyDateIsDenied() {
    Verify v = HandSigner.sign("GET", "/bucket/k", null,
        headers("Host", "s3.local", "x-amz-content-sha256", SigV4.EMPTY_SHA256),
        AK, SK, new SigV4.Scope("20261127", "us-east-1", "s3"), "20261127T101530Z");

    S3Exception e = assertCode(S3ErrorCode.ACCESS_DENIED, v);
    assertTrue(e.getMessage().contains("x-amz-date"), e.getMessage());
  }

  @Test
  void anUnparseableDateIsDenied() {
    S3Exception e = assertCode(S3ErrorCode.ACCESS_DENIED,
        withHeader(signedPut(), "X-Amz-Date", v -> "2026-11-27T10:15:30Z"));
    assertTrue(e.getMessage().contains("2026-11-27T10:15:30Z"), e.getMessage());
  }

  @Test
  void aCredentialDateOtherThanTheRequestDayIsMalformed() {
    Verify v = HandSigner.sign("GET", "/bucket/k", null,
        headers("Host", "s3.local", "x-amz-date", "20261127T101530Z", "x-amz-content-sha256", SigV4.EMPTY_SHA256),
        AK, SK, new SigV4.Scope("20261126", "us-east-1", "s3"), "20261127T101530Z");

    assertCode(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, v);
  }

  // ---- SigV4: header shape, keys, payload hash

  @Test
  void anUnknownAccessKeyIsRejected() {
    S3Exception e = assertCode(S3ErrorCode.INVALID_ACCESS_KEY_ID, signedPut("NOPE", SK, CLOCK));
    assertEquals("NOPE", e.details().get("AWSAccessKeyId"));
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "AWS4-HMAC-SHA256",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/aws4_request, SignedHeaders=host, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/2026-11-27/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws5_request, SignedHeaders=host, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=/20261127/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=x-amz-date, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=host;;a, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, Credential=x, SignedHeaders=host, Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request SignedHeaders=host Signature=ab",
      "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261127/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=ab, Extra=1",
  })
  void aMalformedAuthorizationHeaderIsRejected(String authorization) {
    assertCode(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED, withHeader(signedPut(), "Authorization", v -> authorization));
  }

  @Test
  void authorizationSchemesOtherThanSigV4AndSigV2AreUnsupported() {
    // "AWS access:signature" is SigV2, verified (and here wrong), not refused as unknown: see SigV2AuthTest.
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, withHeader(signedPut(), "Authorization", v -> "AWS AKIDEXAMPLE:c2ln"));
    assertCode(S3ErrorCode.INVALID_ARGUMENT, withHeader(signedPut(), "Authorization", v -> "Bearer token"));
  }

  @Test
  void aMissingPayloadHashHeaderIsAnInvalidRequest() {
    Verify v = signedPut();
    List<Header> headers = v.headers().stream().filter(h -> !h.name().equalsIgnoreCase("x-amz-content-sha256")).toList();

    S3Exception e = assertCode(S3ErrorCode.INVALID_REQUEST, new Verify(v.method(), v.rawPath(), v.rawQuery(), headers));
    assertTrue(e.getMessage().contains("x-amz-content-sha256"), e.getMessage());
  }

  @Test
  void aPayloadHashThatIsNoneOfTheAllowedFormsIsInvalid() {
    assertCode(S3ErrorCode.INVALID_ARGUMENT, withHeader(signedPut(), "x-amz-content-sha256", v -> v.toUpperCase(Locale.ROOT)));
  }

  @Test
  void aSignedChunkedPayloadHandsOverWhatVerifiesTheChunks() {
    SigV4.Scope scope = new SigV4.Scope("20261127", "us-east-1", "s3");
    Verify v = HandSigner.sign("PUT", "/bucket/k", null, headers("Host", "s3.local", "x-amz-date", "20261127T101530Z",
        "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD", "Content-Encoding", "aws-chunked",
        "x-amz-decoded-content-length", "5"), AK, SK, scope, "20261127T101530Z");
    String seed = v.headers().get(v.headers().size() - 1).value().replaceAll(".*Signature=", "");

    Identity identity = service.verify(v);

    // No whole-payload hash: the chunks carry the signatures, chained from the seed.
    assertEquals(new Identity(AK, Method.SIGV4_HEADER, null, new ChunkSigning(
        HexFormat.of().formatHex(SigV4.signingKey(SK, scope)), "20261127T101530Z",
        "20261127/us-east-1/s3/aws4_request", seed)), identity);
    assertFalse(identity.chunkSigning().toString().contains(identity.chunkSigning().signingKeyHex()),
        "the key stays out of logs");
  }

  @Test
  void aSignedChunkedPayloadWithTrailersHandsOverTheSameChainContext() {
    SigV4.Scope scope = new SigV4.Scope("20261127", "us-east-1", "s3");
    Verify v = HandSigner.sign("PUT", "/bucket/k", null, headers("Host", "s3.local", "x-amz-date", "20261127T101530Z",
        "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked",
        "x-amz-trailer", "x-amz-checksum-crc32"), AK, SK, scope, "20261127T101530Z");
    String seed = v.headers().get(v.headers().size() - 1).value().replaceAll(".*Signature=", "");

    Identity identity = service.verify(v);

    assertEquals(new ChunkSigning(HexFormat.of().formatHex(SigV4.signingKey(SK, scope)), "20261127T101530Z",
        "20261127/us-east-1/s3/aws4_request", seed), identity.chunkSigning());
    assertNull(identity.payloadSha256());
  }

  @Test
  void anUnsignedChunkedPayloadWithTrailersIsAcceptedWithoutChunkSigning() {
    Verify v = HandSigner.sign("PUT", "/bucket/k", null, headers("Host", "s3.local", "x-amz-date", "20261127T101530Z",
        "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER", "Content-Encoding", "aws-chunked"),
        AK, SK, new SigV4.Scope("20261127", "us-east-1", "s3"), "20261127T101530Z");

    // The trailing checksum, verified by storage, is what protects the body.
    assertEquals(new Identity(AK, Method.SIGV4_HEADER, null, null), service.verify(v));
  }

  @Test
  void otherStreamingVariantsAreNotImplemented() {
    String sigv4a = "STREAMING-AWS4-ECDSA-P256-SHA256-PAYLOAD";
    Verify v = HandSigner.sign("PUT", "/bucket/k", null, headers("Host", "s3.local", "x-amz-date", "20261127T101530Z",
        "x-amz-content-sha256", sigv4a, "Content-Encoding", "aws-chunked"),
        AK, SK, new SigV4.Scope("20261127", "us-east-1", "s3"), "20261127T101530Z");

    S3Exception e = assertCode(S3ErrorCode.NOT_IMPLEMENTED, v);
    assertTrue(e.getMessage().contains(sigv4a), e.getMessage());
  }

  @Test
  void aStreamingPayloadWithABadSignatureIsStillASignatureMismatch() {
    Verify v = HandSigner.sign("PUT", "/bucket/k", null, headers("Host", "s3.local", "x-amz-date", "20261127T101530Z",
        "x-amz-content-sha256", "STREAMING-UNSIGNED-PAYLOAD-TRAILER"),
        AK, "wrong", new SigV4.Scope("20261127", "us-east-1", "s3"), "20261127T101530Z");

    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, v);
  }

  // ---- the seed's header keys, and requests without or with too many credentials

  @Test
  void headerKeysAuthenticateWhateverTheHeaderCase() {
    Verify v = new Verify("GET", "/", null, headers("X-Access-Key", "demo", "X-SECRET-KEY", "demo-secret"));

    assertEquals(new Identity("demo", Method.HEADER_KEYS, null, null), service.verify(v));
  }

  @Test
  void headerKeysWithTheWrongSecretDoNotMatch() {
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
        new Verify("GET", "/", null, headers("x-access-key", "demo", "x-secret-key", "demo-secre")));
    assertCode(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH,
        new Verify("GET", "/", null, headers("x-access-key", "demo", "x-secret-key", "demo-secret-and-more")));
  }

  @Test
  void headerKeysWithAnUnknownAccessKeyAreRejected() {
    assertCode(S3ErrorCode.INVALID_ACCESS_KEY_ID,
        new Verify("GET", "/", null, headers("x-access-key", "nobody", "x-secret-key", "demo-secret")));
  }

  @Test
  void halfOfTheHeaderKeysIsDenied() {
    assertCode(S3ErrorCode.ACCESS_DENIED, new Verify("GET", "/", null, headers("x-access-key", "demo")));
  }

  @Test
  void aRequestWithoutCredentialsIsDenied() {
    assertCode(S3ErrorCode.ACCESS_DENIED, new Verify("GET", "/bucket", "list-type=2", headers("Host", "s3.local")));
    assertCode(S3ErrorCode.ACCESS_DENIED, new Verify("GET", "/", null, null));
  }

  @Test
  void twoAuthMechanismsInOneRequestAreRejected() {
    Verify v = signedPut();
    List<Header> headers = new ArrayList<>(v.headers());
    headers.addAll(headers("x-access-key", "demo", "x-secret-key", "demo-secret"));

    assertCode(S3ErrorCode.INVALID_ARGUMENT, new Verify(v.method(), v.rawPath(), v.rawQuery(), headers));
  }

  @Test
  void aPresignedQueryWithoutItsOtherParametersIsAQueryParametersError() {
    Verify v = new Verify("GET", "/bucket/k", "X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Signature=ab",
        headers("Host", "s3.local"));

    assertCode(S3ErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR, v);
  }

  @Test
  void aPresignedQueryWithAnAuthorizationHeaderIsTwoMechanisms() {
    Verify v = signedPut();

    assertCode(S3ErrorCode.INVALID_ARGUMENT, new Verify(v.method(), v.rawPath(), "X-Amz-Signature=ab", v.headers()));
    assertCode(S3ErrorCode.INVALID_ARGUMENT,
        new Verify(v.method(), v.rawPath(), "AWSAccessKeyId=AKIDEXAMPLE&Expires=1&Signature=c2ln", v.headers()));
  }

  // ---- helpers

  private S3Exception assertCode(S3ErrorCode code, Verify request) {
    return assertCode(code, service, request);
  }

  private static S3Exception assertCode(S3ErrorCode code, AuthService service, Verify request) {
    Executable call = () -> service.verify(request);
    S3Exception e = assertThrows(S3Exception.class, call);
    assertEquals(code, e.code(), e.getMessage());
    return e;
  }

  static List<Header> headers(String... namesAndValues) {
    List<Header> headers = new ArrayList<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(new Header(namesAndValues[i], namesAndValues[i + 1]));
    }
    return headers;
  }

  private static Verify withHeader(Verify v, String name, UnaryOperator<String> change) {
    boolean[] found = {false};
    List<Header> headers = v.headers().stream().map(h -> {
      if (h.name().equalsIgnoreCase(name)) {
        found[0] = true;
        return new Header(h.name(), change.apply(h.value()));
      }
      return h;
    }).toList();
    assertTrue(found[0], "the signed request has no " + name);
    return new Verify(v.method(), v.rawPath(), v.rawQuery(), headers);
  }

  /** Signs with this package's own SigV4, for requests the SDK will not produce (Date header, streaming). */
  static final class HandSigner {
    static Verify sign(String method, String path, String query, List<Header> headers, String accessKey,
        String secret, SigV4.Scope scope, String amzDate) {
      List<String> signed = headers.stream().map(h -> h.name().toLowerCase(Locale.ROOT)).distinct().sorted().toList();
      String payloadHash = AuthService.header(headers, "x-amz-content-sha256");
      String canonical = SigV4.canonicalRequest(method, path, query, headers, signed, payloadHash, null);
      String signature = SigV4.sign(secret, scope, amzDate, canonical);
      List<Header> all = new ArrayList<>(headers);
      all.add(new Header("Authorization", "AWS4-HMAC-SHA256 Credential=" + accessKey + "/" + scope
          + ", SignedHeaders=" + String.join(";", signed) + ", Signature=" + signature));
      return new Verify(method, path, query, all);
    }
  }
}
