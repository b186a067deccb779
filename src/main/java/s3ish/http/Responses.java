package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Ends a response with an XML document or nothing. */
final class Responses {
  private Responses() {}

  static Future<Void> xml(HttpServerResponse response, Object document) {
    Buffer body = S3Xml.toBuffer(document);
    return response.setStatusCode(200)
        .putHeader(HttpHeaders.CONTENT_TYPE, S3Xml.CONTENT_TYPE)
        .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(body.length()))
        .end(body);
  }

  static Future<Void> empty(HttpServerResponse response, int status) {
    response.setStatusCode(status);
    if (status != 204) {
      response.putHeader(HttpHeaders.CONTENT_LENGTH, "0");
    }
    return response.end();
  }
}
