package s3ish.http;

import io.vertx.core.MultiMap;
import java.util.Map;
import s3ish.bus.AuthMessages.Identity;

/**
 * Everything the dispatcher established about a request before the operation runs. Operations read from it
 * and never re-check authentication. {@code headers} is a private copy; {@code resource} is the raw path,
 * used in error documents.
 */
record RequestContext(
    String requestId,
    S3Endpoint endpoint,
    String bucket,
    String key,
    Identity identity,
    Map<String, String> query,
    MultiMap headers,
    String resource) {

  String header(String name) {
    return headers.get(name);
  }

  String param(String name) {
    return query.get(name);
  }
}
