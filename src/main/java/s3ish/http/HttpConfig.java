package s3ish.http;

import io.vertx.core.json.JsonObject;
import s3ish.bus.StreamSettings;
import s3ish.config.Setting;

/** The HTTP verticle's settings, read once from its deployment config. */
record HttpConfig(String host, int port, String region, long maxObjectSize, StreamSettings streams,
    boolean metricsEnabled, boolean metricsRequireAuth, VirtualHosts virtualHosts, HttpLimits limits) {

  static HttpConfig from(JsonObject config) {
    String listen = Setting.LISTEN_ADDR.string(config);
    int colon = listen.lastIndexOf(':');
    if (colon <= 0 || colon == listen.length() - 1) {
      throw new IllegalArgumentException(Setting.LISTEN_ADDR.key() + " must be host:port, got '" + listen + "'");
    }
    String host = listen.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(listen.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(Setting.LISTEN_ADDR.key() + " has no valid port: '" + listen + "'");
    }
    StreamSettings streams = new StreamSettings(
        Setting.CHUNK_SIZE.intValue(config),
        Setting.CREDIT_WINDOW.intValue(config),
        Setting.STREAM_IDLE_TIMEOUT_SECS.intValue(config) * 1000L);
    return new HttpConfig(host, port, Setting.REGION.string(config), Setting.MAX_OBJECT_SIZE.longValue(config),
        streams, Setting.METRICS_ENABLED.bool(config), Setting.METRICS_REQUIRE_AUTH.bool(config),
        VirtualHosts.parse(Setting.VIRTUAL_HOST_DOMAINS.string(config)), HttpLimits.from(config));
  }
}
