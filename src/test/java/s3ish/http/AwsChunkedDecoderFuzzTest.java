package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32;
import s3ish.auth.ChunkSignatureChain;
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.Checksum;
import s3ish.bus.S3Exception;

/**
 * aws-chunked decoding with trailers, fed in fuzzed pieces to a consumer that pauses and fetches. Any bytes: the
 * stream fails with an S3Exception or ends with exactly the bytes it counted, never both, never hangs, never
 * throws; signed, it never passes on a byte of a chunk whose signature it could not verify. Well-formed
 * encodings of fuzzed chunks and a CRC32 trailer decode to exactly those chunks and that trailer.
 */
class AwsChunkedDecoderFuzzTest {
  private static final ChunkSigning SIGNING = new ChunkSigning(HexFormat.of().formatHex(new byte[32]),
      "20130524T000000Z", "20130524/us-east-1/s3/aws4_request",
      "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9");


  private record Outcome(byte[] data, boolean ended, List<Throwable> errors, String trailer) {}

  @FuzzTest
  void anyBodyFailsCleanlyOrDecodesExactly(FuzzedDataProvider in) {
    switch (in.consumeInt(0, 2)) {
      case 0 -> {
        boolean trailers = in.consumeBoolean();
        Outcome out = decode(null, trailers, trailers && in.consumeBoolean() ? Checksum.CRC32 : null, in,
            in.consumeBytes(in.consumeInt(0, 4096)));
        checkInvariants(out);
      }
      case 1 -> {
        Outcome out = decode(new ChunkSignatureChain(SIGNING), in.consumeBoolean(), null, in,
            in.consumeBytes(in.consumeInt(0, 4096)));
        checkInvariants(out);
        // The final chunk must be signed too, so without the key nothing may pass and nothing may end.
        assertEquals(0, out.data().length, "bytes of an unverified chunk went downstream");
        assertFalse(out.ended());
      }
      default -> wellFormed(in);
    }
  }

  private static void checkInvariants(Outcome out) {
    assertFalse(out.ended() && !out.errors().isEmpty(), "ended and failed");
    assertTrue(out.ended() || !out.errors().isEmpty(), "neither ended nor failed once the source ended");
    out.errors().forEach(e -> assertInstanceOf(S3Exception.class, e));
  }

  private static void wellFormed(FuzzedDataProvider in) {
    ByteArrayOutputStream wire = new ByteArrayOutputStream();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    for (int n = in.consumeInt(0, 5); n > 0; n--) {
      byte[] chunk = in.consumeBytes(in.consumeInt(1, 600));
      if (chunk.length == 0) {
        break;
      }
      String extension = in.consumeBoolean() ? ";ext=" + in.consumeInt(0, 99) : "";
      wire.writeBytes(ascii(Integer.toHexString(chunk.length) + extension + "\r\n"));
      wire.writeBytes(chunk);
      wire.writeBytes(ascii("\r\n"));
      body.writeBytes(chunk);
    }
    CRC32 crc = new CRC32();
    crc.update(body.toByteArray());
    String value = Base64.getEncoder().encodeToString(new byte[] {(byte) (crc.getValue() >>> 24),
        (byte) (crc.getValue() >>> 16), (byte) (crc.getValue() >>> 8), (byte) crc.getValue()});
    boolean trailer = in.consumeBoolean();
    wire.writeBytes(ascii("0\r\n" + (trailer ? "x-amz-checksum-crc32:" + value + "\r\n" : "") + "\r\n"));
    Outcome out = decode(null, true, trailer ? Checksum.CRC32 : null, in, wire.toByteArray());
    assertTrue(out.errors().isEmpty(), () -> "a well-formed body failed: " + out.errors());
    assertTrue(out.ended());
    assertArrayEquals(body.toByteArray(), out.data());
    assertEquals(trailer ? value : null, out.trailer());
  }

  private static Outcome decode(ChunkSignatureChain chain, boolean trailers, Checksum declared, FuzzedDataProvider in,
      byte[] wire) {
    PausableSource source = new PausableSource();
    AwsChunkedDecoder decoder = new AwsChunkedDecoder(source, chain, -1, trailers, declared);
    boolean paced = in.consumeBoolean();
    ByteArrayOutputStream data = new ByteArrayOutputStream();
    List<Throwable> errors = new ArrayList<>();
    boolean[] ended = {false};
    String[] trailer = {null};
    decoder.trailerHandler((kind, value) -> trailer[0] = value);
    decoder.exceptionHandler(errors::add);
    decoder.endHandler(v -> ended[0] = true);
    decoder.handler(b -> {
      data.writeBytes(b.getBytes());
      if (paced) {
        decoder.pause();
      }
    });
    decoder.resume();
    int at = 0;
    boolean endSent = false;
    int guard = 4 * wire.length + 64;
    while (errors.isEmpty() && !ended[0]) {
      if (--guard < 0) {
        fail("the decoder stalled: neither ended nor failed with demand and a finished source");
      }
      if (!source.paused && at < wire.length) {
        int n = Math.min(wire.length - at, in.consumeInt(1, 700));
        source.handler.handle(Buffer.buffer().appendBytes(wire, at, n));
        at += n;
      } else if (!source.paused && !endSent) {
        endSent = true;
        source.end.handle(null);
      } else {
        decoder.fetch(1);
      }
    }
    if (ended[0]) {
      assertEquals(data.size(), decoder.decodedBytes(), "decoded byte count");
    }
    return new Outcome(data.toByteArray(), ended[0], errors, trailer[0]);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
