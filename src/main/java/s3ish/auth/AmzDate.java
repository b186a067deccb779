package s3ish.auth;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;

/**
 * SigV4's basic ISO 8601 time, {@code 20261129T061000Z} (x-amz-date, X-Amz-Date). Every signed request parses one
 * and formats one; through {@link DateTimeFormatter} that was 2 % of a 4 KiB PUT's server CPU, so the one
 * shape that occurs is read and written by hand and anything else goes to the formatter, which decides as before.
 */
final class AmzDate {
  static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("uuuuMMdd'T'HHmmss'Z'")
      .withZone(ZoneOffset.UTC).withResolverStyle(ResolverStyle.STRICT);
  private static final int LENGTH = 16;

  private AmzDate() {}

  /** @throws DateTimeParseException when {@code value} is not a valid time of this form */
  static Instant parse(String value) {
    if (value.length() == LENGTH && value.charAt(8) == 'T' && value.charAt(15) == 'Z') {
      int year = digits(value, 0, 4);
      int month = digits(value, 4, 6);
      int day = digits(value, 6, 8);
      int hour = digits(value, 9, 11);
      int minute = digits(value, 11, 13);
      int second = digits(value, 13, 15);
      if ((year | month | day | hour | minute | second) >= 0) {
        try {
          return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
          // not a real date or time: the formatter reports it
        }
      }
    }
    return FORMAT.parse(value, Instant::from);
  }

  /** {@code time} to the second, in UTC. */
  static String format(Instant time) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(time.getEpochSecond(), 0, ZoneOffset.UTC);
    if (t.getYear() < 0 || t.getYear() > 9999) {
      return FORMAT.format(time);
    }
    char[] out = new char[LENGTH];
    put(out, 0, t.getYear(), 4);
    put(out, 4, t.getMonthValue(), 2);
    put(out, 6, t.getDayOfMonth(), 2);
    out[8] = 'T';
    put(out, 9, t.getHour(), 2);
    put(out, 11, t.getMinute(), 2);
    put(out, 13, t.getSecond(), 2);
    out[15] = 'Z';
    return new String(out);
  }

  /** The date part ({@code yyyyMMdd}) of a time formatted here in years 0–9999: a credential scope's date. */
  static String day(String formatted) {
    return formatted.substring(0, 8);
  }

  /** The decimal value of {@code s[from, to)}, or -1 if a character there is not an ASCII digit. */
  static int digits(String s, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  private static void put(char[] out, int at, int value, int width) {
    for (int i = at + width - 1; i >= at; i--) {
      out[i] = (char) ('0' + value % 10);
      value /= 10;
    }
  }
}
