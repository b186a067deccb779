package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** HTTP dates, formatted by hand, against the formatter they replace. */
class HttpDatesTest {
  private static final DateTimeFormatter FORMATTER =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

  @Test
  void randomTimesAsTheFormatterWritesThem() {
    Random random = new Random(20261129);
    long lastYear10000 = 253_402_300_799_999L;
    for (int i = 0; i < 20_000; i++) {
      long millis = i < 10_000 ? random.nextLong(-62_167_219_200_000L, lastYear10000 + 1)
          : random.nextLong(1_500_000_000_000L, 2_500_000_000_000L);
      assertEquals(FORMATTER.format(Instant.ofEpochMilli(millis)), HttpDates.http(millis), "at " + millis);
    }
    // outside years 1-9999 the formatter itself writes the text
    assertEquals(FORMATTER.format(Instant.ofEpochMilli(lastYear10000 + 1)), HttpDates.http(lastYear10000 + 1));
  }

  @Test
  void eachSecondIsFormattedAsItselfWhateverWasFormattedBefore() {
    long t = 1_795_000_000_000L; // 2026-11-18T11:06:40Z, a Wednesday
    assertEquals("Wed, 18 Nov 2026 11:06:40 GMT", HttpDates.http(t));
    assertEquals("Wed, 18 Nov 2026 11:06:40 GMT", HttpDates.http(t + 999));
    assertEquals("Wed, 18 Nov 2026 11:06:41 GMT", HttpDates.http(t + 1000));
    assertEquals("Wed, 18 Nov 2026 11:06:40 GMT", HttpDates.http(t + 1));
    assertEquals("Thu, 01 Jan 1970 00:00:00 GMT", HttpDates.http(0));
    assertEquals("Wed, 31 Dec 1969 23:59:59 GMT", HttpDates.http(-1));
  }
}
