package s3ish.bus;

import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * S3's naming rules for buckets and keys, shared by both sides of the contract: storage enforces them,
 * protocol verticles use them to refuse garbage before any bus round trip or body byte.
 */
public final class S3Names {
  private S3Names() {}

  /** S3's limit on a key, in UTF-8 bytes. */
  public static final int MAX_KEY_BYTES = 1024;

  private static final Pattern STRICT = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  // Legacy names (uppercase, underscores) may still be addressed; anything else cannot be a bucket at all.
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  /** The rules a new bucket must follow (general purpose buckets). */
  public static boolean validBucket(String name) {
    return name != null
        && STRICT.matcher(name).matches()
        && !name.contains("..")
        && !name.contains(".-")
        && !name.contains("-.")
        && !IP.matcher(name).matches()
        && !name.startsWith("xn--")
        && !name.startsWith("sthree-")
        && !name.endsWith("-s3alias")
        && !name.endsWith("--ol-s3");
  }

  /** Whether a path segment can name a bucket, for requests other than CreateBucket. */
  public static boolean plausibleBucket(String name) {
    return name != null && PLAUSIBLE.matcher(name).matches();
  }

  public static void checkBucket(String name) {
    if (!validBucket(name)) {
      throw new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME).with("BucketName", String.valueOf(name));
    }
  }

  /** A key is 1 to {@link #MAX_KEY_BYTES} bytes of UTF-8. */
  public static void checkKey(String key) {
    if (key == null || key.isEmpty()) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "An object key must not be empty.");
    }
    // UTF-8 is at most 3 bytes per char (4 per surrogate pair): skip encoding short keys.
    if (key.length() * 3 > MAX_KEY_BYTES && key.getBytes(StandardCharsets.UTF_8).length > MAX_KEY_BYTES) {
      throw new S3Exception(S3ErrorCode.KEY_TOO_LONG).with("MaxSizeAllowed", String.valueOf(MAX_KEY_BYTES));
    }
  }
}
