package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import s3ish.bus.AuthClient;
import s3ish.bus.AuthMessages;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.BusErrors;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.observability.AccessLog;
import s3ish.observability.RequestIds;
import s3ish.observability.S3ishMetrics;

/**
 * The shared steps of every S3 request, done once: request id and common headers, endpoint resolution,
 * authentication over the bus, the {@link RequestContext}, the operation, error rendering and metrics.
 */
final class S3Dispatcher implements Handler<RoutingContext> {
  /** Metrics label of requests that failed before an endpoint was known. */
  static final String UNRESOLVED = "Unresolved";
  /** Status recorded (never sent) for a request the client abandoned before its response. */
  static final int CLIENT_CLOSED_REQUEST = 499;

  private final Vertx vertx;
  private final Map<S3Endpoint, S3Operation> operations;
  private final AuthClient auth;
  private final VirtualHosts virtualHosts;

  S3Dispatcher(Vertx vertx, Map<S3Endpoint, S3Operation> operations, long authTimeoutMs,
      VirtualHosts virtualHosts) {
    this.vertx = vertx;
    this.virtualHosts = virtualHosts;
    this.operations = Map.copyOf(operations);
    this.auth = new AuthClient(vertx, authTimeoutMs);
  }

  /** Per-request state the dispatcher needs after the operation: what to label and what to put in errors. */
  private static final class Exchange {
    final String requestId = requestId();
    final long started = System.nanoTime();
    final String rawPath;
    final String rawQuery;
    String operation = UNRESOLVED;
    String accessKey = "-";

    Exchange(String uri) {
      String path = uri;
      // absolute-form request targets carry scheme and authority before the path
      if (path.startsWith("http://") || path.startsWith("https://")) {
        int authority = path.indexOf("://") + 3;
        int slash = path.indexOf('/', authority);
        int q = path.indexOf('?', authority);
        // "http://bucket.host:9000?list-type=2" (an empty path, as a proxying client sends it) is "/?list-type=2"
        path = slash >= 0 && (q < 0 || slash < q) ? path.substring(slash) : "/" + (q < 0 ? "" : path.substring(q));
      }
      int q = path.indexOf('?');
      this.rawPath = q < 0 ? path : path.substring(0, q);
      this.rawQuery = q < 0 ? null : path.substring(q + 1);
    }
  }

  @Override
  public void handle(RoutingContext routingContext) {
    dispatch(routingContext.request());
  }

  void dispatch(HttpServerRequest request) {
    Exchange exchange = new Exchange(request.uri());
    RequestIds.bind(exchange.requestId);
    S3ishMetrics metrics = S3ishMetrics.get();
    metrics.httpStarted();
    commonHeaders(request.response(), exchange.requestId);
    request.response().headersEndHandler(v ->
        metrics.httpTimeToFirstByte(exchange.operation, System.nanoTime() - exchange.started));
    Future.<Void>succeededFuture()
        .compose(v -> route(request, exchange))
        .onComplete(ar -> {
          if (ar.failed()) {
            ErrorRenderer.render(request, ar.cause(), exchange.rawPath, exchange.requestId);
          }
          finished(request, exchange, ar.failed() ? ar.cause() : null, metrics);
        });
  }

  /** Metrics and the access-log line of an answered request. */
  private static void finished(HttpServerRequest request, Exchange exchange, Throwable failure, S3ishMetrics metrics) {
    long elapsed = System.nanoTime() - exchange.started;
    // a failed request whose response never went out: the client went away (nginx's 499)
    int status = failure != null && !request.response().ended() && !request.response().headWritten()
        ? CLIENT_CLOSED_REQUEST
        : request.response().getStatusCode();
    String errorCode = failure != null && status >= 300 ? BusErrors.toS3(failure).code().code() : null;
    metrics.httpFinished();
    metrics.httpRequest(exchange.operation, status, elapsed, request.bytesRead(), request.response().bytesWritten(),
        errorCode);
    AccessLog.log(request.method().name(), exchange.rawPath, exchange.operation, status, errorCode,
        request.bytesRead(), request.response().bytesWritten(), elapsed, exchange.requestId, exchange.accessKey);
  }

