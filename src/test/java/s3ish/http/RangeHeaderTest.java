package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;
import s3ish.bus.StorageMessages.ByteRange;

class RangeHeaderTest {
  @Test
  void closedRange() {
    assertEquals(new ByteRange(0L, 9L, null), RangeHeader.parse("bytes=0-9"));
  }

  @Test
  void openEndedRange() {
    assertEquals(new ByteRange(100L, null, null), RangeHeader.parse("bytes=100-"));
  }

  @Test
  void suffixRange() {
    assertEquals(new ByteRange(null, null, 500L), RangeHeader.parse("bytes=-500"));
  }

  @Test
  void absentHeaderIsNoRange() {
    assertNull(RangeHeader.parse(null));
  }

  @Test
  void invalidSyntaxIsIgnoredLikeS3() {
    assertNull(RangeHeader.parse("bytes=a-b"));
    assertNull(RangeHeader.parse("bytes=-"));
    assertNull(RangeHeader.parse("items=0-9"));
    assertNull(RangeHeader.parse("bytes 0-9"));
    assertNull(RangeHeader.parse("bytes=9-0"));
    assertNull(RangeHeader.parse("bytes=99999999999999999999-"));
  }

  @Test
  void multipleRangesAreIgnored() {
    assertNull(RangeHeader.parse("bytes=0-9,20-29"));
  }

  @Test
  void rangeBeyondTheEndIsLeftToStorage() {
    assertEquals(new ByteRange(1000L, 2000L, null), RangeHeader.parse("bytes=1000-2000"));
  }
}
