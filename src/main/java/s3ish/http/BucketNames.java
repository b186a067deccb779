package s3ish.http;

import java.util.regex.Pattern;

/** S3 bucket naming rules. */
final class BucketNames {
  private BucketNames() {}

  private static final Pattern STRICT = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  // Legacy names (uppercase, underscores) may still be addressed; anything else cannot be a bucket at all.
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  /** The rules a new bucket must follow (general purpose buckets). */
  static boolean valid(String name) {
    return STRICT.matcher(name).matches()
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
  static boolean plausible(String name) {
    return PLAUSIBLE.matcher(name).matches();
  }
}
