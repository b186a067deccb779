package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.Node;
import s3ish.config.Setting;
import s3ish.config.VerticlesPlan;
import io.vertx.core.Future;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A real node (metrics on) runs a known workload through the AWS SDK; scrapes of {@code /_metrics} before and
 * after show the s3ish counters moved by exactly the workload's amounts, and every metric the Grafana
 * dashboard queries exists in the scrape.
 */
@Timeout(120)
class MetricsScrapeTest {
  private static final int[] SIZES = {1000, 5000, 70_000};
  private static final int PART = 1000;
  private static final int REFUSED = 10;
  /** One object sent as a plain body without 100 Continue: it goes to storage inline, not as a stream. */
  private static final int INLINE = 3000;
  private static Node node;
  private static PrometheusText before;
  private static PrometheusText after;

  @BeforeAll
  static void runWorkload(@TempDir Path dir) throws Exception {
    Path creds = dir.resolve("creds.txt");
    Files.writeString(creds, TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    var settings = Setting.defaults()
        .put(Setting.LISTEN_ADDR.key(), "127.0.0.1:0")
        .put(Setting.GRPC_LISTEN_ADDR.key(), "127.0.0.1:0")
        .put(Setting.AUTH_FILE.key(), creds.toString())
        // 4 KiB chunks: the 5000-byte download streams; the 100-byte range fits a chunk and comes inline
        .put(Setting.CHUNK_SIZE.key(), 4096);
    VerticlesPlan everyRole = VerticlesPlan.parse("{\"storage\": {}, \"auth\": {}, \"http\": {}, \"grpc\": {}}", "test");
    node = Node.start(settings, everyRole, null).await();
    URI endpoint = URI.create("http://127.0.0.1:" + node.httpPort());
    before = scrape(endpoint);
    try (S3Client s3 = TestServer.client(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
        S3Client wrongSecret = TestServer.client(endpoint, TestServer.ACCESS_KEY, "not-the-secret")) {
      s3.createBucket(b -> b.bucket("metrics"));
      for (int i = 0; i < SIZES.length; i++) {
        int n = i;
        s3.putObject(b -> b.bucket("metrics").key("k" + n), RequestBody.fromBytes(new byte[SIZES[n]]));
      }
      assertEquals(SIZES[1], s3.getObjectAsBytes(b -> b.bucket("metrics").key("k1")).asByteArray().length);
      assertEquals(100, s3.getObjectAsBytes(b -> b.bucket("metrics").key("k2").range("bytes=0-99")).asByteArray().length);
      assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket("metrics").key("missing")));
      s3.deleteObject(b -> b.bucket("metrics").key("k0"));
      String upload = s3.createMultipartUpload(b -> b.bucket("metrics").key("mp")).uploadId();
      String etag = s3.uploadPart(b -> b.bucket("metrics").key("mp").uploadId(upload).partNumber(1),
          RequestBody.fromBytes(new byte[PART])).eTag();
      s3.completeMultipartUpload(b -> b.bucket("metrics").key("mp").uploadId(upload)
          .multipartUpload(m -> m.parts(CompletedPart.builder().partNumber(1).eTag(etag).build())));
      S3Exception denied = assertThrows(S3Exception.class, wrongSecret::listBuckets);
      assertEquals(403, denied.statusCode());
      // a body that does not match its Content-MD5: storage discards it
      S3Exception badDigest = assertThrows(S3Exception.class, () -> s3.putObject(b -> b.bucket("metrics").key("bad")
          .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromBytes(new byte[REFUSED])));
      assertEquals("BadDigest", badDigest.awsErrorDetails().errorCode());
    }
    try (S3Client plain = TestServer.plainBodyClient(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
      plain.putObject(b -> b.bucket("metrics").key("inline"), RequestBody.fromBytes(new byte[INLINE]));
    }
    // a gRPC call without credentials: refused, and counted by method and status
    GrpcClient grpc = GrpcClient.client(node.vertx());
    try {
      Throwable refused = ObjectStoreGrpcClient.create(grpc, SocketAddress.inetSocketAddress(node.grpcPort(), "127.0.0.1"))
          .listBuckets(Empty.getDefaultInstance()).transform(ar -> Future.succeededFuture(ar.cause())).await();
      assertTrue(refused != null, "an unauthenticated call must fail");
    } finally {
      grpc.close().await();
    }
    after = scrape(endpoint);
  }

  @AfterAll
  static void stop() {
    if (node != null) {
      node.close().await();
    }
  }

  private static PrometheusText scrape(URI endpoint) throws IOException, InterruptedException {
    HttpResponse<String> response = HttpClient.newHttpClient().send(
        HttpRequest.newBuilder(endpoint.resolve("/_metrics")).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, response.statusCode());
    return new PrometheusText(response.body());
  }

  private static double delta(String name, String... labels) {
    return after.value(name, labels) - before.value(name, labels);
  }

  @Test
  void requestCountersMovedByTheWorkload() {
    assertEquals(4, delta("s3ish_http_requests_total", "operation", "PutObject", "status", "200"));
    assertEquals(2, delta("s3ish_http_requests_total", "operation", "GetObject", "status", "206")
        + delta("s3ish_http_requests_total", "operation", "GetObject", "status", "200"));
    assertEquals(1, delta("s3ish_http_requests_total", "operation", "HeadObject", "status", "404"));
    assertEquals(1, delta("s3ish_http_errors_total", "code", "NoSuchKey"));
    assertEquals(1, delta("s3ish_http_errors_total", "code", "SignatureDoesNotMatch"));
    assertEquals(1, delta("s3ish_http_errors_total", "code", "BadDigest"));
    assertEquals(5, delta("s3ish_http_request_duration_seconds_count", "operation", "PutObject"));
    assertEquals(1, delta("s3ish_http_range_requests_total", "operation", "GetObject"));
    assertEquals(0, after.value("s3ish_http_requests_in_flight"));
    // the scrape's own connection at least; Vert.x's HTTP server meters, which it replaces, are off
    assertTrue(after.value("s3ish_http_connections_open") >= 1);
    assertTrue(after.names().stream().noneMatch(name -> name.startsWith("vertx_http_server_")), "" + after.names());
    // aws-chunked framing and headers come on top of the object bytes
    double objectBytes = SIZES[0] + SIZES[1] + SIZES[2] + INLINE;
    assertTrue(delta("s3ish_http_received_bytes_total", "operation", "PutObject") >= objectBytes);
    assertTrue(delta("s3ish_http_sent_bytes_total", "operation", "GetObject") >= SIZES[1] + 100);
  }

  @Test
  void authCountersSayHowRequestsAuthenticated() {
    // create, 5 puts, 2 gets, head, delete, multipart create, part, complete
    assertEquals(13, delta("s3ish_auth_requests_total", "method", "sigv4", "reason", "OK", "result", "allowed"));
    assertEquals(1, delta("s3ish_auth_requests_total", "method", "sigv4", "reason", "SignatureDoesNotMatch",
        "result", "denied"));
    assertEquals(14, delta("s3ish_auth_verify_duration_seconds_count", "method", "sigv4"));
    // the SDK signs every chunk over http: 4 objects and 1 part, each at least one data chunk and the final one
    assertEquals(5, delta("s3ish_http_aws_chunked_requests_total", "mode", "signed-trailer"));
    assertTrue(delta("s3ish_auth_chunk_signatures_total", "result", "valid") >= 8);
    assertEquals(0, delta("s3ish_auth_chunk_signatures_total", "result", "invalid"));
    assertEquals(1, after.value("s3ish_auth_credentials"));
  }

  @Test
  void storageCountersAndGaugesMatchWhatWasStored() {
    assertEquals(SIZES[0] + SIZES[1] + SIZES[2] + PART + REFUSED + INLINE, delta("s3ish_storage_written_bytes_total"));
    assertEquals(1, delta("s3ish_storage_uploads_discarded_total", "reason", "BadDigest"));
    assertEquals(SIZES[1] + 100, delta("s3ish_storage_read_bytes_total"));
    assertEquals(4, delta("s3ish_storage_writes_total", "kind", "object"));
    assertEquals(1, delta("s3ish_storage_writes_total", "kind", "part"));
    assertEquals(1, delta("s3ish_storage_deleted_objects_total"));
    assertEquals(1, delta("s3ish_storage_multipart_uploads_initiated_total"));
    assertEquals(1, delta("s3ish_storage_multipart_uploads_completed_total"));
    assertEquals(4, after.value("s3ish_storage_objects", "backend", "memory"));
    assertEquals(1, after.value("s3ish_storage_buckets", "backend", "memory"));
    assertEquals(SIZES[1] + SIZES[2] + PART + INLINE, after.value("s3ish_storage_stored_bytes", "backend", "memory"));
    assertEquals(0, after.value("s3ish_storage_multipart_uploads_open", "backend", "memory"));
    assertEquals(4, delta("s3ish_storage_operations_total", "operation", "object.put", "result", "OK"));
    assertEquals(1, delta("s3ish_storage_operations_total", "operation", "object.put-inline", "result", "OK"));
    assertEquals(1, delta("s3ish_storage_operations_total", "operation", "object.get", "result", "NoSuchKey"));
  }

  @Test
  void busStreamCountersSeeEveryBody() {
    // storage received 3 objects and 1 part (the plain PUT came inline); http received 1 download (the ranged
    // one came inline)
    assertEquals(5, delta("s3ish_bus_streams_total", "direction", "inbound", "outcome", "completed"));
    assertEquals(5, delta("s3ish_bus_streams_total", "direction", "outbound", "outcome", "completed"));
    assertEquals(1, delta("s3ish_bus_streams_total", "direction", "inbound", "outcome", "failed"));
    assertEquals(1, delta("s3ish_bus_streams_total", "direction", "outbound", "outcome", "failed"));
    assertEquals(0, after.value("s3ish_bus_streams_open", "direction", "inbound"));
    assertEquals(0, after.value("s3ish_bus_streams_open", "direction", "outbound"));
    assertEquals(SIZES[0] + SIZES[1] + SIZES[2] + PART + REFUSED + SIZES[1],
        delta("s3ish_bus_stream_bytes_total", "direction", "outbound"));
    assertEquals(1, delta("s3ish_bus_requests_total", "address", "s3ish.storage.object.delete", "result", "OK"));
  }

  @Test
  void grpcCallsAreCountedByMethodAndStatus() {
    assertEquals(1, delta("s3ish_grpc_requests_total", "method", "ListBuckets", "status", "16")
        + delta("s3ish_grpc_requests_total", "method", "ListBuckets", "status", "7"));
    assertEquals(0, after.value("s3ish_grpc_requests_in_flight"));
  }

  @Test
  void nodeGaugesDescribeTheNode() {
    assertEquals(1, after.value("s3ish_node_ready"));
    assertEquals(0, after.value("s3ish_node_draining"));
    assertEquals(1, after.value("s3ish_cluster_members"));
    assertEquals(1, after.value("s3ish_node_role_instances", "role", "storage"));
  }

  /**
   * Distinct s3ish_ metric families in a scrape after the workload, the erasure ones (at zero until the erasure
   * role records) included; a timer's _max gauge is not counted as a family of its own.
   */
  @Test
  void atLeast66DistinctS3ishMetricFamilies() {
    Set<String> families = after.names().stream().filter(n -> n.startsWith("s3ish_"))
        .map(n -> n.replaceAll("_(bucket|count|sum|max)$", "")).collect(Collectors.toCollection(TreeSet::new));
    assertTrue(families.size() >= 66, families.size() + " " + families);
  }

  @Test
  void everyMetricTheDashboardQueriesIsInTheScrape() throws IOException {
    JsonNode dashboard = new ObjectMapper().readTree(Path.of("docs/grafana-dashboard.json").toFile());
    List<String> expressions = new ArrayList<>();
    collectExpressions(dashboard, expressions);
    assertTrue(expressions.size() >= 15, "dashboard has " + expressions.size() + " queries");
    Set<String> missing = new TreeSet<>();
    Set<String> used = new TreeSet<>();
    for (String expr : expressions) {
      Set<String> names = PromQlNames.of(expr);
      assertFalse(names.isEmpty(), "no metric in " + expr);
      used.addAll(names);
      names.stream().filter(n -> !after.names().contains(n)).forEach(missing::add);
    }
    assertTrue(missing.isEmpty(), "not in the scrape: " + missing);
    assertTrue(used.stream().filter(n -> n.startsWith("s3ish_")).count() >= 20, used.toString());
  }

  private static void collectExpressions(JsonNode node, List<String> into) {
    if (node.isObject()) {
      node.fields().forEachRemaining(e -> {
        if (e.getKey().equals("expr") && e.getValue().isTextual()) {
          into.add(e.getValue().asText());
        } else {
          collectExpressions(e.getValue(), into);
        }
      });
    } else if (node.isArray()) {
      node.forEach(child -> collectExpressions(child, into));
    }
  }
}
