package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** Authentication failures and bad input: S3 error XML with the right code and status, and nothing stored. */
class S3AuthAndErrorsTest extends ServerPerClass {
  static String bucket;

  @BeforeAll
  static void createSharedBucket() {
    bucket = createBucket("errors");
  }

  @Test
  void aRequestWithoutCredentialsIsAccessDeniedAsS3Xml() throws Exception {
    HttpResponse<String> r = S3TestSupport.send(
        HttpRequest.newBuilder(server.endpoint().resolve("/" + bucket + "/k")).GET().build());
    assertEquals(403, r.statusCode());
    assertTrue(r.headers().firstValue("content-type").orElse("").contains("xml"));
    assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
    String requestId = r.headers().firstValue("x-amz-request-id").orElseThrow();
    assertTrue(r.body().contains("<RequestId>" + requestId + "</RequestId>"), r.body());
  }

  @Test
  void aWrongSecretIsSignatureDoesNotMatch() {
    try (S3Client bad = server.client(TestServer.ACCESS_KEY, "not-the-secret")) {
      assertS3Error(403, "SignatureDoesNotMatch", () -> bad.listBuckets());
      assertS3Error(403, "SignatureDoesNotMatch",
          () -> bad.putObject(b -> b.bucket(bucket).key("forged"), RequestBody.fromString("x")));
    }
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("forged")));
  }

  @Test
  void anUnknownAccessKeyIsInvalidAccessKeyId() {
    try (S3Client bad = server.client("nobody", "whatever")) {
      assertS3Error(403, "InvalidAccessKeyId", () -> bad.listBuckets());
    }
  }

  @Test
  void theSeedHeaderAuthWithAWrongSecretIsRefused() throws Exception {
    HttpResponse<String> r = S3TestSupport.send(HttpRequest.newBuilder(server.endpoint().resolve("/"))
        .header("x-access-key", TestServer.ACCESS_KEY).header("x-secret-key", "wrong").GET().build());
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
  }

  @Test
  void aClockSkewOverFifteenMinutesIsRefused() throws Exception {
    Clock skewed = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-16));
    Map<String, List<String>> headers = RawSigner.sign(server, "GET", "/", "", TestServer.SECRET_KEY, skewed);
    HttpResponse<String> r = S3TestSupport.send(RawSigner.request(server, "/", headers).GET().build());
    assertEquals(403, r.statusCode());
    assertTrue(r.body().contains("<Code>RequestTimeTooSkewed</Code>"), r.body());
  }

  @Test
  void aSignedRequestIsAcceptedAsIs() throws Exception {
    Map<String, List<String>> headers = RawSigner.sign(server, "GET", "/", "", TestServer.SECRET_KEY, Clock.systemUTC());
    HttpResponse<String> r = S3TestSupport.send(RawSigner.request(server, "/", headers).GET().build());
    assertEquals(200, r.statusCode(), r.body());
  }

  @Test
  void aBodyNotMatchingTheSignedPayloadHashStoresNothing() throws Exception {
    String path = "/" + bucket + "/tampered";
    Map<String, List<String>> headers = RawSigner.sign(server, "PUT", path, "signed body", TestServer.SECRET_KEY, Clock.systemUTC());
    HttpResponse<String> r = S3TestSupport.send(RawSigner.request(server, path, headers)
        .PUT(HttpRequest.BodyPublishers.ofString("forged body")).build());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>XAmzContentSHA256Mismatch</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("tampered")));
  }

  @Test
  void unknownSubresourcesAreNotImplemented() throws Exception {
    for (String query : List.of("?acl", "?policy", "?tagging", "?lifecycle", "?cors")) {
      HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + query).GET().build());
      assertEquals(501, r.statusCode(), query + " " + r.body());
      assertTrue(r.body().contains("<Code>NotImplemented</Code>"), r.body());
    }
  }

  @Test
  void malformedCreateBucketConfigurationIsMalformedXml() throws Exception {
    String name = bucketName("badxml");
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + name)
        .PUT(HttpRequest.BodyPublishers.ofString("<CreateBucketConfiguration><LocationConstraint>")).build());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>MalformedXML</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headBucket(b -> b.bucket(name)));
  }

  @Test
  void headOfAMissingKeyIs404WithoutBody() throws Exception {
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + "/missing")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(404, r.statusCode());
    assertEquals("", r.body());
  }

  @Test
  void aClientThatDisconnectsMidUploadLeavesNoObject() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      OutputStream out = socket.getOutputStream();
      String head = "PUT /" + bucket + "/half HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "x-access-key: " + TestServer.ACCESS_KEY + "\r\nx-secret-key: " + TestServer.SECRET_KEY + "\r\n"
          + "Content-Length: 4194304\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[1024 * 1024]);
      out.flush();
    }
    // A later, complete upload on another connection is served; the broken one never becomes visible.
    s3.putObject(b -> b.bucket(bucket).key("whole"), RequestBody.fromString("whole"));
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("half")));
    assertEquals(List.of("whole"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(o -> o.key()).filter(k -> k.equals("half") || k.equals("whole")).toList());
  }

  @Test
  void aBodyShorterThanContentLengthStoresNothing() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      String head = "PUT /" + bucket + "/short HTTP/1.1\r\nHost: 127.0.0.1\r\n"
          + "x-access-key: " + TestServer.ACCESS_KEY + "\r\nx-secret-key: " + TestServer.SECRET_KEY + "\r\n"
          + "Content-Length: 100\r\n\r\n";
      out.write(head.getBytes(StandardCharsets.US_ASCII));
      out.write(new byte[50]);
      out.flush();
      socket.shutdownOutput();
      InputStream in = socket.getInputStream();
      in.readAllBytes(); // the server closes the connection without storing anything
    }
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("short")));
  }
}
