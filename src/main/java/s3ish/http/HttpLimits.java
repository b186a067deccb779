package s3ish.http;

import io.vertx.core.json.JsonObject;
import s3ish.config.Setting;

/**
 * What one client may hold of the HTTP server: connections, time to send a request's head, silence, and the
 * size of a request's head. Body limits (object size, XML documents, metadata) belong to the operations.
 */
record HttpLimits(int maxConnections, int idleTimeoutSecs, int headerTimeoutSecs, int maxHeaderBytes,
    int maxHeaderCount, int maxUriBytes) {

  static HttpLimits from(JsonObject config) {
    return new HttpLimits(
        Setting.HTTP_MAX_CONNECTIONS.intValue(config),
        Setting.HTTP_IDLE_TIMEOUT_SECS.intValue(config),
        Setting.HTTP_HEADER_TIMEOUT_SECS.intValue(config),
        Setting.HTTP_MAX_HEADER_BYTES.intValue(config),
        Setting.HTTP_MAX_HEADER_COUNT.intValue(config),
        Setting.HTTP_MAX_URI_BYTES.intValue(config));
  }
}
