package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.grpc.v1.Checksums;

class MessagesTest {
  private static final String CRC32 = "AAAAAA==";
  private static final String CRC64 = "AAAAAAAAAAA=";
  private static final String SHA1 = "2jmj7l5rSw0yVb/vlWAYkK/YBwk=";
  private static final String SHA256 = "47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=";
  private static final String MD5 = "1B2M2Y8AsgTpgAmY7PhCfg==";

  @Test
  void everyChecksumGivenIsExpectedAndStoredOnesConvertBack() {
    Checksums all = Checksums.newBuilder().setCrc32(CRC32).setCrc32C(CRC32).setCrc64Nvme(CRC64).setSha1(SHA1)
        .setSha256(SHA256).build();
    Map<Checksum, String> expected = Messages.expected(MD5, all);
    assertEquals(Map.of(Checksum.MD5, MD5, Checksum.CRC32, CRC32, Checksum.CRC32C, CRC32, Checksum.CRC64NVME, CRC64,
        Checksum.SHA1, SHA1, Checksum.SHA256, SHA256), expected);
    Map<Checksum, String> stored = new HashMap<>(expected);
    stored.remove(Checksum.MD5);
    assertEquals(all, Messages.checksums(stored));
  }

  @Test
  void noChecksumsExpectNothing() {
    assertEquals(Map.of(), Messages.expected(null, Checksums.getDefaultInstance()));
    assertEquals(Checksums.getDefaultInstance(), Messages.checksums(Map.of()));
  }

  @Test
  void aValueThatIsNotBase64OfTheRightLengthIsInvalidDigest() {
    for (Checksums bad : new Checksums[] {
        Checksums.newBuilder().setCrc32(CRC64).build(),           // 8 bytes where CRC32 has 4
        Checksums.newBuilder().setSha256("not base64!").build(),
        Checksums.newBuilder().setSha1("").build()}) {
      S3Exception e = assertThrows(S3Exception.class, () -> Messages.expected(null, bad));
      assertEquals(S3ErrorCode.INVALID_DIGEST, e.code());
    }
    assertEquals(S3ErrorCode.INVALID_DIGEST,
        assertThrows(S3Exception.class, () -> Messages.expected("short", Checksums.getDefaultInstance())).code());
  }
}
