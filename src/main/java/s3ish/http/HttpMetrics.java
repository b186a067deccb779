package s3ish.http;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;
import java.util.concurrent.TimeUnit;

/**
 * Request metrics by AWS API name. Prometheus sees {@code s3ish_http_requests_total{operation,status}} and
 * {@code s3ish_http_request_duration_seconds{operation}}. A no-op when Vert.x runs without metrics.
 */
final class HttpMetrics {
  private HttpMetrics() {}

  static void record(String operation, int status, long elapsedNanos) {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    if (registry == null) {
      return;
    }
    Counter.builder("s3ish.http.requests")
        .description("S3 requests by operation and HTTP status")
        .tag("operation", operation)
        .tag("status", String.valueOf(status))
        .register(registry)
        .increment();
    Timer.builder("s3ish.http.request.duration")
        .description("S3 request duration, until the response was sent")
        .tag("operation", operation)
        .register(registry)
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }
}
