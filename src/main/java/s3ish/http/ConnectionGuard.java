package s3ish.http;

import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.shareddata.Shareable;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.observability.S3ishMetrics;

/**
 * Bounds what a client can hold of the server before any S3 work starts: connections per node (one more gets
 * SlowDown and is closed), the time to send a request's head (slowloris: a connection dripping its request
 * line or headers is closed when {@link HttpLimits#headerTimeoutSecs()} passes, counted from the connection or
 * from the previous response), the number of header fields, and oversized request lines and header sections,
 * which Netty's decoder catches and which are answered here in S3 XML instead of a bare 414/431.
 *
 * <p>One guard per HTTP verticle instance; its connections live on the instance's event loop, so the per-
 * connection map needs no locking. The connection count is shared by every instance of the node.
 */
final class ConnectionGuard {
  private static final String SHARED_MAP = "s3ish.http";
  private static final String OPEN_CONNECTIONS = "open.connections";

  private final Vertx vertx;
  private final HttpLimits limits;
  private final AtomicInteger open;
  /** Per connection, on this instance's event loop. */
  private final Map<HttpConnection, Watch> connections = new HashMap<>();

  /**
   * The head timeout of one connection. Requests only move {@code deadline}: the timer is set when none is
   * pending and, when it fires early, set again for what is left. Setting and cancelling a timer per request
   * cost 2 % of a 4 KiB GET's CPU.
   */
  private static final class Watch {
    static final long NONE = Long.MAX_VALUE;
    final boolean overCap;
    /** System.nanoTime() by which the next request's head must have arrived; NONE while a request runs. */
    long deadline;
    long timer = -1;

    Watch(boolean overCap) {
      this.overCap = overCap;
    }
  }

  private static final class Count extends AtomicInteger implements Shareable {}

  ConnectionGuard(Vertx vertx, HttpLimits limits) {
    this.vertx = vertx;
    this.limits = limits;
    vertx.sharedData().<String, Count>getLocalMap(SHARED_MAP).putIfAbsent(OPEN_CONNECTIONS, new Count());
    this.open = vertx.sharedData().<String, Count>getLocalMap(SHARED_MAP).get(OPEN_CONNECTIONS);
    // every instance offers the node's one count; the first registration stands
    S3ishMetrics.get().httpOpenConnections(open::get);
  }

  /** A new connection: counted, and given {@code headerTimeoutSecs} to send its first request's head. */
  void connected(HttpConnection connection) {
    Watch watch = new Watch(open.incrementAndGet() > limits.maxConnections());
    connections.put(connection, watch);
    connection.closeHandler(v -> {
      open.decrementAndGet();
      Watch w = connections.remove(connection);
      if (w != null && w.timer >= 0) {
        vertx.cancelTimer(w.timer);
      }
    });
    awaitHead(connection, watch);
  }

  /**
   * A request's head arrived. Returns false when the guard has answered it (over the connection cap, too many
   * header fields) and it must not be dispatched.
   */
  boolean admit(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Watch watch = connections.get(connection);
    if (watch != null) {
      watch.deadline = Watch.NONE;
      // The next request on this connection gets its own head timeout, from the end of this response (unless
      // the connection closed first: a timer would then only hold the connection until it fired).
      request.response().endHandler(v -> {
        if (connections.get(connection) == watch) {
          awaitHead(connection, watch);
        }
      });
      if (watch.overCap) {
        refuse(request, new S3Exception(S3ErrorCode.SLOW_DOWN,
            "The server has too many open connections; retry later."));
        return false;
      }
    }
    if (fieldCount(request.headers()) > limits.maxHeaderCount()) {
      refuse(request, new S3Exception(S3ErrorCode.REQUEST_HEADER_SECTION_TOO_LARGE)
          .with("MaxHeaderCount", String.valueOf(limits.maxHeaderCount())));
      return false;
    }
    return true;
  }

  /**
   * Header fields, repeated names counted each time: {@code MultiMap.size()} counts distinct names (a hundred
   * copies of one header were one), and builds a sorted set of them to do it.
   */
  private static int fieldCount(MultiMap headers) {
    int[] count = {0};
    headers.forEach((name, value) -> count[0]++);
    return count[0];
  }

  /** What Netty could not decode: an over-long request line or header section, or plain garbage. */
  void invalid(HttpServerRequest request) {
    Throwable cause = request.decoderResult().cause();
    S3Exception error;
    if (cause instanceof TooLongHttpLineException) {
      error = new S3Exception(S3ErrorCode.INVALID_URI, "The request line is longer than "
          + limits.maxUriBytes() + " bytes.");
    } else if (cause instanceof TooLongHttpHeaderException) {
      error = new S3Exception(S3ErrorCode.REQUEST_HEADER_SECTION_TOO_LARGE)
          .with("MaxHeaderBytes", String.valueOf(limits.maxHeaderBytes()));
    } else {
      error = new S3Exception(S3ErrorCode.INVALID_REQUEST, "The request could not be parsed as HTTP/1.1.");
    }
    refuse(request, error);
  }

  /** Answers in S3 XML and closes the connection: what follows the head on it cannot be trusted or skipped. */
  private static void refuse(HttpServerRequest request, S3Exception error) {
    String requestId = S3Dispatcher.requestId();
    HttpServerResponse response = request.response()
        .setStatusCode(error.code().httpStatus())
        .putHeader(HttpHeaders.CONNECTION, "close")
        .putHeader("x-amz-request-id", requestId)
        .putHeader(HttpHeaders.CONTENT_TYPE, S3Xml.CONTENT_TYPE);
    response.end(S3Xml.toBuffer(ErrorRenderer.document(error, "/", requestId)))
        .onComplete(ar -> request.connection().close());
  }

  private void awaitHead(HttpConnection connection, Watch watch) {
    long timeout = TimeUnit.SECONDS.toNanos(limits.headerTimeoutSecs());
    watch.deadline = System.nanoTime() + timeout;
    if (watch.timer < 0) {
      setTimer(connection, watch, timeout);
    }
  }

  private void setTimer(HttpConnection connection, Watch watch, long delayNanos) {
    watch.timer = vertx.setTimer(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNanos)), id -> {
      watch.timer = -1;
      if (watch.deadline == Watch.NONE) {
        return; // a request is running; its end sets a new deadline and this timer again
      }
      long left = watch.deadline - System.nanoTime();
      if (left > 0) {
        setTimer(connection, watch, left);
      } else {
        connection.close();
      }
    });
  }
}
