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

/**
 * The multipart operations against stand-in storage consumers on a local bus: what the HTTP side sends over the
 * contract and how it renders the replies, independent of the storage implementation.
 */
class MultipartHttpTest {
  private static final long T = 1704164645678L;
  private static Vertx vertx;
  private static URI base;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static final AtomicReference<Object> lastRequest = new AtomicReference<>();
  private static final AtomicReference<String> lastBody = new AtomicReference<>();

  @BeforeAll
  static void start() {
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
    vertx.eventBus().<AuthMessages.Verify>consumer(Addresses.AUTH_VERIFY,
        m -> m.reply(new AuthMessages.Identity("demo", AuthMessages.Method.HEADER_KEYS, null, null)));
    vertx.eventBus().<StorageMessages.CreateMultipartUpload>consumer(Addresses.MULTIPART_CREATE, m -> {
      lastRequest.set(m.body());
      m.reply(new StorageMessages.UploadCreated(m.body().bucket(), m.body().key(), "up-1", T));
    });
    StreamEndpoint storageSide = StreamEndpoint.create(vertx, StreamSettings.DEFAULT).await();
    vertx.eventBus().<StorageMessages.UploadPart>consumer(Addresses.MULTIPART_PART, m -> {
      lastRequest.set(m.body());
      if (!m.body().uploadId().equals("up-1")) {
        BusErrors.fail(m, new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD).with("UploadId", m.body().uploadId()));
        return;
      }
      InboundStream in = storageSide.accept();
      Buffer received = Buffer.buffer();
      in.handler(received::appendBuffer);
      in.endHandler(v -> {
        lastBody.set(received.toString());
        in.complete(new StorageMessages.PartInfo(m.body().partNumber(), "\"part-etag\"", received.length(), T,
            Map.of()));
      });
      m.reply(new StorageMessages.StreamOpened(storageSide.address(), in.id(), in.window()));
    });
    vertx.eventBus().<StorageMessages.UploadPartCopy>consumer(Addresses.MULTIPART_PART_COPY, m -> {
      lastRequest.set(m.body());
      m.reply(new StorageMessages.PartInfo(m.body().partNumber(), "\"copied\"", 10, T, Map.of()));
    });
    vertx.eventBus().<StorageMessages.CompleteMultipartUpload>consumer(Addresses.MULTIPART_COMPLETE, m -> {
      lastRequest.set(m.body());
      m.reply(new StorageMessages.ObjectInfo(m.body().bucket(), m.body().key(), 10, "\"abc-2\"", T,
          StorageMessages.ObjectMetadata.EMPTY, Map.of(), 2));
    });
    vertx.eventBus().<StorageMessages.UploadKey>consumer(Addresses.MULTIPART_ABORT, m -> {
      lastRequest.set(m.body());
      m.reply(null);
    });
    vertx.eventBus().<StorageMessages.ListParts>consumer(Addresses.MULTIPART_PARTS, m -> {
      lastRequest.set(m.body());
      m.reply(new StorageMessages.PartList(m.body().bucket(), m.body().key(), m.body().uploadId(), T,
          List.of(new StorageMessages.PartInfo(1, "\"e1\"", 5, T, Map.of())), false, 0));
    });
    vertx.eventBus().<StorageMessages.ListMultipartUploads>consumer(Addresses.MULTIPART_UPLOADS, m -> {
      lastRequest.set(m.body());
      m.reply(new StorageMessages.UploadList(List.of(new StorageMessages.UploadSummary("k", "up-1", T)), List.of(),
          false, null, null));
    });
    vertx.eventBus().<StorageMessages.GetObject>consumer(Addresses.OBJECT_GET, m -> {
      lastRequest.set(m.body());
      StorageMessages.ObjectInfo info = new StorageMessages.ObjectInfo("b", "k", 10, "\"abc-2\"", T,
          StorageMessages.ObjectMetadata.EMPTY, Map.of(), 2);
      m.reply(new StorageMessages.ObjectRead(info, 4, 6, m.body().partNumber() != null));
    });
    vertx.deployVerticle(new HttpVerticle(), new DeploymentOptions().setConfig(Setting.defaults()
        .put(Setting.LISTEN_ADDR.key(), "127.0.0.1:0"))).await();
    NodeState.markDeployed(vertx);
    base = URI.create("http://127.0.0.1:" + NodeState.httpPort(vertx));
  }

  @AfterAll
  static void stop() {
    vertx.close().await();
  }

  private static HttpResponse<String> send(String method, String path, String body, String... headers)
      throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .header("x-access-key", "demo");
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void createSendsMetadataAndChecksumAlgorithmAndAnswersTheUploadId() throws Exception {
    HttpResponse<String> r = send("POST", "/b/dir/k?uploads", null, "Content-Type", "text/plain",
        "x-amz-meta-color", "red", "x-amz-checksum-algorithm", "CRC32");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Bucket>b</Bucket><Key>dir/k</Key><UploadId>up-1</UploadId>"), r.body());
    assertEquals("CRC32", r.headers().firstValue("x-amz-checksum-algorithm").orElseThrow());
    StorageMessages.CreateMultipartUpload sent = (StorageMessages.CreateMultipartUpload) lastRequest.get();
    assertEquals("text/plain", sent.metadata().contentType());
    assertEquals(Map.of("color", "red"), sent.metadata().user());
    assertEquals(s3ish.bus.Checksum.CRC32, sent.checksumAlgorithm());
  }

  @Test
  void uploadPartStreamsTheBodyAndAnswersTheEtag() throws Exception {
    HttpResponse<String> r = send("PUT", "/b/k?partNumber=3&uploadId=up-1", "part body");
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("\"part-etag\"", r.headers().firstValue("ETag").orElseThrow());
    assertEquals("part body", lastBody.get());
    StorageMessages.UploadPart sent = (StorageMessages.UploadPart) lastRequest.get();
    assertEquals(3, sent.partNumber());
    assertEquals(9, sent.contentLength());
  }

  @Test
  void uploadPartToAnUnknownUploadIsNoSuchUpload() throws Exception {
    HttpResponse<String> r = send("PUT", "/b/k?partNumber=1&uploadId=nope", "x");
    assertEquals(404, r.statusCode());
    assertTrue(r.body().contains("<Code>NoSuchUpload</Code>"), r.body());
  }

  @Test
  void uploadPartWithABadPartNumberIsInvalidArgument() throws Exception {
    HttpResponse<String> r = send("PUT", "/b/k?partNumber=0&uploadId=up-1", "x");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("<Code>InvalidArgument</Code>"), r.body());
  }

  @Test
  void uploadPartCopySendsSourceRangeAndConditions() throws Exception {
    HttpResponse<String> r = send("PUT", "/b/k?partNumber=2&uploadId=up-1", null,
        "x-amz-copy-source", "/src/a%20b", "x-amz-copy-source-range", "bytes=0-9",
        "x-amz-copy-source-if-match", "\"x\"");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<CopyPartResult") && r.body().contains("<ETag>\"copied\"</ETag>"), r.body());
    StorageMessages.UploadPartCopy sent = (StorageMessages.UploadPartCopy) lastRequest.get();
    assertEquals("src", sent.sourceBucket());
    assertEquals("a b", sent.sourceKey());
    assertEquals(new StorageMessages.ByteRange(0L, 9L, null), sent.sourceRange());
    assertEquals("\"x\"", sent.sourceConditions().ifMatch());
  }

  @Test
  void uploadPartCopyWithAMalformedRangeIsInvalidArgument() throws Exception {
    HttpResponse<String> r = send("PUT", "/b/k?partNumber=2&uploadId=up-1", null,
        "x-amz-copy-source", "/src/a", "x-amz-copy-source-range", "bytes=5-");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("<Code>InvalidArgument</Code>"), r.body());
  }

  @Test
  void completeSendsThePartsAndWriteConditions() throws Exception {
    HttpResponse<String> r = send("POST", "/b/k?uploadId=up-1", "<CompleteMultipartUpload>"
        + "<Part><PartNumber>1</PartNumber><ETag>\"e1\"</ETag></Part>"
        + "<Part><PartNumber>2</PartNumber><ETag>e2</ETag></Part></CompleteMultipartUpload>",
        "If-None-Match", "*");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Bucket>b</Bucket><Key>k</Key><ETag>\"abc-2\"</ETag>"), r.body());
    assertTrue(r.body().contains("<Location>http://127.0.0.1:"), r.body());
    StorageMessages.CompleteMultipartUpload sent = (StorageMessages.CompleteMultipartUpload) lastRequest.get();
    assertEquals(List.of(new StorageMessages.CompletedPart(1, "\"e1\""), new StorageMessages.CompletedPart(2, "\"e2\"")),
        sent.parts());
    assertEquals(new StorageMessages.WriteConditions(null, "*"), sent.conditions());
  }

  @Test
  void completeWithMalformedXmlIsMalformedXml() throws Exception {
    HttpResponse<String> r = send("POST", "/b/k?uploadId=up-1", "<CompleteMultipartUpload><Part>");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("<Code>MalformedXML</Code>"), r.body());
  }

  @Test
  void abortIsNoContent() throws Exception {
    assertEquals(204, send("DELETE", "/b/k?uploadId=up-1", null).statusCode());
    assertEquals(new StorageMessages.UploadKey("b", "k", "up-1"), lastRequest.get());
  }

  @Test
  void listPartsPassesMarkerAndCapsMaxParts() throws Exception {
    HttpResponse<String> r = send("GET", "/b/k?uploadId=up-1&part-number-marker=4&max-parts=5000", null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<ListPartsResult") && r.body().contains("<PartNumber>1</PartNumber>"), r.body());
    assertEquals(new StorageMessages.ListParts("b", "k", "up-1", 4, 1000), lastRequest.get());
  }

  @Test
  void listMultipartUploadsPassesTheQuery() throws Exception {
    HttpResponse<String> r = send("GET", "/b?uploads&prefix=p&delimiter=/&key-marker=a&upload-id-marker=u&max-uploads=7",
        null);
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Upload><Key>k</Key><UploadId>up-1</UploadId>"), r.body());
    assertEquals(new StorageMessages.ListMultipartUploads("b", "p", "/", "a", "u", 7), lastRequest.get());
  }

  @Test
  void headWithPartNumberIsPartialWithPartsCount() throws Exception {
    HttpResponse<String> r = send("HEAD", "/b/k?partNumber=2", null);
    assertEquals(206, r.statusCode());
    assertEquals("2", r.headers().firstValue("x-amz-mp-parts-count").orElseThrow());
    assertEquals("bytes 4-9/10", r.headers().firstValue("Content-Range").orElseThrow());
    assertEquals(2, ((StorageMessages.GetObject) lastRequest.get()).partNumber());
  }

  @Test
  void plainHeadOfAMultipartObjectCarriesPartsCount() throws Exception {
    HttpResponse<String> r = send("HEAD", "/b/k", null);
    assertEquals(200, r.statusCode());
    assertEquals("2", r.headers().firstValue("x-amz-mp-parts-count").orElseThrow());
  }

  @Test
  void rangeTogetherWithPartNumberIsInvalidRequest() throws Exception {
    HttpResponse<String> r = send("GET", "/b/k?partNumber=1", null, "Range", "bytes=0-1");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("<Code>InvalidRequest</Code>"), r.body());
  }
}
