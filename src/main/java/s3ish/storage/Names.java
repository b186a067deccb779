package s3ish.storage;

import java.nio.charset.StandardCharsets;
import s3ish.bus.BucketNames;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** S3's naming rules for buckets and keys. */
final class Names {
  static final int MAX_KEY_BYTES = 1024;

  private Names() {}

  static boolean isValidBucket(String name) {
    return BucketNames.valid(name);
  }

  static void checkBucket(String name) {
    if (!isValidBucket(name)) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME).with("BucketName", String.valueOf(name));
    }
  }

  static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "An object key must not be empty.");
    }
    // UTF-8 is at most 3 bytes per char (4 per surrogate pair): skip encoding short keys.
    if (key.length() * 3 > MAX_KEY_BYTES && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new S3Exception(S3ErrorCode.KEY_TOO_LONG).with("Key", key);
    }
  }
}
