package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import io.vertx.core.json.JsonObject;
import java.io.OutputStream;
import java.net.Socket;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;

/**
 * One test per input limit, each through a real client against a real server: the exact S3 error code, and
 * the stored data unchanged afterwards (the guarded object keeps its bytes, ETag and metadata; no new key).
 * The server runs with small limits so the tests stay small; docs/SECURITY.md lists the defaults.
 */
class InputLimitsTest {
  static final int MAX_OBJECT = 64 * 1024;
  static final int MAX_HEADER_BYTES = 8 * 1024;
  static final int MAX_HEADER_COUNT = 40;
  static final int MAX_URI = 4 * 1024;
  private static final byte[] ORIGINAL = S3TestSupport.randomBytes(1000, 9);

  static TestServer server;
  static S3Client s3;
  String bucket;
  String originalEtag;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject()
        .put(Setting.MAX_OBJECT_SIZE.key(), MAX_OBJECT)
        .put(Setting.HTTP_MAX_HEADER_BYTES.key(), MAX_HEADER_BYTES)
        .put(Setting.HTTP_MAX_HEADER_COUNT.key(), MAX_HEADER_COUNT)
        .put(Setting.HTTP_MAX_URI_BYTES.key(), MAX_URI));
    s3 = server.client();
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  /** Every test guards the same shape of state: one bucket holding one object, "guarded". */
  @BeforeEach
  void storeTheGuardedObject() {
    bucket = S3TestSupport.bucketName("limits");
    s3.createBucket(b -> b.bucket(bucket));
    originalEtag = s3.putObject(b -> b.bucket(bucket).key("guarded").metadata(Map.of("m", "1")),
        RequestBody.fromBytes(ORIGINAL)).eTag();
  }

  private void assertStoredDataUnchanged() {
    assertArrayEquals(ORIGINAL, s3.getObjectAsBytes(b -> b.bucket(bucket).key("guarded")).asByteArray());
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("guarded"));
    assertEquals(originalEtag, head.eTag());
    assertEquals(Map.of("m", "1"), head.metadata());
    assertEquals(List.of("guarded"), s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream()
        .map(o -> o.key()).toList());
  }

  // ---- XML bodies

  @Test
  void anXmlBodyWithADtdIsMalformedXml() throws Exception {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY k SYSTEM \"file:///etc/hostname\">]>"
        + "<Delete><Object><Key>&k;</Key></Object><Object><Key>guarded</Key></Object></Delete>";
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + "?delete")
        .POST(HttpRequest.BodyPublishers.ofString(xxe)).build());
    assertError(400, "MalformedXML", r);
    assertStoredDataUnchanged();
  }

  @Test
  void anXmlBodyOverOneMebibyteIsMalformedXml() throws Exception {
    StringBuilder xml = new StringBuilder("<Delete><Object><Key>guarded</Key></Object>");
    while (xml.length() <= 1024 * 1024) {
      xml.append("<Object><Key>filler-").append(xml.length()).append("</Key></Object>");
    }
    xml.append("</Delete>");
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + "?delete")
        .POST(HttpRequest.BodyPublishers.ofString(xml.toString())).build());
    assertError(400, "MalformedXML", r);
    assertStoredDataUnchanged();
  }

  /**
   * The error is sent before the body is read; the server must still read (and drop) the rest before it
   * closes, or the close resets the connection and the reset can destroy the error before the client reads it.
   */
  @Test
  void aClientStillSendingARejectedBodyReceivesTheError() throws Exception {
    int length = 32 * 1024 * 1024;
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(60_000);
      RawHttp.send(socket, "POST /" + bucket + "?delete HTTP/1.1\r\nHost: 127.0.0.1\r\n" + RawHttp.seedCredentials()
          + "Content-Length: " + length + "\r\n\r\n");
      OutputStream out = socket.getOutputStream();
      byte[] block = new byte[64 * 1024];
      for (int sent = 0; sent < length; sent += block.length) {
        out.write(block);
      }
      out.flush();
      RawHttp.assertError(400, "MalformedXML", new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }
    assertStoredDataUnchanged();
  }

  // ---- the request head

  @Test
  void aHeaderSectionOverTheLimitIsRequestHeaderSectionTooLarge() throws Exception {
    String response = RawHttp.exchange(server, putGuarded("x-amz-meta-m: " + "x".repeat(MAX_HEADER_BYTES) + "\r\n"));
    RawHttp.assertError(400, "RequestHeaderSectionTooLarge", response);
    assertStoredDataUnchanged();
  }

  @Test
  void tooManyHeaderFieldsIsRequestHeaderSectionTooLarge() throws Exception {
    StringBuilder headers = new StringBuilder();
    for (int i = 0; i < MAX_HEADER_COUNT; i++) {
      headers.append("x-filler-").append(i).append(": 1\r\n");
    }
    String response = RawHttp.exchange(server, putGuarded(headers.toString()));
    RawHttp.assertError(400, "RequestHeaderSectionTooLarge", response);
    assertStoredDataUnchanged();
  }

  @Test
  void oneHeaderNameRepeatedCountsAsManyFields() throws Exception {
    String response = RawHttp.exchange(server, putGuarded("x-filler: 1\r\n".repeat(MAX_HEADER_COUNT)));
    RawHttp.assertError(400, "RequestHeaderSectionTooLarge", response);
    assertStoredDataUnchanged();
  }

  @Test
  void aUriOverTheLimitIsInvalidUri() throws Exception {
    String response = RawHttp.exchange(server, "PUT /" + bucket + "/guarded?" + "p=" + "x".repeat(MAX_URI)
        + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + RawHttp.seedCredentials() + "Content-Length: 3\r\n\r\nnew");
    RawHttp.assertError(400, "InvalidURI", response);
    assertStoredDataUnchanged();
  }

  @Test
  void anHttp11RequestWithoutHostIsInvalidRequestXml() throws Exception {
    // Once answered by vertx-web in plain text, with a stack trace in the log; the probes' paths included.
    for (String target : List.of("/" + bucket + "/guarded", "/_health")) {
      String response = RawHttp.exchange(server, "PUT " + target + " HTTP/1.1\r\n" + RawHttp.seedCredentials()
          + "Connection: close\r\nContent-Length: 3\r\n\r\nnew");
      RawHttp.assertError(400, "InvalidRequest", response);
      assertTrue(response.contains("Host"), response);
    }
    assertStoredDataUnchanged();
  }

  @Test
  void aKeyThatDoesNotDecodeIsInvalidUri() throws Exception {
    // %C3 opens a two-byte UTF-8 sequence that never ends: the key is not text
    String response = RawHttp.exchange(server, "PUT /" + bucket + "/guarded%C3 HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + RawHttp.seedCredentials() + "Connection: close\r\nContent-Length: 3\r\n\r\nnew");
    RawHttp.assertError(400, "InvalidURI", response);
    assertStoredDataUnchanged();
  }

  /** A PUT that would replace "guarded" with "new", with extra header lines. */
  private String putGuarded(String extraHeaders) {
    return "PUT /" + bucket + "/guarded HTTP/1.1\r\nHost: 127.0.0.1\r\n" + RawHttp.seedCredentials() + extraHeaders
        + "Content-Length: 3\r\n\r\nnew";
  }

  // ---- keys, metadata, object size

  @Test
  void aKeyOver1024BytesIsKeyTooLongError() {
    String key = "\u00e9".repeat(512) + "k"; // 1025 bytes of UTF-8 in 513 characters
    assertS3Error(400, "KeyTooLongError", () -> s3.putObject(b -> b.bucket(bucket).key(key),
        RequestBody.fromString("new")));
    assertStoredDataUnchanged();
  }

  @Test
  void userMetadataOver2KibIsMetadataTooLarge() {
    assertS3Error(400, "MetadataTooLarge", () -> s3.putObject(b -> b.bucket(bucket).key("guarded")
        .metadata(Map.of("m", "x".repeat(2048))), RequestBody.fromString("new")));
    assertStoredDataUnchanged();
  }

  @Test
  void anObjectOverTheSizeCapIsEntityTooLarge() {
    assertS3Error(400, "EntityTooLarge", () -> s3.putObject(b -> b.bucket(bucket).key("guarded"),
        RequestBody.fromBytes(new byte[MAX_OBJECT + 1])));
    assertStoredDataUnchanged();
  }

  // ---- bodies that end early

  @Test
  void anAwsChunkedBodyShorterThanItsDecodedLengthIsIncompleteBody() throws Exception {
    String response = RawHttp.exchange(server, "PUT /" + bucket + "/guarded HTTP/1.1\r\nHost: 127.0.0.1\r\n"
        + RawHttp.seedCredentials() + "Content-Encoding: aws-chunked\r\nx-amz-decoded-content-length: 100\r\n"
        + "Connection: close\r\nContent-Length: 15\r\n\r\n" + "5\r\nshort\r\n0\r\n\r\n");
    RawHttp.assertError(400, "IncompleteBody", response);
    assertStoredDataUnchanged();
  }

  @Test
  void aBodyShorterThanContentLengthStoresNothing() throws Exception {
    try (Socket socket = new Socket("127.0.0.1", server.port())) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write((putGuarded("").replace("Content-Length: 3\r\n\r\nnew", "Content-Length: 100\r\n\r\n") + "x".repeat(50))
          .getBytes(StandardCharsets.US_ASCII));
      out.flush();
      socket.shutdownOutput();
      socket.getInputStream().readAllBytes(); // returns once the server closes the connection

    }
    assertStoredDataUnchanged();
  }

  // ---- connections

  @Test
  void aConnectionOverTheCapIsSlowDownAndClosed() throws Exception {
    try (TestServer capped = TestServer.start(new JsonObject().put(Setting.HTTP_MAX_CONNECTIONS.key(), 3));
        S3Client client = capped.client()) {
      client.createBucket(b -> b.bucket(bucket));
      client.putObject(b -> b.bucket(bucket).key("guarded"), RequestBody.fromBytes(ORIGINAL));
      List<Socket> held = new ArrayList<>();
      try {
        // Fill the node: connections, each proven by a served probe, until one is refused (the SDK client's
        // pooled connection may hold a slot too).
        String refused = null;
        for (int i = 0; i <= 3 && refused == null; i++) {
          Socket s = new Socket("127.0.0.1", capped.port());
          s.setSoTimeout(60_000);
          held.add(s);
          RawHttp.send(s, "GET /_health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
          String head = RawHttp.readHead(s.getInputStream());
          refused = head.startsWith("HTTP/1.1 200") ? null : head;
        }
        assertTrue(refused != null && refused.startsWith("HTTP/1.1 503"), "a fourth connection is refused: " + refused);
        // Full: a write on one more connection is refused before it is read.
        String response = RawHttp.exchange(capped, "PUT /" + bucket + "/guarded HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + RawHttp.seedCredentials() + "Content-Length: 3\r\n\r\nnew");
        RawHttp.assertError(503, "SlowDown", response);
      } finally {
        for (Socket s : held) {
          s.close();
        }
      }
      // The SDK client's own pooled connection may count too; once the held ones close, it is served.
      assertArrayEquals(ORIGINAL, client.getObjectAsBytes(b -> b.bucket(bucket).key("guarded")).asByteArray());
    }
  }

  private static void assertError(int status, String code, HttpResponse<String> r) {
    assertEquals(status, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>" + code + "</Code>"), r.body());
  }
}
