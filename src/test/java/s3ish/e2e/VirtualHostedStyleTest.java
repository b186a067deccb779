package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Virtual-hosted style: the SDK v2 with {@code forcePathStyle(false)}, and raw requests with chosen Host
 * headers. This host's resolver does not resolve {@code *.localhost} (glibc has no such rule), so the SDK's
 * HTTP client sends every request to the node as its HTTP proxy: the request then carries the absolute URI and
 * {@code Host: bucket.localhost:port} exactly as signed, and no name is ever looked up.
 */
class VirtualHostedStyleTest {
  private static TestServer server;
  private static S3Client s3;
  /** The host of every request the SDK sent, to prove it addressed buckets by host. */
  private static final List<String> sentHosts = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put(Setting.VIRTUAL_HOST_DOMAINS.key(), "s3.test"));
    Proxy node = new Proxy(Proxy.Type.HTTP, new InetSocketAddress("127.0.0.1", server.port()));
    s3 = TestServer.clientBuilder(URI.create("http://localhost:" + server.port()), TestServer.ACCESS_KEY,
            TestServer.SECRET_KEY)
        .forcePathStyle(false)
        .httpClient(UrlConnectionHttpClient.create(uri -> open(uri, node)))
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            sentHosts.add(context.httpRequest().host());
          }
        }))
        .build();
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  private static HttpURLConnection open(URI uri, Proxy proxy) {
    try {
      return (HttpURLConnection) uri.toURL().openConnection(proxy);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Test
  void sdkInVirtualHostedModeCreatesWritesReadsListsAndDeletes() {
    String bucket = bucketName("vhost");
    sentHosts.clear();
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("dir/hello.txt"), RequestBody.fromString("hello"));
    assertEquals("hello", s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/hello.txt")).asUtf8String());
    assertEquals(List.of("dir/hello.txt"),
        s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList());
    s3.deleteObject(b -> b.bucket(bucket).key("dir/hello.txt"));
    s3.deleteBucket(b -> b.bucket(bucket));
    assertEquals(List.of(bucket + ".localhost"), sentHosts.stream().distinct().toList());
  }

  @Test
  void bucketNamesWithDotsWorkByHost() {
    String bucket = "my.dotted." + bucketName("b");
    sentHosts.clear();
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("dots"));
    assertEquals("dots", s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String());
    assertEquals(List.of(bucket + ".localhost"), sentHosts.stream().distinct().toList());
  }

  @Test
  void awkwardKeysRoundTripThroughVirtualHostedStyle() {
    String bucket = bucketName("vkeys");
    s3.createBucket(b -> b.bucket(bucket));
    List<String> keys = List.of("a b.txt", "plus+sign", "per%cent", "double//slash", "/leading", "ünï/cødé 日本");
    for (String key : keys) {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
      assertEquals(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    }
    assertEquals(keys.stream().sorted().toList(),
        s3.listObjectsV2(b -> b.bucket(bucket)).contents().stream().map(S3Object::key).toList());
  }

  @Test
  void missingBucketByHostIsNoSuchBucket() {
    assertS3Error(404, "NoSuchBucket", () -> s3.headBucket(b -> b.bucket(bucketName("absent"))));
  }

  @Test
  void configuredDomainAddressesBucketsByHostAndItselfByPath() throws IOException {
    String bucket = bucketName("domain");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("k y"), RequestBody.fromString("by domain"));
    String port = ":" + server.port();

    RawHttp.Response byHost = RawHttp.exchange(server, "GET", "/k%20y", bucket + ".s3.test" + port, "", null);
    assertEquals(200, byHost.status(), byHost.body());
    assertEquals("by domain", byHost.body());

    RawHttp.Response byPath = RawHttp.exchange(server, "GET", "/" + bucket + "/k%20y", "s3.test" + port, "", null);
    assertEquals("by domain", byPath.body());

    RawHttp.Response listed = RawHttp.exchange(server, "GET", "/?list-type=2", bucket + ".s3.test" + port, "", null);
    assertTrue(listed.body().contains("<Key>k y</Key>"), listed.body());
  }

  @Test
  void sigV2SignsTheBucketFromTheHostInVirtualHostedStyle() throws Exception {
    String bucket = bucketName("vhost-v2");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("k y"), RequestBody.fromString("signed v2"));
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    // The V2 resource is /bucket/key although the request line only carries /key.
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
    mac.init(new javax.crypto.spec.SecretKeySpec(TestServer.SECRET_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA1"));
    String signature = java.util.Base64.getEncoder().encodeToString(
        mac.doFinal(("GET\n\n\n" + date + "\n/" + bucket + "/k%20y").getBytes(StandardCharsets.UTF_8)));
    String request = "GET /k%20y HTTP/1.1\r\nHost: " + bucket + ".localhost:" + server.port() + "\r\n"
        + "Date: " + date + "\r\nAuthorization: AWS " + TestServer.ACCESS_KEY + ":" + signature + "\r\n"
        + "Connection: close\r\n\r\n";
    try (java.net.Socket socket = new java.net.Socket("127.0.0.1", server.port())) {
      socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
      String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertTrue(response.startsWith("HTTP/1.1 200"), response);
      assertTrue(response.endsWith("signed v2"), response);
    }
  }

  @Test
  void keysNamedLikeProbesAreObjectsInVirtualHostedStyle() throws IOException {
    String bucket = bucketName("probes");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("_health"), RequestBody.fromString("an object, not a probe"));
    assertEquals("an object, not a probe", s3.getObjectAsBytes(b -> b.bucket(bucket).key("_health")).asUtf8String());
    RawHttp.Response probe = RawHttp.exchange(server, "GET", "/_health", "localhost:" + server.port(), "", null);
    assertEquals("OK", probe.body());
  }

  @Test
  void theSeedsHostFormsArePathStyle() throws IOException {
    String bucket = bucketName("seedhost");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("path"));
    String port = ":" + server.port();
    for (String host : List.of("localhost" + port, "127.0.0.1" + port, "[::1]" + port)) {
      RawHttp.Response r = RawHttp.exchange(server, "GET", "/" + bucket + "/k", host, "", null);
      assertEquals(200, r.status(), host + ": " + r.body());
      assertEquals("path", r.body(), host);
    }
  }
}
