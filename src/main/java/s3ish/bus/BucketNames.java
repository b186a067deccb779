package s3ish.bus;

import java.util.regex.Pattern;

/**
 * S3's bucket naming rules, shared by both sides of the contract: storage enforces them on create, protocol
 * verticles use them to tell a bucket segment from garbage before any bus round trip.
 */
public final class BucketNames {
  private BucketNames() {}

  private static final Pattern STRICT = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP = Pattern.compile("\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}");
  // Legacy names (uppercase, underscores) may still be addressed; anything else cannot be a bucket at all.
  private static final Pattern PLAUSIBLE = Pattern.compile("[A-Za-z0-9._-]{1,255}");

  /** The rules a new bucket must follow (general purpose buckets). */
  public static boolean valid(String name) {
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
  public static boolean plausible(String name) {
    return name != null && PLAUSIBLE.matcher(name).matches();
  }
}
