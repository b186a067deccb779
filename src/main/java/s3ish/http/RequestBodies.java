package s3ish.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;
import s3ish.bus.S3Exception;

/** The request body: whether there is one, 100-continue, collecting small XML documents, dropping the rest. */
final class RequestBodies {
  /** How long a connection answered early may go on receiving the body it is closed for. */
  static final long LINGER_MILLIS = 5_000;

  private RequestBodies() {}

  /** Whether bytes follow the headers; such requests are paused until an operation reads them. */
  static boolean present(HttpServerRequest request) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null
        || (length != null && !length.trim().equals("0"));
  }

  /** Sends 100 Continue if the client waits for it: only once the request is authenticated and accepted. */
  static void continueIfExpected(HttpServerRequest request) {
    if (expectsContinue(request) && !request.response().headWritten()) {
      request.response().writeContinue();
    }
  }

  /** Whether the client waits for 100 Continue before it sends the body. */
  static boolean expectsContinue(HttpServerRequest request) {
    String expect = request.getHeader(HttpHeaders.EXPECT);
    return expect != null && expect.equalsIgnoreCase("100-continue");
  }

  /**
   * Collects an XML request document of at most {@link S3Xml#MAX_REQUEST_BYTES}; larger ones are MalformedXML
   * without being read further. Empty when there is no body.
   */
  static Future<Buffer> collectXml(HttpServerRequest request) {
    return collectXml(request, S3Xml.MAX_REQUEST_BYTES);
  }

  /** As above with a larger cap, for the one document that needs it (CompleteMultipartUpload). */
  static Future<Buffer> collectXml(HttpServerRequest request, int maxBytes) {
    String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > maxBytes) {
          return Future.failedFuture(S3Xml.malformed());
        }
      } catch (NumberFormatException e) {
        return Future.failedFuture(S3Xml.malformed());
      }
    }
    return collect(request, maxBytes, S3Xml::malformed);
  }

  /**
   * Reads the whole body, which the caller has bounded by its Content-Length; more than {@code maxBytes} fails
   * with {@code tooLarge} without reading further. Empty when there is no body.
   */
  static Future<Buffer> collect(HttpServerRequest request, int maxBytes, Supplier<S3Exception> tooLarge) {
    if (!present(request)) {
      return Future.succeededFuture(Buffer.buffer());
    }
    continueIfExpected(request);
    Promise<Buffer> promise = Promise.promise();
    Buffer body = Buffer.buffer();
    request.handler(chunk -> {
      if (promise.future().isComplete()) {
        return;
      }
      if (body.length() + chunk.length() > maxBytes) {
        request.pause();
        promise.tryFail(tooLarge.get());
        return;
      }
      body.appendBuffer(chunk);
    });
    request.exceptionHandler(promise::tryFail);
    request.endHandler(v -> promise.tryComplete(body));
    request.resume();
    return promise.future();
  }

  /**
   * Closes the connection of a request answered before its body was read, once the rest of the body has been
   * read and dropped (for at most {@link #LINGER_MILLIS}): closing a socket with unread bytes resets it, and
   * the reset can destroy the answer in the client's receive buffer before the client has read it.
   */
  static void closeAfterDroppingBody(HttpServerRequest request) {
    HttpConnection connection = request.connection();
    Context context = Vertx.currentContext();
    if (request.isEnded() || context == null) {
      connection.close();
      return;
    }
    long timer = context.owner().setTimer(LINGER_MILLIS, id -> connection.close());
    request.exceptionHandler(e -> context.owner().cancelTimer(timer));
    request.handler(dropped -> { });
    request.endHandler(v -> {
      context.owner().cancelTimer(timer);
      connection.close();
    });
    request.resume();
  }
}
