package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class AwsChunkedDecoderTest {
  /** A source that replays fixed pieces synchronously; enough for a framing parser. */
  private static final class Pieces implements ReadStream<Buffer> {
    Handler<Buffer> handler;
    Handler<Void> end;

    @Override public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) { return this; }
    @Override public ReadStream<Buffer> handler(Handler<Buffer> h) { handler = h; return this; }
    @Override public ReadStream<Buffer> pause() { return this; }
    @Override public ReadStream<Buffer> resume() { return this; }
    @Override public ReadStream<Buffer> fetch(long amount) { return this; }
    @Override public ReadStream<Buffer> endHandler(Handler<Void> h) { end = h; return this; }

    void play(String wire, int pieceSize) {
      for (int i = 0; i < wire.length(); i += pieceSize) {
        handler.handle(Buffer.buffer(wire.substring(i, Math.min(wire.length(), i + pieceSize))));
      }
      end.handle(null);
    }
  }

  private static String decode(String wire, int pieceSize, List<Throwable> errors) {
    Pieces source = new Pieces();
    AwsChunkedDecoder decoder = new AwsChunkedDecoder(source);
    Buffer out = Buffer.buffer();
    boolean[] ended = {false};
    decoder.exceptionHandler(errors::add);
    decoder.handler(out::appendBuffer);
    decoder.endHandler(v -> ended[0] = true);
    source.play(wire, pieceSize);
    return ended[0] ? out.toString() : null;
  }

  private static final String SIGNED = "5;chunk-signature=abc\r\nhello\r\n6;chunk-signature=def\r\n world\r\n"
      + "0;chunk-signature=fff\r\n\r\n";

  @Test
  void signedChunksDecodeWhateverTheNetworkSplit() {
    for (int piece : new int[] {1, 2, 3, 7, 1000}) {
      List<Throwable> errors = new ArrayList<>();
      assertEquals("hello world", decode(SIGNED, piece, errors), "piece size " + piece);
      assertTrue(errors.isEmpty());
    }
  }

  @Test
  void unsignedTrailerVariant() {
    List<Throwable> errors = new ArrayList<>();
    assertEquals("abc", decode("3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n", 4, errors));
    assertTrue(errors.isEmpty());
  }

  @Test
  void truncatedBodyFails() {
    List<Throwable> errors = new ArrayList<>();
    assertNull(decode("5;chunk-signature=abc\r\nhel", 100, errors));
    assertNotNull(errors.isEmpty() ? null : errors.get(0));
  }

  @Test
  void badFramingFails() {
    List<Throwable> errors = new ArrayList<>();
    assertNull(decode("zz\r\nabc\r\n0\r\n\r\n", 100, errors));
    assertEquals(1, errors.size());
  }

  @Test
  void storedContentEncodingDropsAwsChunked() {
    assertNull(ObjectHeaders.storedContentEncoding("aws-chunked"));
    assertEquals("gzip", ObjectHeaders.storedContentEncoding("aws-chunked,gzip"));
  }

  // ---- STREAMING-UNSIGNED-PAYLOAD-TRAILER

  private static final String TRAILED = "3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n";

  /** Decodes with x-amz-trailer naming {@code declared}; the trailers handed over land in {@code trailers}. */
  private static String decodeTrailed(String wire, int pieceSize, Checksum declared, Map<Checksum, String> trailers,
      List<Throwable> errors) {
    Pieces source = new Pieces();
    AwsChunkedDecoder decoder = new AwsChunkedDecoder(source, null, -1, true, declared);
    Buffer out = Buffer.buffer();
    boolean[] ended = {false};
    decoder.trailerHandler(trailers::put);
    decoder.exceptionHandler(errors::add);
    decoder.handler(out::appendBuffer);
    decoder.endHandler(v -> ended[0] = true);
    source.play(wire, pieceSize);
    return ended[0] ? out.toString() : null;
  }

  private static S3ErrorCode failureOf(String wire, Checksum declared) {
    List<Throwable> errors = new ArrayList<>();
    assertNull(decodeTrailed(wire, 5, declared, new EnumMap<>(Checksum.class), errors));
    assertEquals(1, errors.size(), errors.toString());
    return ((S3Exception) errors.get(0)).code();
  }

  @Test
  void theDeclaredTrailerIsHandedOverWhateverTheNetworkSplit() {
    for (int piece : new int[] {1, 2, 3, 7, 1000}) {
      List<Throwable> errors = new ArrayList<>();
      Map<Checksum, String> trailers = new EnumMap<>(Checksum.class);
      assertEquals("abc", decodeTrailed(TRAILED, piece, Checksum.CRC32, trailers, errors), "piece size " + piece);
      assertTrue(errors.isEmpty(), errors.toString());
      assertEquals(Map.of(Checksum.CRC32, "NSRBwg=="), trailers);
    }
  }

  @Test
  void aDeclaredTrailerThatNeverArrivesIsMalformedTrailer() {
    assertEquals(S3ErrorCode.MALFORMED_TRAILER, failureOf("3\r\nabc\r\n0\r\n\r\n", Checksum.CRC32));
    assertEquals(S3ErrorCode.MALFORMED_TRAILER, failureOf(TRAILED, Checksum.CRC32C));
  }

  @Test
  void aTrailerValueThatIsNotADigestIsInvalidRequest() {
    assertEquals(S3ErrorCode.INVALID_REQUEST, failureOf(TRAILED.replace("NSRBwg==", "NSRB"), Checksum.CRC32));
  }

  @Test
  void trailersThatAreNotNameValueOrTooLongAreMalformed() {
    assertEquals(S3ErrorCode.MALFORMED_TRAILER, failureOf("3\r\nabc\r\n0\r\nno-colon\r\n\r\n", Checksum.CRC32));
    String many = ("x-pad:" + "p".repeat(1000) + "\r\n").repeat(20);
    assertEquals(S3ErrorCode.MALFORMED_TRAILER, failureOf("3\r\nabc\r\n0\r\n" + many + "\r\n", Checksum.CRC32));
  }
}
