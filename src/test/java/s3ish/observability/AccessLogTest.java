package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class AccessLogTest {
  @Test
  void durationsAreMillisecondsRoundedToOneDecimal() {
    assertEquals("0.0", AccessLog.tenths(0));
    assertEquals("0.0", AccessLog.tenths(49_999));
    assertEquals("0.1", AccessLog.tenths(50_000));
    assertEquals("0.8", AccessLog.tenths(812_345));
    assertEquals("1.0", AccessLog.tenths(999_999));
    assertEquals("12.3", AccessLog.tenths(12_345_678));
    assertEquals("60000.0", AccessLog.tenths(60_000_000_000L));
  }
}
