package s3ish.http;

import s3ish.bus.S3Names;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** The {@code x-amz-copy-source} header: {@code [/]bucket/key[?versionId=...]}, URL-encoded. */
record CopySource(String bucket, String key) {

  static CopySource parse(String header) {
    if (header == null || header.isBlank()) {
      throw invalid("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.");
    }
    String value = header.trim();
    int query = value.indexOf('?');
    if (query >= 0) {
      String params = value.substring(query + 1);
      value = value.substring(0, query);
      String version = RequestTarget.query(params).get("versionId");
      // there are no versions: only the null version exists
      if (version != null && !version.isEmpty() && !version.equals("null")) {
        throw invalid("Invalid version id specified");
      }
    }
    String decoded = UriCodec.decodePath(value);
    if (decoded.startsWith("/")) {
      decoded = decoded.substring(1);
    }
    int slash = decoded.indexOf('/');
    if (slash <= 0 || slash == decoded.length() - 1) {
      throw invalid("Copy Source must mention the source bucket and key: sourcebucket/sourcekey.");
    }
    String bucket = decoded.substring(0, slash);
    if (!S3Names.plausibleBucket(bucket)) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME).with("BucketName", bucket);
    }
    return new CopySource(bucket, decoded.substring(slash + 1));
  }

  private static S3Exception invalid(String message) {
    return new S3Exception(S3ErrorCode.INVALID_ARGUMENT, message)
        .with("ArgumentName", "x-amz-copy-source");
  }
}
