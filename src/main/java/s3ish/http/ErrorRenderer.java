package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.BusErrors;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** The one place failures become HTTP: status from the error code, S3 XML body, never a stack trace. */
final class ErrorRenderer {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorRenderer.class);

  private ErrorRenderer() {}

  /** The error document for a failure; details follow the four standard elements. */
  static ErrorDocument document(S3Exception e, String resource, String requestId) {
    return new ErrorDocument(e.code().code(), e.getMessage(), resource, requestId, e.details());
  }

  /** Maps anything to the vocabulary; unexpected exceptions are logged here, once. */
  static S3Exception toS3(Throwable cause, String requestId) {
    S3Exception e = BusErrors.toS3(cause);
    if (!(cause instanceof S3Exception) && e.code() == S3ErrorCode.INTERNAL_ERROR) {
      LOG.error("request {} failed unexpectedly", requestId, cause);
    }
    return e;
  }

  /**
   * Writes the error. If the response already started (a body was streaming) the only honest signal left is
   * to break the connection, so the client sees a truncated body rather than a complete-looking one.
   */
  static void render(HttpServerRequest request, Throwable cause, String resource, String requestId) {
    HttpServerResponse response = request.response();
    if (response.ended() || response.closed() || clientWentAway(cause)) {
      // The client went away (e.g. stopped a download): nothing to answer, nothing unexpected.
      LOG.debug("request {} ended by the client: {}", requestId, cause.toString());
      return;
    }
    S3Exception e = toS3(cause, requestId);
    if (response.headWritten()) {
      LOG.debug("request {} failed mid-body: {}", requestId, e.getMessage());
      breakConnection(request);
      return;
    }
    response.setStatusCode(e.code().httpStatus());
    if (e.code() == S3ErrorCode.INVALID_RANGE) {
      String size = e.details().get("ActualObjectSize");
      if (size != null) {
        response.putHeader("Content-Range", "bytes */" + size);
      }
    }
    boolean unreadBody = RequestBodies.present(request) && !request.isEnded();
    if (unreadBody && request.version() != HttpVersion.HTTP_2) {
      // The connection ends with this request: its unread body may be gigabytes, or never sent (no 100 Continue).
      response.putHeader(HttpHeaders.CONNECTION, "close");
    }
    boolean noBody = request.method() == HttpMethod.HEAD || e.code().httpStatus() == 304;
    Future<Void> sent;
    if (noBody) {
      response.headers().remove(HttpHeaders.CONTENT_TYPE);
      sent = response.end();
    } else {
      Buffer body = S3Xml.toBuffer(document(e, resource, requestId));
      sent = response.putHeader(HttpHeaders.CONTENT_TYPE, S3Xml.CONTENT_TYPE)
          .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()))
          .end(body);
    }
    if (unreadBody && request.version() != HttpVersion.HTTP_2) {
      sent.onComplete(ar -> RequestBodies.closeAfterDroppingBody(request));
    }
  }

  /** Transport failures of the client's own connection: a reset or closed socket, not a server fault. */
  private static boolean clientWentAway(Throwable cause) {
    return cause instanceof java.io.IOException || cause instanceof io.vertx.core.http.HttpClosedException;
  }

  static void breakConnection(HttpServerRequest request) {
    if (request.version() == HttpVersion.HTTP_2) {
      request.response().reset();
    } else {
      request.connection().close();
    }
  }
}
