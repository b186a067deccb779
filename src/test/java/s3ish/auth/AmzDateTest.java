package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class AmzDateTest {
  @Test
  void parsesAndFormatsTheBasicForm() {
    Instant t = Instant.parse("2015-08-30T12:36:00Z");
    assertEquals(t, AmzDate.parse("20150830T123600Z"));
    assertEquals("20150830T123600Z", AmzDate.format(t));
    assertEquals("00010101T000000Z", AmzDate.format(Instant.parse("0001-01-01T00:00:00Z")));
    assertEquals("20150830", AmzDate.day("20150830T123600Z"));
  }

  @Test
  void agreesWithTheFormatterOnRandomTimes() {
    SplittableRandom random = new SplittableRandom(7);
    for (int i = 0; i < 10_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(-62_000_000_000L, 253_000_000_000L), random.nextInt(1_000_000_000));
      String formatted = AmzDate.format(t);
      assertEquals(AmzDate.FORMAT.format(t), formatted, t.toString());
      assertEquals(AmzDate.FORMAT.parse(formatted, Instant::from), AmzDate.parse(formatted), formatted);
    }
  }

  @Test
  void rejectsWhatTheFormatterRejects() {
    for (String bad : new String[] {"20150230T123600Z", "20151301T000000Z", "20150830T240000Z", "20150830T126000Z",
        "2015083OT123600Z", "20150830 123600Z", "20150830T123600", "20150830T1236000", "+0150830T123600Z",
        "2015-08-30T12:36:00Z", ""}) {
      assertThrows(DateTimeParseException.class, () -> AmzDate.parse(bad), bad);
    }
  }
}