  private Future<Void> route(HttpServerRequest request, Exchange exchange) {
    if (lacksHost(request)) {
      return Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "An HTTP/1.1 request must carry a valid Host header."));
    }
    RequestTarget target = RequestTarget.of(virtualHosts,
        request.authority() == null ? null : request.authority().host(), exchange.rawPath, exchange.rawQuery);
    S3Endpoint resolved;
    S3Exception unroutable = null;
    try {
      resolved = S3Endpoint.resolve(request.method().name(), target.resource(), target.query(),
          name -> request.getHeader(name));
      exchange.operation = resolved.apiName();
    } catch (S3Exception e) {
      resolved = null;
      unroutable = e;
    }
    S3Endpoint endpoint = resolved;
    S3Exception routingError = unroutable;
    // Authentication comes first even for requests no endpoint serves: without credentials, nothing is revealed.
    return authenticate(request, exchange, target.virtualHosted() ? target.bucket() : null)
        .compose(identity -> {
          exchange.accessKey = identity.accessKey() == null ? "-" : identity.accessKey();
          if (routingError != null) {
            return Future.failedFuture(routingError);
          }
          boolean read = endpoint == S3Endpoint.GET_OBJECT || endpoint == S3Endpoint.HEAD_OBJECT;
          if (read && (target.query().containsKey("partNumber") || request.headers().contains("Range"))) {
            S3ishMetrics.get().httpRangeRequest(exchange.operation);
          }
          S3Operation operation = operations.get(endpoint);
          if (operation == null) {
            return Future.failedFuture(new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
                endpoint.apiName() + " is not implemented."));
          }
          MultiMap headers = MultiMap.caseInsensitiveMultiMap().addAll(request.headers());
          FeatureHeaders.check(endpoint, headers);
          RequestContext context = new RequestContext(exchange.requestId, endpoint, target.bucket(), target.key(),
              identity, target.query(), headers, exchange.rawPath);
          return operation.handle(context, request);
        });
  }

  /** RFC 9112 3.2: an HTTP/1.1 request without a (valid) Host is answered 400. */
  static boolean lacksHost(HttpServerRequest request) {
    return request.authority() == null && request.version() == HttpVersion.HTTP_1_1;
  }

  /**
   * Authenticates a request outside the S3 API (e.g. {@code /_metrics} when it requires auth); on failure the S3
   * error has been rendered.
   */
  Future<Identity> authenticateOnly(HttpServerRequest request) {
    Exchange exchange = new Exchange(request.uri());
    commonHeaders(request.response(), exchange.requestId);
    return authenticate(request, exchange, null)
        .onFailure(cause -> ErrorRenderer.render(request, cause, exchange.rawPath, exchange.requestId));
  }

  private Future<Identity> authenticate(HttpServerRequest request, Exchange exchange, String virtualHostBucket) {
    List<AuthMessages.Header> headers = new ArrayList<>(request.headers().size());
    request.headers().forEach(h -> headers.add(new AuthMessages.Header(h.getKey(), h.getValue())));
    if (!request.headers().contains(HttpHeaders.HOST) && request.authority() != null) {
      // HTTP/2 (e.g. an h2c upgrade) carries the host as :authority; signatures still cover it as "host".
      headers.add(new AuthMessages.Header("host", request.authority().toString()));
    }
    AuthMessages.Verify verify = new AuthMessages.Verify(request.method().name(), exchange.rawPath,
        exchange.rawQuery, headers, virtualHostBucket);
    return auth.verify(verify);
  }

  private static final HexFormat REQUEST_ID_HEX = HexFormat.of().withUpperCase();

  private static void commonHeaders(HttpServerResponse response, String requestId) {
    response.putHeader("x-amz-request-id", requestId)
        .putHeader("x-amz-id-2", hostId())
        .putHeader(HttpHeaders.SERVER, "s3ish")
        .putHeader(HttpHeaders.DATE, HttpDates.http(System.currentTimeMillis()));
  }

  /** 16 uppercase hex characters, like S3's request ids. */
  static String requestId() {
    // not String.format: its parsing showed up in the 4 KiB PUT profile (docs/PERFORMANCE.md)
    return REQUEST_ID_HEX.toHexDigits(ThreadLocalRandom.current().nextLong());
  }

  private static String hostId() {
    byte[] b = new byte[24];
    ThreadLocalRandom.current().nextBytes(b);
    return Base64.getEncoder().encodeToString(b);
  }
}
