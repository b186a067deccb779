package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** HTTP dates are formatted once per second; alternating seconds must still each get their own text. */
class HttpDatesTest {
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
