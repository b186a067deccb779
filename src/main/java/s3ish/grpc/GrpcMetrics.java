package s3ish.grpc;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashSet;
import java.util.Set;
import s3ish.grpc.v1.ObjectStoreGrpcService;
import s3ish.observability.S3ishMetrics;

/**
 * Counts and times every gRPC call at the HTTP/2 level, where status and byte counts of all services are seen
 * alike: {@code method} is the method's name for the services this role serves, {@code other} for any other
 * path (so a client cannot grow the label set), {@code status} the grpc-status code.
 */
final class GrpcMetrics {
  private static final Set<String> KNOWN = knownMethods();

  private GrpcMetrics() {}

  static Handler<HttpServerRequest> measured(Handler<HttpServerRequest> grpc) {
    return request -> {
      long started = System.nanoTime();
      String method = method(request.path());
      S3ishMetrics metrics = S3ishMetrics.get();
      metrics.grpcStarted();
      boolean[] recorded = {false};
      Handler<Void> once = v -> {
        if (!recorded[0]) {
          recorded[0] = true;
          finished(request, method, started, metrics);
        }
      };
      request.response().endHandler(once);
      request.response().closeHandler(once); // a reset stream or a dropped connection never ends the response
      grpc.handle(request);
    };
  }

  private static void finished(HttpServerRequest request, String method, long started, S3ishMetrics metrics) {
    HttpServerResponse response = request.response();
    // A trailers-only response carries the status in its headers, and closes the stream while it is written:
    // trailers() would create trailers that the response then tries to send on the closed stream.
    String status = response.headers().get("grpc-status");
    if (status == null && response.ended()) {
      status = response.trailers().get("grpc-status");
    }
    metrics.grpcCall(method, status == null ? "unknown" : status, System.nanoTime() - started);
    metrics.grpcBytes(method, request.bytesRead(), response.bytesWritten());
  }

  static String method(String path) {
    if (path == null) {
      return "other";
    }
    int slash = path.lastIndexOf('/');
    String name = path.substring(slash + 1);
    return KNOWN.contains(path) ? name : "other";
  }

  private static Set<String> knownMethods() {
    Set<String> paths = new HashSet<>();
    ObjectStoreGrpcService.SERVICE_DESCRIPTOR.getMethods()
        .forEach(m -> paths.add("/" + ObjectStoreGrpcService.SERVICE_NAME.fullyQualifiedName() + "/" + m.getName()));
    paths.add("/grpc.health.v1.Health/Check");
    paths.add("/grpc.health.v1.Health/Watch");
    return Set.copyOf(paths);
  }
}
