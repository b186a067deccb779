package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.auth.Presigner;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/** Presigned URLs (SigV4 from the SDK's S3Presigner, SigV2 query URLs) used by a plain HTTP client. */
class PresignedUrlsTest extends ServerPerClass {
  private static final Duration LIFETIME = Duration.ofMinutes(5);
  static S3Presigner presigner;
  static String bucket;

  @BeforeAll
  static void createPresignerAndBucket() {
    presigner = S3Presigner.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY)))
        .build();
    bucket = createBucket("presign");
  }

  @AfterAll
  static void closePresigner() {
    presigner.close();
  }

  @Test
  void presignedGetHeadPutAndDeleteWorkWithoutAnySdk() throws Exception {
    String key = "dir/a key+ü.txt";
    URI put = URI.create(presigner.presignPutObject(r -> r.signatureDuration(LIFETIME)
        .putObjectRequest(p -> p.bucket(bucket).key(key))).url().toString());
    assertEquals(200, send(HttpRequest.newBuilder(put).PUT(HttpRequest.BodyPublishers.ofString("hello"))).statusCode());

    URI get = URI.create(presigner.presignGetObject(r -> r.signatureDuration(LIFETIME)
        .getObjectRequest(g -> g.bucket(bucket).key(key))).url().toString());
    HttpResponse<String> got = send(HttpRequest.newBuilder(get).GET());
    assertEquals(200, got.statusCode());
    assertEquals("hello", got.body());

    URI head = URI.create(presigner.presignHeadObject(r -> r.signatureDuration(LIFETIME)
        .headObjectRequest(h -> h.bucket(bucket).key(key))).url().toString());
    HttpResponse<String> headed = send(HttpRequest.newBuilder(head).method("HEAD", HttpRequest.BodyPublishers.noBody()));
    assertEquals(200, headed.statusCode());
    assertEquals("5", headed.headers().firstValue("content-length").orElseThrow());

    URI delete = URI.create(presigner.presignDeleteObject(r -> r.signatureDuration(LIFETIME)
        .deleteObjectRequest(d -> d.bucket(bucket).key(key))).url().toString());
    assertEquals(204, send(HttpRequest.newBuilder(delete).DELETE()).statusCode());
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key(key)));
  }

  @Test
  void aPresignedGetReusedForAnotherMethodBucketOrKeyDoesNotMatch() throws Exception {
    s3.putObject(p -> p.bucket(bucket).key("kept"), RequestBody.fromString("kept"));
    String other = createBucket("presign-other");
    s3.putObject(p -> p.bucket(other).key("kept"), RequestBody.fromString("other"));
    URI get = URI.create(presigner.presignGetObject(r -> r.signatureDuration(LIFETIME)
        .getObjectRequest(g -> g.bucket(bucket).key("kept"))).url().toString());

    assertSignatureMismatch(send(HttpRequest.newBuilder(get).DELETE()));
    assertSignatureMismatch(send(HttpRequest.newBuilder(get).PUT(HttpRequest.BodyPublishers.ofString("forged"))));
    assertSignatureMismatch(send(HttpRequest.newBuilder(
        URI.create(get.toString().replace("/" + bucket + "/", "/" + other + "/"))).GET()));
    assertSignatureMismatch(send(HttpRequest.newBuilder(URI.create(get.toString().replace("/kept?", "/kept2?"))).GET()));
    assertEquals("kept", s3.getObjectAsBytes(g -> g.bucket(bucket).key("kept")).asUtf8String());
  }

  @Test
  void anExpiredUrlIsAccessDeniedRequestHasExpired() throws Exception {
    URI url = Presigner.presignV4("GET", server.endpoint(), bucket, "kept", "us-east-1", TestServer.ACCESS_KEY,
        TestServer.SECRET_KEY, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1));

    HttpResponse<String> r = send(HttpRequest.newBuilder(url).GET());

    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("<Code>AccessDenied</Code>") && r.body().contains("<Message>Request has expired"),
        r.body());
    assertTrue(r.body().contains("<X-Amz-Expires>3600</X-Amz-Expires>"), r.body());
  }

  @Test
  void aSigV2QueryUrlAsOlderToolsMakeThemReturnsTheObject() throws Exception {
    s3.putObject(p -> p.bucket(bucket).key("v2 key"), RequestBody.fromString("old tools"));
    long expires = Instant.now().plusSeconds(300).getEpochSecond();
    String path = "/" + bucket + "/v2%20key";
    String signature = hmacSha1Base64(TestServer.SECRET_KEY, "GET\n\n\n" + expires + "\n" + path);
    URI url = server.endpoint().resolve(path + "?AWSAccessKeyId=" + TestServer.ACCESS_KEY + "&Expires=" + expires
        + "&Signature=" + URLEncoder.encode(signature, StandardCharsets.UTF_8));

    HttpResponse<String> r = send(HttpRequest.newBuilder(url).GET());

    assertEquals(200, r.statusCode(), r.body());
    assertEquals("old tools", r.body());
  }

  private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
    return S3TestSupport.HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static void assertSignatureMismatch(HttpResponse<String> r) {
    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
  }

  private static String hmacSha1Base64(String secret, String text) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    return Base64.getEncoder().encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
  }
}
