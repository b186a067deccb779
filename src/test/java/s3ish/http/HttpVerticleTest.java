package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.bus.Addresses;
import s3ish.bus.AuthMessages;
import s3ish.bus.BusErrors;
import s3ish.bus.Contract;
import s3ish.bus.InboundStream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages;
import s3ish.bus.StreamEndpoint;
import s3ish.bus.StreamSettings;
import s3ish.config.Setting;
import s3ish.observability.NodeState;

/** The verticle against stand-in auth and storage consumers on a local bus: the dispatcher's shared steps. */
class HttpVerticleTest {
  private static Vertx vertx;
  private static URI base;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final AtomicReference<StorageMessages.PutObject> lastPut = new AtomicReference<>();
  private static final AtomicReference<String> lastBody = new AtomicReference<>();
  /** How the last PutObject's body came: "inline" or "stream". */
  private static final AtomicReference<String> lastPutPath = new AtomicReference<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
    vertx.eventBus().<AuthMessages.Verify>consumer(Addresses.AUTH_VERIFY, m -> {
      boolean known = m.body().headers().stream().anyMatch(h -> h.name().equalsIgnoreCase("x-access-key"));
      if (known) {
        m.reply(new AuthMessages.Identity("demo", AuthMessages.Method.HEADER_KEYS, null, null));
      } else {
        BusErrors.fail(m, new S3Exception(S3ErrorCode.ACCESS_DENIED));
      }
    });
    vertx.eventBus().consumer(Addresses.BUCKET_LIST,
        m -> m.reply(new StorageMessages.BucketList(List.of(new StorageMessages.BucketInfo("b", 0, "us-east-1")))));
    vertx.eventBus().<StorageMessages.BucketName>consumer(Addresses.BUCKET_HEAD, m -> {
      if (m.body().bucket().equals("b")) {
        m.reply(new StorageMessages.BucketInfo("b", 0, "us-east-1"));
      } else {
        BusErrors.fail(m, new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).with("BucketName", m.body().bucket()));
      }
    });
    vertx.eventBus().<StorageMessages.GetObject>consumer(Addresses.OBJECT_GET,
        m -> BusErrors.fail(m, new S3Exception(S3ErrorCode.NO_SUCH_KEY).with("Key", m.body().key())));
    StreamEndpoint storageSide = StreamEndpoint.create(vertx, StreamSettings.DEFAULT).await();
    vertx.eventBus().<StorageMessages.PutInline>consumer(Addresses.OBJECT_PUT_INLINE, m -> {
      lastPut.set(m.body().put());
      lastBody.set(m.body().body().toString());
      lastPutPath.set("inline");
      m.reply(new StorageMessages.ObjectInfo(m.body().put().bucket(), m.body().put().key(), m.body().body().length(),
          "\"etag\"", 0, m.body().put().metadata(), Map.of()));
    });
    vertx.eventBus().<StorageMessages.PutObject>consumer(Addresses.OBJECT_PUT, m -> {
      lastPut.set(m.body());
      lastPutPath.set("stream");
      InboundStream in = storageSide.accept();
      Buffer received = Buffer.buffer();
      in.handler(received::appendBuffer);
      in.endHandler(v -> {
        lastBody.set(received.toString());
        in.complete(new StorageMessages.ObjectInfo(m.body().bucket(), m.body().key(), received.length(),
            "\"etag\"", 0, m.body().metadata(), Map.of()));
      });
      m.reply(new StorageMessages.StreamOpened(storageSide.address(), in.id(), in.window()));
    });
    vertx.eventBus().consumer(Addresses.STORAGE_PING, m -> m.reply(new StorageMessages.Pong("n", "fake")));
    vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(Setting.defaults()
        .put(Setting.LISTEN_ADDR.key(), "127.0.0.1:0").put(Setting.MAX_OBJECT_SIZE.key(), 1000L))).await();
    NodeState.markDeployed(vertx);
    base = URI.create("http://127.0.0.1:" + NodeState.httpPort(vertx));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
    return send(false, method, path, body, headers);
  }

  private static HttpResponse<String> send(boolean expectContinue, String method, String path, String body,
      String... headers) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).expectContinue(expectContinue)
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> authed(String method, String path, String body, String... headers) throws Exception {
    String[] all = new String[headers.length + 2];
    all[0] = "x-access-key";
    all[1] = "demo";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send(method, path, body, all);
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertEquals(200, send("GET", "/_health", null).statusCode());
    assertEquals("OK", send("GET", "/_health", null).body());
    assertEquals(200, send("GET", "/_ready", null).statusCode());
  }

  @Test
  void metricsWithoutARegistryIsNotFound() throws Exception {
    assertEquals(404, send("GET", "/_metrics", null).statusCode());
  }

  @Test
  void everyResponseCarriesRequestIdAndServer() throws Exception {
    HttpResponse<String> r = authed("GET", "/", null);
    assertEquals(200, r.statusCode());
    assertTrue(r.headers().firstValue("x-amz-request-id").orElseThrow().matches("[0-9A-F]{16}"));
    assertTrue(r.headers().firstValue("x-amz-id-2").isPresent());
    assertEquals("s3ish", r.headers().firstValue("Server").orElseThrow());
    assertTrue(r.headers().firstValue("Date").isPresent());
    assertTrue(r.body().contains("<Bucket><Name>b</Name>"));
  }

  @Test
  void missingCredentialsAreAccessDeniedXml() throws Exception {
    HttpResponse<String> r = send("GET", "/", null);
    assertEquals(403, r.statusCode());
    assertEquals("application/xml", r.headers().firstValue("Content-Type").orElseThrow());
    String id = r.headers().firstValue("x-amz-request-id").orElseThrow();
    assertTrue(r.body().contains("<Code>AccessDenied</Code>") && r.body().contains("<RequestId>" + id + "</RequestId>"),
        r.body());
  }

  @Test
  void unimplementedApiIsNotImplementedNamingIt() throws Exception {
    HttpResponse<String> r = authed("PUT", "/b?versioning", null);
    assertEquals(501, r.statusCode());
    assertTrue(r.body().contains("PutBucketVersioning"), r.body());
  }

  @Test
  void unknownMethodIsMethodNotAllowed() throws Exception {
    assertEquals(405, authed("OPTIONS", "/b/k", null).statusCode());
  }

  @Test
  void headOfMissingKeyIs404WithoutBody() throws Exception {
    HttpResponse<String> r = authed("HEAD", "/b/missing", null);
    assertEquals(404, r.statusCode());
    assertEquals("", r.body());
    HttpResponse<String> get = authed("GET", "/b/missing", null);
    assertEquals(404, get.statusCode());
    assertTrue(get.body().contains("<Code>NoSuchKey</Code>") && get.body().contains("<Key>missing</Key>"), get.body());
  }

  @Test
  void headBucketAndLocation() throws Exception {
    HttpResponse<String> r = authed("HEAD", "/b", null);
    assertEquals(200, r.statusCode());
    assertEquals("us-east-1", r.headers().firstValue("x-amz-bucket-region").orElseThrow());
    assertEquals(404, authed("HEAD", "/nope", null).statusCode());
    assertTrue(authed("GET", "/b?location", null).body().endsWith("<LocationConstraint xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"/>"));
  }

  @Test
  void putSendsASmallBodyInsideTheRequestWithMetadata() throws Exception {
    HttpResponse<String> r = authed("PUT", "/b/dir//a+b%20c", "hello body",
        "Content-Type", "text/plain", "x-amz-meta-Color", "blue");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("\"etag\"", r.headers().firstValue("ETag").orElseThrow());
    assertEquals("hello body", lastBody.get());
    assertEquals("inline", lastPutPath.get());
    StorageMessages.PutObject put = lastPut.get();
    assertEquals("dir//a+b c", put.key());
    assertEquals(10, put.contentLength());
    assertEquals("text/plain", put.metadata().contentType());
    assertEquals(Map.of("color", "blue"), put.metadata().user());
  }

  @Test
  void aPutThatWaitsFor100ContinueStreams() throws Exception {
    // Its body may not be read before storage has accepted the upload.
    HttpResponse<String> r = send(true, "PUT", "/b/waits", "after continue", "x-access-key", "demo");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("after continue", lastBody.get());
    assertEquals("stream", lastPutPath.get());
  }

  @Test
  void awsChunkedPutIsDecoded() throws Exception {
    HttpResponse<String> r = authed("PUT", "/b/chunked", "5;chunk-signature=aa\r\nhello\r\n0;chunk-signature=bb\r\n\r\n",
        "Content-Encoding", "aws-chunked", "x-amz-decoded-content-length", "5",
        "x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("hello", lastBody.get());
    assertEquals(5, lastPut.get().contentLength());
    assertEquals("stream", lastPutPath.get());
  }

  @Test
  void badPutHeadersAreRefusedBeforeStorage() throws Exception {
    assertEquals(400, authed("PUT", "/b/big", "x".repeat(1001)).statusCode());
    assertTrue(authed("PUT", "/b/big", "x".repeat(1001)).body().contains("EntityTooLarge"));
    assertTrue(authed("PUT", "/b/k", "x", "Content-MD5", "abc").body().contains("InvalidDigest"));
    assertTrue(authed("PUT", "/b/k", "x", "x-amz-meta-big", "v".repeat(2100)).body().contains("MetadataTooLarge"));
  }

  @Test
  void invalidBucketNameOnCreate() throws Exception {
    HttpResponse<String> r = authed("PUT", "/Bad_Name", null);
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("InvalidBucketName"));
  }

  @Test
  void malformedDeleteIsMalformedXml() throws Exception {
    HttpResponse<String> r = authed("POST", "/b?delete", "<Delete><Object>");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("MalformedXML"));
  }
}
