package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;

/**
 * One S3 API. Parses and validates, calls storage, writes the response; the future completes when the
 * response has been sent. A failure before the response started is rendered by the dispatcher as S3 XML;
 * one after the headers went out resets the connection. The request body, if any, is paused until the
 * operation consumes it.
 */
@FunctionalInterface
interface S3Operation {
  Future<Void> handle(RequestContext context, HttpServerRequest request);
}
