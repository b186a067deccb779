package s3ish.http;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** The two date formats of S3: HTTP dates in headers, ISO-8601 with milliseconds in XML. */
final class HttpDates {
  private HttpDates() {}

  // RFC_1123_DATE_TIME prints one-digit days; HTTP dates need two.
  private static final DateTimeFormatter HTTP =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter ISO =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS'Z'", Locale.US).withZone(ZoneOffset.UTC);

  private static final String[] DAYS = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  /**
   * Every response's Date and every object's Last-Modified, by hand in years 1–9999: the formatter cost 1.7 % of
   * a 4 KiB GET's CPU (a one-second cache missed, as the two headers alternate). Other years go to the formatter,
   * whose {@code yyyy} is the year of era.
   */
  static String http(long epochMillis) {
    LocalDateTime t = LocalDateTime.ofEpochSecond(Math.floorDiv(epochMillis, 1000), 0, ZoneOffset.UTC);
    int year = t.getYear();
    if (year < 1 || year > 9999) {
      return HTTP.format(Instant.ofEpochMilli(epochMillis));
    }
    char[] out = new char[29];
    DAYS[t.getDayOfWeek().ordinal()].getChars(0, 3, out, 0);
    out[3] = ',';
    out[4] = ' ';
    twoDigits(out, 5, t.getDayOfMonth());
    out[7] = ' ';
    MONTHS[t.getMonthValue() - 1].getChars(0, 3, out, 8);
    out[11] = ' ';
    twoDigits(out, 12, year / 100);
    twoDigits(out, 14, year % 100);
    out[16] = ' ';
    twoDigits(out, 17, t.getHour());
    out[19] = ':';
    twoDigits(out, 20, t.getMinute());
    out[22] = ':';
    twoDigits(out, 23, t.getSecond());
    " GMT".getChars(0, 4, out, 25);
    return new String(out);
  }

  private static void twoDigits(char[] out, int at, int value) {
    out[at] = (char) ('0' + value / 10);
    out[at + 1] = (char) ('0' + value % 10);
  }

  static String iso(long epochMillis) {
    return ISO.format(Instant.ofEpochMilli(epochMillis));
  }

  /** An RFC 1123 date as epoch millis, or null when absent or unparseable (S3 then ignores the condition). */
  static Long parseHttp(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant().toEpochMilli();
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
