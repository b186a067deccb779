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

  /** The rules a new bucket must follow (general purpose buckets). */
  public static boolean validBucket(String name) {
    return name != null
        && STRICT.matcher(name).matches()
        && !name.contains("..")
        && !name.contains(".-")
        && !name.contains("-.")
        && !dottedQuad(name)
        && !name.startsWith("xn--")
        && !name.startsWith("sthree-")
        && !name.endsWith("-s3alias")
        && !name.endsWith("--ol-s3");
  }

  /**
   * Whether a path segment can name a bucket, for requests other than CreateBucket: 1 to 255 of
   * {@code [A-Za-z0-9._-]}, as legacy names (uppercase, underscores) may still be addressed. Checked on every
   * request, so by hand: the regex was 0.9 % of a 4 KiB GET's CPU.
   */
  public static boolean plausibleBucket(String name) {
    if (name == null || name.isEmpty() || name.length() > 255) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
          || c == '.' || c == '_' || c == '-';
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /**
   * Four groups of one to three digits joined by dots, as an IPv4 literal is written: not a bucket name, and a Host
   * that is not virtual-hosted. By hand, as a Host is checked on every request.
   */
  public static boolean dottedQuad(String h) {
    int groups = 0;
    int digits = 0;
    for (int i = 0; i < h.length(); i++) {
      char c = h.charAt(i);
      if (c >= '0' && c <= '9') {
        if (++digits > 3) {
          return false;
        }
      } else if (c == '.' && digits > 0 && groups < 3) {
        groups++;
        digits = 0;
      } else {
        return false;
      }
    }
    return groups == 3 && digits > 0;
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
