package s3ish.http;

import java.time.Instant;
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

  /** The Date header of every response changes once a second: formatted once per second, not per request. */
  private record FormattedSecond(long epochSecond, String text) {}

  private static volatile FormattedSecond lastSecond = new FormattedSecond(Long.MIN_VALUE, "");

  static String http(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    FormattedSecond last = lastSecond;
    if (last.epochSecond() != second) {
      last = new FormattedSecond(second, HTTP.format(Instant.ofEpochSecond(second)));
      lastSecond = last;
    }
    return last.text();
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
