package s3ish.http;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import s3ish.bus.S3Names;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * What a request addresses: bucket (nullable), key (nullable) and the decoded query parameters, from either
 * addressing style: path ({@code host/bucket/key}) or virtual-hosted ({@code bucket.host/key}).
 * {@code virtualHosted} tells which, for signatures that canonicalize the bucket (SigV2's '/bucket/key').
 */
record RequestTarget(String bucket, String key, Map<String, String> query, boolean virtualHosted) {

  RequestTarget(String bucket, String key, Map<String, String> query) {
    this(bucket, key, query, false);
  }

  /** Where the query flag of a subresource ({@code ?acl}) maps: present with an empty value. */
  static final String FLAG = "";

  enum Resource { SERVICE, BUCKET, OBJECT }

  Resource resource() {
    return bucket == null ? Resource.SERVICE : key == null ? Resource.BUCKET : Resource.OBJECT;
  }

  /** Virtual-hosted style when {@code host} names a bucket under one of {@code hosts}' domains, else path style. */
  static RequestTarget of(VirtualHosts hosts, String host, String rawPath, String rawQuery) {
    String bucket = hosts.bucket(host);
    return bucket == null ? pathStyle(rawPath, rawQuery) : virtualHosted(bucket, rawPath, rawQuery);
  }

  /**
   * The bucket from the Host; the whole path is the key, after its first slash and percent-decoded once
   * ({@code /} alone is the bucket, {@code //a} is key {@code /a}).
   */
  static RequestTarget virtualHosted(String bucket, String rawPath, String rawQuery) {
    Map<String, String> query = query(rawQuery);
    checkBucket(bucket);
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return new RequestTarget(bucket, null, query, true);
    }
    if (rawPath.charAt(0) != '/') {
      throw new S3Exception(S3ErrorCode.INVALID_URI);
    }
    return new RequestTarget(bucket, UriCodec.decodePath(rawPath.substring(1)), query, true);
  }

  /**
   * {@code rawPath} exactly as received. The key is everything after the bucket's slash, percent-decoded once
   * (so "//" and a literal '+' survive).
   */
  static RequestTarget pathStyle(String rawPath, String rawQuery) {
    Map<String, String> query = query(rawQuery);
    if (rawPath == null || rawPath.isEmpty() || rawPath.equals("/")) {
      return new RequestTarget(null, null, query);
    }
    if (rawPath.charAt(0) != '/') {
      throw new S3Exception(S3ErrorCode.INVALID_URI);
    }
    int slash = rawPath.indexOf('/', 1);
    String bucketSegment = slash < 0 ? rawPath.substring(1) : rawPath.substring(1, slash);
    String bucket = UriCodec.decodePath(bucketSegment);
    if (bucket.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME, "The specified bucket is not valid.")
          .with("BucketName", "");
    }
    checkBucket(bucket);
    String key = slash < 0 || slash == rawPath.length() - 1 ? null : UriCodec.decodePath(rawPath.substring(slash + 1));
    return new RequestTarget(bucket, key, query);
  }

  private static void checkBucket(String bucket) {
    if (!S3Names.plausibleBucket(bucket)) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME).with("BucketName", bucket);
    }
  }

  /** Decoded parameters in order of appearance; the first value wins; a bare name maps to {@link #FLAG}. */
  static Map<String, String> query(String rawQuery) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return Map.of();
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = UriCodec.decodeQuery(eq < 0 ? pair : pair.substring(0, eq));
      String value = eq < 0 ? FLAG : UriCodec.decodeQuery(pair.substring(eq + 1));
      params.putIfAbsent(name, value);
    }
    return Collections.unmodifiableMap(params);
  }
}
