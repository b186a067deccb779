package s3ish.http;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpServerResponse;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;

/** Object metadata to and from HTTP headers. */
final class ObjectHeaders {
  private ObjectHeaders() {}

  static final String META_PREFIX = "x-amz-meta-";
  /** S3's limit on user metadata: names and values in UTF-8 bytes. */
  static final int MAX_USER_METADATA_BYTES = 2048;
  static final String DEFAULT_CONTENT_TYPE = "binary/octet-stream";

  /** System and user metadata of a PUT (or a REPLACE copy). */
  static ObjectMetadata metadata(MultiMap headers) {
    Map<String, String> user = new TreeMap<>();
    int size = 0;
    for (Map.Entry<String, String> h : headers) {
      String name = h.getKey().toLowerCase(Locale.ROOT);
      if (name.startsWith(META_PREFIX) && name.length() > META_PREFIX.length()) {
        String key = name.substring(META_PREFIX.length());
        user.merge(key, h.getValue(), (a, b) -> a + "," + b);
      }
    }
    for (Map.Entry<String, String> e : user.entrySet()) {
      size += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().getBytes(StandardCharsets.UTF_8).length;
    }
    if (size > MAX_USER_METADATA_BYTES) {
      throw new S3Exception(S3ErrorCode.METADATA_TOO_LARGE)
          .with("Size", String.valueOf(size))
          .with("MaxSizeAllowed", String.valueOf(MAX_USER_METADATA_BYTES));
    }
    return new ObjectMetadata(
        headers.get("Content-Type"),
        storedContentEncoding(headers.get("Content-Encoding")),
        headers.get("Content-Disposition"),
        headers.get("Content-Language"),
        headers.get("Cache-Control"),
        headers.get("Expires"),
        Map.copyOf(user));
  }

  /** aws-chunked is transfer framing, not a property of the object: S3 does not store it. */
  static String storedContentEncoding(String value) {
    if (value == null) {
      return null;
    }
    StringBuilder sb = new StringBuilder();
    for (String part : value.split(",")) {
      String p = part.trim();
      if (!p.isEmpty() && !p.equalsIgnoreCase("aws-chunked")) {
        sb.append(sb.length() == 0 ? "" : ",").append(p);
      }
    }
    return sb.length() == 0 ? null : sb.toString();
  }

  /** Headers of a GET or HEAD: stored metadata, then the response-* query overrides. */
  static void write(HttpServerResponse response, ObjectInfo info, Map<String, String> query) {
    ObjectMetadata m = info.metadata() == null ? ObjectMetadata.EMPTY : info.metadata();
    MultiMap h = response.headers();
    h.set("Content-Type", override(query, "response-content-type",
        m.contentType() == null ? DEFAULT_CONTENT_TYPE : m.contentType()));
    h.set("ETag", info.etag());
    h.set("Last-Modified", HttpDates.http(info.lastModified()));
    h.set("Accept-Ranges", "bytes");
    setIfPresent(h, "Cache-Control", override(query, "response-cache-control", m.cacheControl()));
    setIfPresent(h, "Content-Disposition", override(query, "response-content-disposition", m.contentDisposition()));
    setIfPresent(h, "Content-Encoding", override(query, "response-content-encoding", m.contentEncoding()));
    setIfPresent(h, "Content-Language", override(query, "response-content-language", m.contentLanguage()));
    setIfPresent(h, "Expires", override(query, "response-expires", m.expires()));
    if (m.user() != null) {
      m.user().forEach((k, v) -> h.set(META_PREFIX + k, v));
    }
  }

  private static String override(Map<String, String> query, String param, String stored) {
    String v = query.get(param);
    return v == null || v.isEmpty() ? stored : v;
  }

  private static void setIfPresent(MultiMap headers, String name, String value) {
    if (value != null) {
      headers.set(name, value);
    }
  }
}
