package s3ish.config;

import io.vertx.core.json.JsonObject;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Every configuration key, its type, default and meaning: the one registry that the TOML loader validates
 * against, that env overrides ({@code S3ISH_<KEY>}) are derived from, and that verticles read through.
 * A verticle receives the resolved settings as its deployment config (a JsonObject keyed by {@link #key()}).
 */
public enum Setting {
  LISTEN_ADDR("listen_addr", Type.STRING, "127.0.0.1:9000", "host:port the S3 HTTP server listens on"),
  AUTH_FILE("auth_file", Type.STRING, "conf/creds.txt", "credentials file, one access:secret per line"),
  STORAGE_BACKEND("storage_backend", Type.STRING, "memory", "storage backend: memory (lost at exit) or file (persistent, under storage_root)"),
  STORAGE_ROOT("storage_root", Type.STRING, "", "existing writable directory where the file backend keeps everything"),
  ENABLE_ERASURE_CODING("enable_erasure_coding", Type.BOOLEAN, false, "shard objects with Reed-Solomon (file backend)"),
  ERASURE_DATA_BLOCKS("erasure_data_blocks", Type.INT, 2, "Reed-Solomon data shards"),
  ERASURE_PARITY_BLOCKS("erasure_parity_blocks", Type.INT, 1, "Reed-Solomon parity shards"),
  STORAGE_ROOTS("storage_roots", Type.STRING, "",
      "comma-separated shard directories, one per disk (erasure coding); empty: storage_root/disk-0..disk-(n-1)"),
  ERASURE_BLOCK_SIZE("erasure_block_size", Type.INT, 64 * 1024,
      "bytes per shard block, each with its own CRC32C; a stripe is erasure_data_blocks blocks"),
  SCRUB_INTERVAL_SECS("scrub_interval_secs", Type.INT, 0,
      "seconds between background scrubs that verify every shard and rebuild damaged ones; 0: off"),
  REGION("region", Type.STRING, "us-east-1", "the region this server reports (bucket location, x-amz-bucket-region)"),
  CHUNK_SIZE("chunk_size", Type.INT, 256 * 1024,
      "bytes per body chunk on the event bus; bodies up to this size travel inside one request or reply"),
  CREDIT_WINDOW("credit_window", Type.INT, 8, "unacknowledged chunks allowed per body stream"),
  STREAM_IDLE_TIMEOUT_SECS("stream_idle_timeout_secs", Type.INT, 120, "a body stream idle this long is aborted"),
  MAX_OBJECT_SIZE("max_object_size", Type.LONG, 5L * 1024 * 1024 * 1024, "largest single PUT in bytes (EntityTooLarge above)"),
  MEMORY_MAX_BYTES("memory_max_bytes", Type.LONG, 0L, "capacity of the memory backend in bytes; 0: the JVM's direct memory limit"),
  MAX_CLOCK_SKEW_SECS("max_clock_skew_secs", Type.INT, 900, "allowed difference between a signed request's time and ours"),
  SIGV2_ENABLED("sigv2_enabled", Type.BOOLEAN, true, "accept AWS Signature Version 2 (older tools: aws-cli v1 presign, s3cmd); false: AccessDenied"),
  METRICS_ENABLED("metrics_enabled", Type.BOOLEAN, true, "serve Prometheus metrics at /_metrics"),
  CLUSTER_HOST("cluster_host", Type.STRING, "127.0.0.1", "address the clustered event bus binds and advertises (with --cluster)"),
  VIRTUAL_HOST_DOMAINS("virtual_host_domains", Type.STRING, "",
      "domains whose subdomains name buckets (bucket.domain); bucket.localhost always works"),
  MULTIPART_MIN_PART_SIZE("multipart_min_part_size", Type.LONG, 5L * 1024 * 1024,
      "smallest part but the last of a multipart upload in bytes (EntityTooSmall below)"),
  MULTIPART_MAX_AGE_SECS("multipart_max_age_secs", Type.LONG, 7L * 24 * 3600,
      "multipart uploads older than this are aborted by the janitor"),
  MULTIPART_JANITOR_INTERVAL_SECS("multipart_janitor_interval_secs", Type.INT, 3600,
      "how often the janitor looks for abandoned multipart uploads"),
  GRPC_LISTEN_ADDR("grpc_listen_addr", Type.STRING, "127.0.0.1:50051", "host:port the gRPC server listens on (grpc role)"),
  SHUTDOWN_GRACE_SECS("shutdown_grace_secs", Type.INT, 30,
      "on SIGTERM, how long in-flight requests may take to finish before the node stops anyway"),
  LOG("log", Type.STRING, "",
      "log levels: a level and/or logger=level, comma-separated (e.g. info,s3ish.storage=debug); empty: RUST_LOG"),
  HTTP_MAX_CONNECTIONS("http_max_connections", Type.INT, 1024,
      "open S3 connections per node; a request on one more is answered SlowDown (503) and its connection closed"),
  HTTP_IDLE_TIMEOUT_SECS("http_idle_timeout_secs", Type.INT, 60,
      "an S3 connection that sends and receives nothing this long is closed"),
  HTTP_HEADER_TIMEOUT_SECS("http_header_timeout_secs", Type.INT, 20,
      "a request line and headers not complete this long after the connection (or the previous response) is closed (slowloris)"),
  HTTP_MAX_HEADER_BYTES("http_max_header_bytes", Type.INT, 16 * 1024,
      "largest request header section in bytes (RequestHeaderSectionTooLarge above)"),
  HTTP_MAX_HEADER_COUNT("http_max_header_count", Type.INT, 100,
      "most request header fields (RequestHeaderSectionTooLarge above)"),
  HTTP_MAX_URI_BYTES("http_max_uri_bytes", Type.INT, 8 * 1024,
      "longest request line (method, URI, version) in bytes (InvalidURI above)"),
  METRICS_REQUIRE_AUTH("metrics_require_auth", Type.BOOLEAN, false,
      "/_metrics answers only authenticated requests (any credentials the S3 API accepts)");

  public enum Type { STRING, INT, LONG, BOOLEAN }

  private static final Map<String, Setting> BY_KEY =
      Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(Setting::key, Function.identity()));

  private final String key;
  private final Type type;
  private final Object defaultValue;
  private final String description;

  Setting(String key, Type type, Object defaultValue, String description) {
    this.key = key;
    this.type = type;
    this.defaultValue = defaultValue;
    this.description = description;
  }

  public String key() {
    return key;
  }

  public Type type() {
    return type;
  }

  public Object defaultValue() {
    return defaultValue;
  }

  public String description() {
    return description;
  }

  /** The environment variable that overrides this key, e.g. {@code S3ISH_LISTEN_ADDR}. */
  public String envName() {
    return "S3ISH_" + key.toUpperCase(Locale.ROOT);
  }

  public static Optional<Setting> byKey(String key) {
    return Optional.ofNullable(BY_KEY.get(key));
  }

  // Readers for verticles: the launcher has validated types, so these only fall back to defaults.

  public String string(JsonObject config) {
    Object v = config.getValue(key);
    return v == null ? (String) defaultValue : v.toString();
  }

  public int intValue(JsonObject config) {
    Object v = config.getValue(key);
    return v instanceof Number n ? n.intValue() : (Integer) defaultValue;
  }

  public long longValue(JsonObject config) {
    Object v = config.getValue(key);
    return v instanceof Number n ? n.longValue() : ((Number) defaultValue).longValue();
  }

  public boolean bool(JsonObject config) {
    Object v = config.getValue(key);
    return v instanceof Boolean b ? b : (Boolean) defaultValue;
  }

  /** All defaults as a deployment config. */
  public static JsonObject defaults() {
    JsonObject json = new JsonObject();
    for (Setting s : values()) {
      json.put(s.key, s.defaultValue);
    }
    return json;
  }
}
