package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;

/** Requests signed by the AWS SDK v2 signer are accepted as the S3 client would send them. */
class SdkSignedRequestsTest {
  static final String AK = "AKIDEXAMPLE";
  static final String SK = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T10:15:30Z"), ZoneOffset.UTC);

  private final AuthService service =
      new AuthService(Credentials.of(Map.of(AK, SK)), Duration.ofMinutes(15), CLOCK);

  @ParameterizedTest
  @ValueSource(strings = {"plain.txt", "with space.txt", "dir/sub/file", "trailing/", "a+b", "100%", "50%25",
      "a//b", "../x", "./y/./z", "ключ-ü-\u1234-\uD83D\uDE00", "~tilde_(x)*!'$&,;=@:", "q?x=1#frag", "a%2Fb"})
  void acceptsObjectKeysOfAnyShape(String key) {
    Verify request = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.PUT, "bucket", key)
        .putHeader("Content-Type", "text/plain").build(), "hello", AK, SK, "us-east-1", CLOCK);

    Identity identity = service.verify(request);

    assertEquals(new Identity(AK, Method.SIGV4_HEADER,
        "2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824", null), identity);
  }

  @Test
  void acceptsListingQueriesWithEncodedAndRepeatedParameters() {
    SdkHttpRequest request = SdkSigning.request(SdkHttpMethod.GET, "bucket", null)
        .putRawQueryParameter("list-type", "2")
        .putRawQueryParameter("prefix", "photos/2026 11/ü+")
        .putRawQueryParameter("delimiter", "/")
        .putRawQueryParameter("continuation-token", "abc+/=")
        .putRawQueryParameter("encoding-type", "url")
        .appendRawQueryParameter("z", "2").appendRawQueryParameter("z", "1")
        .build();

    assertEquals(AK, service.verify(SdkSigning.sign(request, null, AK, SK, "us-east-1", CLOCK)).accessKey());
  }

  @Test
  void acceptsValuelessSubresourceParameters() {
    SdkHttpRequest request = SdkSigning.request(SdkHttpMethod.POST, "bucket", null)
        .putRawQueryParameter("delete", (String) null).build();

    assertEquals(AK, service.verify(SdkSigning.sign(request, "<Delete/>", AK, SK, "us-east-1", CLOCK)).accessKey());
  }

  @Test
  void acceptsAnyRegionInTheScope() {
    Verify request = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.GET, "bucket", "k").build(), null,
        AK, SK, "eu-west-3", CLOCK);

    assertEquals(AK, service.verify(request).accessKey());
  }

  @Test
  void anUnsignedPayloadVerifiesWithNoPayloadHashToCheck() {
    SdkHttpRequest https = SdkSigning.request(SdkHttpMethod.PUT, "bucket", "k").protocol("https").port(443).build();
    Verify request = SdkSigning.sign(https, "body", AK, SK, "us-east-1", CLOCK,
        r -> r.putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false));

    assertEquals("UNSIGNED-PAYLOAD", AuthService.header(request.headers(), "x-amz-content-sha256"));
    assertNull(service.verify(request).payloadSha256());
  }

  @Test
  void headerNamesAreMatchedWhateverTheirCase() {
    Verify signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.GET, "bucket", "k").build(), null,
        AK, SK, "us-east-1", CLOCK);
    Verify shouted = new Verify(signed.method(), signed.rawPath(), signed.rawQuery(), signed.headers().stream()
        .map(h -> new s3ish.bus.AuthMessages.Header(h.name().toUpperCase(java.util.Locale.ROOT), h.value()))
        .toList());

    assertEquals(AK, service.verify(shouted).accessKey());
  }
}
