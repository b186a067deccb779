package s3ish.http;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.core.net.HostAndPort;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import s3ish.bus.StorageClient;
import s3ish.config.Setting;
import s3ish.bus.StreamEndpoint;
import s3ish.observability.NodeState;

/**
 * The S3 REST role: binds the HTTP server (instances share the port), the health routes and the S3
 * dispatcher. Talks to auth and storage only over the bus.
 */
public final class HttpVerticle extends VerticleBase {
  private static final long READY_PING_MS = 2000;

  private HttpConfig settings;
  private StreamEndpoint endpoint;
  private StorageClient storage;
  private HttpServer server;

  @Override
  public Future<?> start() {
    settings = HttpConfig.from(config());
    return StreamEndpoint.create(vertx, settings.streams())
        .compose(this::listen)
        .onSuccess(bound -> NodeState.httpPort(vertx, bound.actualPort()));
  }

  @Override
  public Future<?> stop() {
    // Draining for shutdown: stop accepting and give requests in flight the grace period; else close at once.
    long grace = NodeState.isDraining(vertx) ? Setting.SHUTDOWN_GRACE_SECS.intValue(config()) : 0;
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.SECONDS);
    return closed.eventually(() -> endpoint == null ? Future.succeededFuture() : endpoint.close());
  }

  private Future<HttpServer> listen(StreamEndpoint created) {
    endpoint = created;
    storage = new StorageClient(vertx, endpoint);
    S3Dispatcher dispatcher = new S3Dispatcher(vertx, operations(), settings.streams().idleTimeoutMs(),
        settings.virtualHosts());
    Router probes = router(dispatcher);
    HttpServerOptions options = new HttpServerOptions()
        .setHost(settings.host())
        .setPort(settings.port())
        // 100 Continue is sent by the operation once the request is authenticated and accepted.
        .setHandle100ContinueAutomatically(false)
        // Stored bytes are the bytes sent: never decompress request bodies.
        .setDecompressionSupported(false)
        .setCompressionSupported(false)
        .setMaxHeaderSize(settings.limits().maxHeaderBytes())
        .setMaxInitialLineLength(settings.limits().maxUriBytes())
        .setIdleTimeout(settings.limits().idleTimeoutSecs())
        // S3 is HTTP/1.1: refusing the h2c upgrade keeps early error responses (body unread) simple and safe.
        .setHttp2ClearTextEnabled(false);
    ConnectionGuard guard = new ConnectionGuard(vertx, settings.limits());
    server = vertx.createHttpServer(options)
        .connectionHandler(guard::connected)
        .invalidRequestHandler(guard::invalid)
        .requestHandler(request -> {
          if (!guard.admit(request)) {
            return;
          }
          // Body bytes would be dropped while no handler is set; the operation resumes when it reads.
          if (RequestBodies.present(request)) {
            request.pause();
          }
          if (forProbes(request)) {
            probes.handle(request);
          } else {
            dispatcher.dispatch(request);
          }
        });
    return server.listen();
  }

  private Map<S3Endpoint, S3Operation> operations() {
    Map<S3Endpoint, S3Operation> table = new EnumMap<>(S3Endpoint.class);
    BucketOperations buckets = new BucketOperations(storage, settings.region());
    table.put(S3Endpoint.LIST_BUCKETS, buckets::listBuckets);
    table.put(S3Endpoint.CREATE_BUCKET, buckets::createBucket);
    table.put(S3Endpoint.HEAD_BUCKET, buckets::headBucket);
    table.put(S3Endpoint.DELETE_BUCKET, buckets::deleteBucket);
    table.put(S3Endpoint.GET_BUCKET_LOCATION, buckets::getBucketLocation);
    table.put(S3Endpoint.GET_BUCKET_VERSIONING, buckets::getBucketVersioning);
    table.put(S3Endpoint.PUT_OBJECT, new PutObjectOperation(storage, settings.maxObjectSize(),
        endpoint.settings().chunkSize()));
    CopyObjectOperation copy = new CopyObjectOperation(storage);
    table.put(S3Endpoint.COPY_OBJECT, copy);
    GetObjectOperation get = new GetObjectOperation(storage);
    table.put(S3Endpoint.GET_OBJECT, get::getObject);
    table.put(S3Endpoint.HEAD_OBJECT, get::headObject);
    DeleteOperations delete = new DeleteOperations(storage);
    table.put(S3Endpoint.DELETE_OBJECT, delete::deleteObject);
    table.put(S3Endpoint.DELETE_OBJECTS, delete::deleteObjects);
    ListObjectsOperation list = new ListObjectsOperation(storage, settings.region());
    table.put(S3Endpoint.LIST_OBJECTS, list::listObjects);
    table.put(S3Endpoint.LIST_OBJECTS_V2, list::listObjectsV2);
    table.put(S3Endpoint.LIST_OBJECT_VERSIONS, list::listObjectVersions);
    MultipartOperations multipart = new MultipartOperations(storage, settings.maxObjectSize());
    table.put(S3Endpoint.CREATE_MULTIPART_UPLOAD, multipart::createMultipartUpload);
    table.put(S3Endpoint.UPLOAD_PART, multipart::uploadPart);
    table.put(S3Endpoint.UPLOAD_PART_COPY, multipart::uploadPartCopy);
    table.put(S3Endpoint.COMPLETE_MULTIPART_UPLOAD, multipart::completeMultipartUpload);
    table.put(S3Endpoint.ABORT_MULTIPART_UPLOAD, multipart::abortMultipartUpload);
    table.put(S3Endpoint.LIST_PARTS, multipart::listParts);
    table.put(S3Endpoint.LIST_MULTIPART_UPLOADS, multipart::listMultipartUploads);
    return table;
  }

  /**
   * Only the probes are routes. An S3 request skips the router: a routing context per request was 1.4 % of a
   * small GET's CPU. An HTTP/1.1 request without a valid Host goes to S3 too, which answers it with a 400 in
   * S3's XML: the router answers it in plain text and logs a stack trace.
   */
  private static boolean forProbes(HttpServerRequest request) {
    String path = request.path();
    return path != null && path.startsWith("/_") && !S3Dispatcher.lacksHost(request);
  }

  /** Probes answer path-style requests only: on {@code bucket.localhost}, {@code /_health} is a key of that bucket. */
  private Handler<RoutingContext> probe(Handler<RoutingContext> handler) {
    return rc -> {
      HostAndPort authority = rc.request().authority();
      if (authority != null && settings.virtualHosts().bucket(authority.host()) != null) {
        rc.next();
      } else {
        handler.handle(rc);
      }
    };
  }

  private Router router(S3Dispatcher dispatcher) {
    Router router = Router.router(vertx);
    router.route(HttpMethod.GET, "/_health").handler(probe(rc -> rc.response().setStatusCode(200).end("OK")));
    router.route(HttpMethod.GET, "/_ready").handler(probe(this::ready));
    router.route(HttpMethod.GET, "/_metrics").handler(probe(metricsHandler(dispatcher)));
    router.route().handler(dispatcher);
    return router;
  }

  /** Ready when every role of this node is deployed, it is not draining, and storage answers over the bus. */
  private void ready(RoutingContext rc) {
    if (!NodeState.isDeployed(vertx) || NodeState.isDraining(vertx)) {
      rc.response().setStatusCode(503).end("NOT READY");
      return;
    }
    storage.ping()
        .timeout(READY_PING_MS, TimeUnit.MILLISECONDS)
        .onComplete(ar -> rc.response().setStatusCode(ar.succeeded() ? 200 : 503)
            .end(ar.succeeded() ? "READY" : "NOT READY"));
  }

  private Handler<RoutingContext> metricsHandler(S3Dispatcher dispatcher) {
    Handler<RoutingContext> metrics = metricsOpen();
    if (!settings.metricsRequireAuth()) {
      return metrics;
    }
    return rc -> dispatcher.authenticateOnly(rc.request()).onSuccess(identity -> metrics.handle(rc));
  }

  private Handler<RoutingContext> metricsOpen() {
    Handler<RoutingContext> scrape = PrometheusScrapingHandler.create();
    return rc -> {
      // Without Prometheus metrics (tests, metrics_enabled=false) there is nothing to scrape: 404, not 500.
      if (settings.metricsEnabled() && BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry) {
        scrape.handle(rc);
      } else {
        rc.response().setStatusCode(404).end();
      }
    };
  }
}
