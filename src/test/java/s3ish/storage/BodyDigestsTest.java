package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class BodyDigestsTest {
  private static final byte[] DATA = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);

  /** What S3 would send for DATA: base64 of the big-endian digest, computed here without BodyDigests. */
  private static String expected(Checksum kind) throws Exception {
    return switch (kind) {
      case CRC32 -> crc(new CRC32(), 4);
      case CRC32C -> crc(new CRC32C(), 4);
      case CRC64NVME -> crc(new Crc64Nvme(), 8);
      case SHA1 -> Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1").digest(DATA));
      case SHA256 -> Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(DATA));
      default -> throw new IllegalArgumentException(kind.name());
    };
  }

  private static String crc(java.util.zip.Checksum c, int bytes) {
    c.update(DATA, 0, DATA.length);
    ByteBuffer b = ByteBuffer.allocate(8).putLong(c.getValue());
    byte[] out = new byte[bytes];
    b.position(8 - bytes);
    b.get(out);
    return Base64.getEncoder().encodeToString(out);
  }

  /** Fed in two pieces, so digests must carry across updates. */
  private static BodyDigests digestsOf(Map<Checksum, String> atOpen, Set<Checksum> trailing) {
    BodyDigests d = new BodyDigests(atOpen, trailing);
    d.update(ByteBuffer.wrap(DATA, 0, 10));
    d.update(ByteBuffer.allocateDirect(DATA.length - 10).put(DATA, 10, DATA.length - 10).flip());
    return d;
  }

  @ParameterizedTest
  @EnumSource(value = Checksum.class, names = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"})
  void aChecksumGivenAtOpenIsVerifiedAndStored(Checksum kind) throws Exception {
    BodyDigests d = digestsOf(Map.of(kind, expected(kind)), Set.of());
    d.verify(Map.of(kind, expected(kind)));
    assertEquals(Map.of(kind, expected(kind)), d.objectChecksums());
  }

  @ParameterizedTest
  @EnumSource(value = Checksum.class, names = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"})
  void aTrailingChecksumIsComputedFromTheFirstByteAndVerifiedAtTheEnd(Checksum kind) throws Exception {
    BodyDigests d = digestsOf(Map.of(), Set.of(kind));
    d.verify(Map.of(kind, expected(kind)));
    assertEquals(Map.of(kind, expected(kind)), d.objectChecksums());
  }

  @ParameterizedTest
  @EnumSource(value = Checksum.class, names = {"CRC32", "CRC32C", "CRC64NVME", "SHA1", "SHA256"})
  void aWrongChecksumIsBadDigestNamingTheAlgorithm(Checksum kind) throws Exception {
    String wrong = expected(Checksum.SHA256).equals(expected(kind)) ? expected(Checksum.SHA1) : expected(Checksum.SHA256);
    BodyDigests d = digestsOf(Map.of(), Set.of(kind));
    S3Exception e = assertThrows(S3Exception.class, () -> d.verify(Map.of(kind, wrong)));
    assertEquals(S3ErrorCode.BAD_DIGEST, e.code());
    assertEquals("The " + kind.algorithm() + " you specified did not match the calculated checksum.", e.getMessage());
  }

  @Test
  void onlyTheChecksumsAskedForAreComputedAndStored() {
    assertEquals(Map.of(), digestsOf(Map.of(), Set.of()).objectChecksums());
  }

  @Test
  void aChecksumThatArrivesOnlyAtTheEndWithoutAnnouncementIsRefused() throws Exception {
    BodyDigests d = digestsOf(Map.of(), Set.of());
    S3Exception e = assertThrows(S3Exception.class, () -> d.verify(Map.of(Checksum.CRC32, expected(Checksum.CRC32))));
    assertEquals(S3ErrorCode.INVALID_REQUEST, e.code());
  }
}
