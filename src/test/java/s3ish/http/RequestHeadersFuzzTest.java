package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.MultiMap;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.ReadConditions;

/**
 * Range and conditional headers and the other request headers parsed by hand (copy source, copy range, part
 * number, user metadata, percent-decoding): each either yields a value that satisfies its invariants and
 * survives a round trip, or is refused with an S3Exception (or ignored, where S3 ignores it).
 */
class RequestHeadersFuzzTest {
  private static final String[] RANGE_HINTS = {"bytes=", "bytes=0-", "bytes=-", "bytes=1-2", "bytes=-5",
      "bytes=0-0,1-1", "items=0-1", " bytes=9223372036854775807-"};

  @FuzzTest
  void headersParseWithinTheirInvariantsOrAreRefused(FuzzedDataProvider in) {
    String value = (in.consumeBoolean() ? in.pickValue(RANGE_HINTS) : "") + in.consumeString(64);
    try {
      switch (in.consumeInt(0, 6)) {
        case 0 -> range(value);
        case 1 -> date(value, in.consumeLong());
        case 2 -> copyRange(value);
        case 3 -> {
          CopySource source = CopySource.parse(value);
          assertTrue(!source.bucket().isEmpty() && !source.key().isEmpty(), source.toString());
        }
        case 4 -> {
          int n = MultipartOperations.partNumber(value);
          assertTrue(n >= 1 && n <= MultipartOperations.MAX_PARTS);
        }
        case 5 -> ObjectHeaders.metadata(MultiMap.caseInsensitiveMultiMap()
            .add("x-amz-meta-" + in.consumeString(16), value).add("X-Amz-Meta-b", in.consumeRemainingAsString()));
        default -> {
          String decoded = in.consumeBoolean() ? UriCodec.decodePath(value) : UriCodec.decodeQuery(value);
          assertEquals(decoded, UriCodec.decodeQuery(UriCodec.encodeUrl(decoded)), "encode-decode round trip");
        }
      }
    } catch (S3Exception refused) {
      // the documented refusal
    }
  }

  private static void range(String header) {
    ByteRange r = RangeHeader.parse(header);
    if (r == null) {
      return; // S3 ignores a Range it cannot read and sends the whole object
    }
    if (r.first() == null) {
      assertNotNull(r.suffixLength());
      assertTrue(r.suffixLength() >= 0);
      assertEquals(r, RangeHeader.parse("bytes=-" + r.suffixLength()));
    } else {
      assertTrue(r.first() >= 0);
      assertTrue(r.last() == null || r.last() >= r.first(), r.toString());
      assertEquals(r, RangeHeader.parse("bytes=" + r.first() + "-" + (r.last() == null ? "" : r.last())));
    }
  }

  private static void date(String header, long someMillis) {
    Long parsed = HttpDates.parseHttp(header);
    if (parsed != null) {
      assertEquals(parsed / 1000 * 1000, parsed.longValue(), "HTTP dates have whole seconds");
    }
    // Any instant a year 1..9999 can hold prints as an HTTP date that parses back to it (to the second).
    long millis = Math.floorMod(someMillis, 253_402_300_800_000L) / 1000 * 1000;
    assertEquals(millis, HttpDates.parseHttp(HttpDates.http(millis)));
    ReadConditions c = GetObjectOperation.conditions(header, null, header, null);
    assertEquals(header, c.ifMatch());
    assertEquals(parsed, c.ifModifiedSince());
  }

  private static void copyRange(String header) {
    ByteRange r = MultipartOperations.copySourceRange(header);
    assertTrue(r.first() >= 0 && r.last() >= r.first() && r.suffixLength() == null, r.toString());
  }
}
