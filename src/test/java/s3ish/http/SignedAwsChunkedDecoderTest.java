package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import s3ish.auth.ChunkSignatureChain;
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** The signed aws-chunked decoder against chunk signatures computed here, independently of s3ish.auth. */
class SignedAwsChunkedDecoderTest {
  private static final HexFormat HEX = HexFormat.of();
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
  private static final String TIMESTAMP = "20130524T000000Z";
  private static final String SCOPE = "20130524/us-east-1/s3/aws4_request";
  private static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
  private static final byte[] KEY = signingKey(SECRET, "20130524", "us-east-1", "s3");

  // ---- a small independent signer

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] signingKey(String secret, String date, String region, String service) {
    byte[] k = hmac(utf8("AWS4" + secret), utf8(date));
    k = hmac(k, utf8(region));
    k = hmac(k, utf8(service));
    return hmac(k, utf8("aws4_request"));
  }

  private static String sha256Hex(byte[] data) {
    try {
      return HEX.formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private static String chunkSignature(String previous, byte[] data) {
    String stringToSign = "AWS4-HMAC-SHA256-PAYLOAD\n" + TIMESTAMP + "\n" + SCOPE + "\n" + previous + "\n"
        + sha256Hex(new byte[0]) + "\n" + sha256Hex(data);
    return HEX.formatHex(hmac(KEY, utf8(stringToSign)));
  }

  /** One framed chunk: its bytes on the wire and its signature. */
  private record Frame(byte[] wire, String signature) {}

  /** The framed chunks of {@code chunks} (the final empty one added), signatures chained from the seed. */
  private static List<Frame> frames(byte[]... chunks) {
    List<Frame> frames = new ArrayList<>();
    String previous = SEED;
    List<byte[]> all = new ArrayList<>(Arrays.asList(chunks));
    all.add(new byte[0]);
    for (byte[] data : all) {
      String signature = chunkSignature(previous, data);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      out.writeBytes(utf8(Integer.toHexString(data.length) + ";chunk-signature=" + signature + "\r\n"));
      out.writeBytes(data);
      out.writeBytes(utf8("\r\n"));
      frames.add(new Frame(out.toByteArray(), signature));
      previous = signature;
    }
    return frames;
  }

  private static byte[] join(List<Frame> frames) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    frames.forEach(f -> out.writeBytes(f.wire()));
    return out.toByteArray();
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] random(int size, int seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  // ---- a source the test drives, and what the decoder emitted


  private static final class Run {
    final PausableSource source = new PausableSource();
    final AwsChunkedDecoder decoder;
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final List<Throwable> errors = new ArrayList<>();
    final Map<Checksum, String> trailer = new EnumMap<>(Checksum.class);
    boolean ended;

    Run(long expectedLength) {
      this(SEED, expectedLength);
    }

    Run(String seed, long expectedLength) {
      this(seed, expectedLength, false, null);
    }

    /** The -TRAILER variant, {@code declared} named by x-amz-trailer. */
    Run(long expectedLength, Checksum declared) {
      this(SEED, expectedLength, true, declared);
    }

    private Run(String seed, long expectedLength, boolean trailers, Checksum declared) {
      ChunkSigning signing = new ChunkSigning(HEX.formatHex(KEY), TIMESTAMP, SCOPE, seed);
      decoder = new AwsChunkedDecoder(source, new ChunkSignatureChain(signing), expectedLength, trailers, declared);
      decoder.trailerHandler((kind, value) -> {
        assertFalse(ended, "the trailer comes before the end");
        trailer.put(kind, value);
      });
      decoder.exceptionHandler(errors::add);
      decoder.handler(b -> out.writeBytes(b.getBytes()));
      decoder.endHandler(v -> ended = true);
      decoder.resume();
    }

    /** Feeds {@code wire} in pieces whose sizes cycle through {@code sizes}, then ends the source. */
    Run play(byte[] wire, int... sizes) {
      int pos = 0;
      for (int i = 0; pos < wire.length && errors.isEmpty(); i++) {
        int n = Math.min(sizes[i % sizes.length], wire.length - pos);
        source.handler.handle(Buffer.buffer(Arrays.copyOfRange(wire, pos, pos + n)));
        pos += n;
      }
      if (errors.isEmpty()) {
        source.end.handle(null);
      }
      return this;
    }

    S3ErrorCode failure() {
      assertFalse(ended, "a failed body must never end");
      assertEquals(1, errors.size(), errors.toString());
      return assertInstanceOf(S3Exception.class, errors.get(0)).code();
    }
  }

  // ---- behaviour

  @Test
  void theAwsDocumentedExampleVerifies() {
    // Signatures published with the AWS SigV4 streaming example (64 KiB then 1 KiB of 'a').
    byte[] a64k = new byte[65536];
    byte[] a1k = new byte[1024];
    Arrays.fill(a64k, (byte) 'a');
    Arrays.fill(a1k, (byte) 'a');
    List<Frame> frames = frames(a64k, a1k);
    assertEquals("ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648", frames.get(0).signature());
    assertEquals("0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497", frames.get(1).signature());
    assertEquals("b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9", frames.get(2).signature());

    Run run = new Run(66560).play(join(frames), 8192);
    assertTrue(run.ended, run.errors.toString());
    assertArrayEquals(concat(a64k, a1k), run.out.toByteArray());
  }

  @Test
  void signedChunksDecodeWhateverTheNetworkSplit() {
    byte[] c1 = random(1000, 1);
    byte[] c2 = random(513, 2);
    byte[] c3 = random(37, 3);
    byte[] wire = join(frames(c1, c2, c3));
    int[][] splits = {{1}, {2}, {3}, {7}, {64}, {1000}, {wire.length}, {5, 1, 90, 3, 250}, {97, 1, 1, 2}};
    for (int[] split : splits) {
      Run run = new Run(1550).play(wire, split);
      assertTrue(run.ended, Arrays.toString(split) + " " + run.errors);
      assertArrayEquals(concat(c1, c2, c3), run.out.toByteArray(), Arrays.toString(split));
    }
  }

  @Test
  void aTamperedDataByteIsASignatureMismatchAndTheChunkIsNeverEmitted() {
    byte[] c1 = random(100, 1);
    List<Frame> frames = frames(c1, random(100, 2));
    byte[] wire = join(frames);
    wire[frames.get(0).wire().length + 90] ^= 1; // a data byte of the second chunk

    Run run = new Run(200).play(wire, 7);

    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
    assertArrayEquals(c1, run.out.toByteArray(), "only the verified first chunk went on");
  }

  @Test
  void aTamperedSignatureIsAMismatchBeforeAnyDataIsEmitted() {
    byte[] wire = join(frames(random(100, 1)));
    int sigStart = "64;chunk-signature=".length();
    wire[sigStart] = (byte) (wire[sigStart] == 'a' ? 'b' : 'a');

    Run run = new Run(100).play(wire, 1);

    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
    assertEquals(0, run.out.size());
  }

  @Test
  void reorderedChunksAreAMismatch() {
    List<Frame> frames = frames(random(10, 1), random(10, 2));
    Run run = new Run(20).play(join(List.of(frames.get(1), frames.get(0), frames.get(2))), 13);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
    assertEquals(0, run.out.size());
  }

  @Test
  void aMissingChunkIsAMismatch() {
    List<Frame> frames = frames(random(10, 1), random(10, 2), random(10, 3));
    Run run = new Run(20).play(join(List.of(frames.get(0), frames.get(2), frames.get(3))), 13);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
  }

  @Test
  void chunksSignedForAnotherRequestAreAMismatch() {
    byte[] wire = join(frames(random(10, 1)));
    Run run = new Run("0".repeat(64), 10).play(wire, 100);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
  }

  @Test
  void theFinalEmptyChunkIsSignedToo() {
    List<Frame> frames = frames(random(10, 1));
    byte[] forgedEnd = utf8("0;chunk-signature=" + "f".repeat(64) + "\r\n\r\n");
    Run run = new Run(10).play(concat(frames.get(0).wire(), forgedEnd), 100);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
  }

  @Test
  void aChunkWithoutASignatureIsRefusedWhenChunksMustBeSigned() {
    Run run = new Run(5).play(utf8("5\r\nhello\r\n0\r\n\r\n"), 100);
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
  }

  @Test
  void aBodyCutBeforeTheFinalChunkIsIncomplete() {
    List<Frame> frames = frames(random(10, 1));
    Run run = new Run(10).play(frames.get(0).wire(), 100);
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, run.failure());
  }

  @Test
  void malformedFramingIsIncompleteBody() {
    List<Frame> frames = frames(random(10, 1));
    byte[] good = join(frames);
    String sig = frames.get(0).signature();
    List<byte[]> bad = List.of(
        utf8("zz;chunk-signature=" + sig + "\r\n"),                       // not hex
        utf8("-a;chunk-signature=" + sig + "\r\n"),                       // a sign
        utf8("a;chunk-signature=" + sig + "\r\n0123456789XX"),            // no CRLF after the data
        utf8("a;chunk-signature=" + sig + "\n"),                          // bare LF ends nothing; CR missing
        concat(good, utf8("more")),                                       // data after the final chunk
        concat(Arrays.copyOf(good, good.length - 2), utf8("x-amz-checksum-crc32:AAAAAA==\r\n\r\n"))); // trailer
    for (byte[] wire : bad) {
      Run run = new Run(10).play(wire, 3);
      assertEquals(S3ErrorCode.INCOMPLETE_BODY, run.failure(), new String(wire, StandardCharsets.ISO_8859_1));
    }
  }

  // ---- STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER

  private static final String CRC = "NSRBwg==";

  private static String trailerSignature(String previous, String canonicalTrailers) {
    String stringToSign = "AWS4-HMAC-SHA256-TRAILER\n" + TIMESTAMP + "\n" + SCOPE + "\n" + previous + "\n"
        + sha256Hex(utf8(canonicalTrailers));
    return HEX.formatHex(hmac(KEY, utf8(stringToSign)));
  }

  /** The chunks, then {@code name:value} trailers signed as a block after the final chunk. */
  private static byte[] withSignedTrailers(List<Frame> frames, String name, String value) {
    String signature = trailerSignature(frames.get(frames.size() - 1).signature(), name + ":" + value + "\n");
    byte[] wire = join(frames);
    return concat(Arrays.copyOf(wire, wire.length - 2), // the final chunk's line ends; trailers follow
        utf8(name + ":" + value + "\r\nx-amz-trailer-signature:" + signature + "\r\n\r\n"));
  }

  @Test
  void signedTrailersAreVerifiedAndTheChecksumHandedOverBeforeTheEndWhateverTheSplit() {
    byte[] c1 = random(300, 1);
    byte[] c2 = random(20, 2);
    byte[] wire = withSignedTrailers(frames(c1, c2), "x-amz-checksum-crc32", CRC);
    for (int[] split : new int[][] {{1}, {2}, {5}, {64}, {wire.length}, {97, 1, 1, 2}}) {
      Run run = new Run(320, Checksum.CRC32).play(wire, split);
      assertTrue(run.ended, Arrays.toString(split) + " " + run.errors);
      assertArrayEquals(concat(c1, c2), run.out.toByteArray());
      assertEquals(Map.of(Checksum.CRC32, CRC), run.trailer, Arrays.toString(split));
    }
  }

  @Test
  void aChangedSignedTrailerIsASignatureMismatch() {
    byte[] wire = withSignedTrailers(frames(random(10, 1)), "x-amz-checksum-crc32", CRC);
    String text = new String(wire, StandardCharsets.ISO_8859_1).replace(CRC, "AAAAAA==");

    Run run = new Run(10, Checksum.CRC32).play(text.getBytes(StandardCharsets.ISO_8859_1), 7);

    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, run.failure());
    assertTrue(run.trailer.isEmpty());
  }

  @Test
  void trailersWithoutTheirSignatureAreASignatureMismatch() {
    byte[] wire = join(frames(random(10, 1)));
    wire = concat(Arrays.copyOf(wire, wire.length - 2), utf8("x-amz-checksum-crc32:" + CRC + "\r\n\r\n"));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, new Run(10, Checksum.CRC32).play(wire, 100).failure());
  }

  @Test
  void aDeclaredTrailerThatIsNotThereIsMalformedEvenWhenSigned() {
    byte[] wire = withSignedTrailers(frames(random(10, 1)), "x-amz-checksum-sha1", "L4j7/9xrD4XWaxyyRrQ+KmbX0vk=");
    assertEquals(S3ErrorCode.MALFORMED_TRAILER, new Run(10, Checksum.CRC32).play(wire, 100).failure());
  }

  @Test
  void aDecodedLengthOtherThanDeclaredIsRefused() {
    byte[] wire = join(frames(random(10, 1)));
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, new Run(11).play(wire, 100).failure());
    assertEquals(S3ErrorCode.INVALID_REQUEST, new Run(9).play(wire, 100).failure());
  }

  @Test
  void anOversizedChunkIsRefusedBeforeItsDataIsRead() {
    Run run = new Run(-1).play(utf8("1000001;chunk-signature=" + "a".repeat(64) + "\r\n"), 100);
    assertEquals(S3ErrorCode.INVALID_REQUEST, run.failure());
  }

  @Test
  void aPausedConsumerPausesTheSourceAndGetsVerifiedChunksOnlyOnDemand() {
    byte[] c1 = random(10, 1);
    byte[] c2 = random(10, 2);
    byte[] wire = join(frames(c1, c2));
    Run run = new Run(20);
    assertFalse(run.source.paused, "reading while the consumer wants data");

    run.decoder.pause();
    assertTrue(run.source.paused);
    run.source.handler.handle(Buffer.buffer(wire)); // already in flight when the pause came
    assertEquals(0, run.out.size());
    assertTrue(run.source.paused);

    run.decoder.fetch(1);
    assertArrayEquals(c1, run.out.toByteArray());
    assertTrue(run.source.paused, "the second chunk still waits");

    run.decoder.resume();
    assertArrayEquals(concat(c1, c2), run.out.toByteArray());
    assertFalse(run.source.paused, "the end is still to come");
    run.source.end.handle(null);
    assertTrue(run.ended);
  }
}
