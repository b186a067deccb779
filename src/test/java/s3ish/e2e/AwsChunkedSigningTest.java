package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PUTs framed and signed chunk by chunk by the SDK's own signer (STREAMING-AWS4-HMAC-SHA256-PAYLOAD), sent by
 * hand so the framed body can be tampered with.
 */
class AwsChunkedSigningTest {
  // More than one SDK chunk (128 KiB), so signatures chain across chunks.
  private static final int SIZE = 128 * 1024 + 1000;

  // HTTP/1.1 as the SDK speaks it: the JDK's default would try an h2c upgrade, a different path (see report).
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  static TestServer server;
  static S3Client s3;
  static String bucket;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    s3 = server.client();
    bucket = bucketName("chunked");
    s3.createBucket(b -> b.bucket(bucket));
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  /** The signed request: its headers and its aws-chunked body. */
  private record Signed(Map<String, List<String>> headers, byte[] body) {}

  private static Signed signChunked(String path, byte[] data) throws IOException {
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.PUT)
        .uri(URI.create(server.endpoint() + path))
        .putHeader("Content-Length", String.valueOf(data.length))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY))
        .request(request)
        .payload(ContentStreamProvider.fromByteArray(data))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
    try (InputStream in = signed.payload().orElseThrow().newStream()) {
      return new Signed(signed.request().headers(), in.readAllBytes());
    }
  }

  private static HttpResponse<String> send(String path, Signed signed) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
    signed.headers().forEach((name, values) -> {
      // Host and Content-Length are set by java.net.http itself, to the same values.
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return HTTP.send(b.PUT(HttpRequest.BodyPublishers.ofByteArray(signed.body())).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aPutSignedChunkByChunkStoresTheDecodedObject() throws Exception {
    byte[] data = S3TestSupport.randomBytes(SIZE, 7);
    Signed signed = signChunked("/" + bucket + "/good", data);
    assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD", signed.headers().get("x-amz-content-sha256").get(0));

    HttpResponse<String> r = send("/" + bucket + "/good", signed);

    assertEquals(200, r.statusCode(), r.body());
    assertArrayEquals(data, s3.getObjectAsBytes(g -> g.bucket(bucket).key("good")).asByteArray());
  }

  @Test
  void aFlippedDataByteIsSignatureDoesNotMatchAndNothingIsStored() throws Exception {
    byte[] data = S3TestSupport.randomBytes(SIZE, 8);
    Signed signed = signChunked("/" + bucket + "/tampered", data);
    // A byte of the last data chunk, so the whole body is on its way when the server refuses it.
    byte[] body = signed.body();
    int index = body.length - 200;
    body[index] ^= 0x01;

    HttpResponse<String> r = send("/" + bucket + "/tampered", signed);

    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("tampered")));
  }
}
