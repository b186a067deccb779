package s3ish;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import s3ish.bus.Contract;
import s3ish.bus.Role;
import s3ish.config.Setting;
import s3ish.observability.NodeState;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/**
 * A real node in this JVM: storage, auth and http verticles on a fresh Vert.x, HTTP on a random loopback
 * port, credentials demo:demo-secret. Close it to stop everything it started.
 */
public final class TestServer implements AutoCloseable {
  public static final String ACCESS_KEY = "demo";
  public static final String SECRET_KEY = "demo-secret";

  private final Vertx vertx;
  private final Path dir;
  private final int port;

  private TestServer(Vertx vertx, Path dir, int port) {
    this.vertx = vertx;
    this.dir = dir;
    this.port = port;
  }

  public static TestServer start() {
    return start(new JsonObject());
  }

  public static TestServer start(JsonObject overrides) {
    return start(overrides, new Role[] {Role.STORAGE, Role.AUTH, Role.HTTP});
  }

  /** As {@link #start()}, plus the gRPC role on a random loopback port ({@link #grpcPort()}). */
  public static TestServer startWithGrpc() {
    return startWithGrpc(new JsonObject());
  }

  public static TestServer startWithGrpc(JsonObject overrides) {
    return start(new JsonObject().put(Setting.GRPC_LISTEN_ADDR.key(), "127.0.0.1:0").mergeIn(overrides),
        new Role[] {Role.STORAGE, Role.AUTH, Role.HTTP, Role.GRPC});
  }

  private static TestServer start(JsonObject overrides, Role[] roles) {
    try {
      Path dir = Files.createTempDirectory("s3ish-test");
      Path creds = dir.resolve("creds.txt");
      Files.writeString(creds, ACCESS_KEY + ":" + SECRET_KEY + "\n");
      JsonObject config = Setting.defaults()
          .put(Setting.LISTEN_ADDR.key(), "127.0.0.1:0")
          .put(Setting.AUTH_FILE.key(), creds.toString());
      if ("file".equals(System.getProperty("s3ish.testBackend"))) {
        config.put(Setting.STORAGE_BACKEND.key(), "file"); // -Ds3ish.testBackend=file: every TestServer test on files
      }
      config.mergeIn(overrides);
      if ("file".equals(config.getString(Setting.STORAGE_BACKEND.key()))
          && config.getString(Setting.STORAGE_ROOT.key(), "").isEmpty()) {
        // No root given: one inside the temp dir, removed at close.
        config.put(Setting.STORAGE_ROOT.key(), Files.createDirectory(dir.resolve("storage")).toString());
      }
      Vertx vertx = Vertx.vertx();
      Contract.registerCodecs(vertx);
      DeploymentOptions options = new DeploymentOptions().setConfig(config);
      if (Setting.ENABLE_ERASURE_CODING.bool(config)) {
        vertx.deployVerticle(Role.ERASURE.verticleClass(), options).await(); // storage codes through it
      }
      for (Role role : roles) {
        vertx.deployVerticle(role.verticleClass(), options).await();
      }
      NodeState.markDeployed(vertx);
      return new TestServer(vertx, dir, NodeState.httpPort(vertx));
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }

  public Vertx vertx() {
    return vertx;
  }

  public int port() {
    return port;
  }

  /** The gRPC role's port, or -1 when it was not started. */
  public int grpcPort() {
    return NodeState.grpcPort(vertx);
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + port);
  }

  /** An SDK v2 client with path-style addressing and otherwise default settings (checksums included). */
  public S3Client client() {
    return client(ACCESS_KEY, SECRET_KEY);
  }

  public S3Client client(String accessKey, String secretKey) {
    return client(endpoint(), accessKey, secretKey);
  }

  /** The same client for any endpoint, e.g. a node started as a separate process. */
  public static S3Client client(URI endpoint, String accessKey, String secretKey) {
    return clientBuilder(endpoint, accessKey, secretKey).build();
  }

  public static S3ClientBuilder clientBuilder(URI endpoint, String accessKey, String secretKey) {
    return S3Client.builder()
        .endpointOverride(endpoint)
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, secretKey)))
        .httpClient(UrlConnectionHttpClient.create());
  }

  /**
   * A client that sends PUT bodies as most non-AWS clients do (rclone, curl, load generators): plain, with
   * Content-Length (signed by its SHA-256 instead of aws-chunked chunk signatures) and no checksum trailer,
   * without waiting for 100 Continue. The SDK asks for 100 Continue on every PutObject; the header is dropped
   * before signing.
   */
  public static S3Client plainBodyClient(URI endpoint, String accessKey, String secretKey) {
    return clientBuilder(endpoint, accessKey, secretKey)
        .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build())
        .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
        .overrideConfiguration(o -> o.addExecutionInterceptor(new ExecutionInterceptor() {
          @Override
          public SdkHttpRequest modifyHttpRequest(Context.ModifyHttpRequest context, ExecutionAttributes attributes) {
            return context.httpRequest().toBuilder().removeHeader("Expect").build();
          }
        }))
        .build();
  }

  @Override
  public void close() {
    vertx.close().await();
    try (var files = Files.walk(dir)) {
      files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // temp dir: best effort
    }
  }
}
