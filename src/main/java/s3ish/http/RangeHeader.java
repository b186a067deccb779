package s3ish.http;

import java.util.regex.Matcher;
import java.util.regex.Pattern;
import s3ish.bus.StorageMessages.ByteRange;

/** The Range header of GetObject: one range only, as S3 supports. */
final class RangeHeader {
  private RangeHeader() {}

  private static final Pattern ONE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  /**
   * {@code bytes=a-b}, {@code bytes=a-}, {@code bytes=-n}. Anything else (syntax errors, several ranges,
   * other units, {@code a > b}) is null: S3 then ignores the header and returns the whole object.
   * Ranges past the end are storage's to judge (InvalidRange).
   */
  static ByteRange parse(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = ONE_RANGE.matcher(header.trim());
    if (!m.matches()) {
      return null;
    }
    String first = m.group(1);
    String last = m.group(2);
    try {
      if (first.isEmpty() && last.isEmpty()) {
        return null;
      }
      if (first.isEmpty()) {
        return new ByteRange(null, null, Long.parseLong(last));
      }
      long a = Long.parseLong(first);
      if (last.isEmpty()) {
        return new ByteRange(a, null, null);
      }
      long b = Long.parseLong(last);
      return a > b ? null : new ByteRange(a, b, null);
    } catch (NumberFormatException tooLong) {
      return null;
    }
  }
}
