package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.http.ChecksumHeaders.Requested;

class ChecksumHeadersTest {
  private static MultiMap headers(String... pairs) {
    MultiMap m = MultiMap.caseInsensitiveMultiMap();
    for (int i = 0; i < pairs.length; i += 2) {
      m.add(pairs[i], pairs[i + 1]);
    }
    return m;
  }

  private static S3Exception refused(MultiMap headers, boolean trailers) {
    return assertThrows(S3Exception.class, () -> ChecksumHeaders.requested(headers, trailers));
  }

  @ParameterizedTest
  @CsvSource({
      "x-amz-checksum-crc32, CRC32, NSRBwg==",
      "X-Amz-Checksum-CRC32C, CRC32C, Nks/tw==",
      "x-amz-checksum-crc64nvme, CRC64NVME, AAAAAAAAAAA=",
      "x-amz-checksum-sha1, SHA1, qZk+NkcGgWq6PiVxeFDCbJzQ2J0=",
      "x-amz-checksum-sha256, SHA256, ungWv48Bz+pBQUDeXa4iI7ADYaOWF3qctBD/YfIAFa0="})
  void eachChecksumHeaderIsAcceptedWithItsAlgorithm(String header, Checksum kind, String value) {
    assertEquals(new Requested(kind, value),
        ChecksumHeaders.requested(headers(header, value, "x-amz-sdk-checksum-algorithm", kind.algorithm()), false));
  }

  @Test
  void aValueOfTheWrongLengthOrNotBase64IsInvalidRequestNamingTheHeader() {
    S3Exception e = refused(headers("x-amz-checksum-crc32", "AAAAAAAAAAA="), false);
    assertEquals(S3ErrorCode.INVALID_REQUEST, e.code());
    assertEquals("Value for x-amz-checksum-crc32 header is invalid.", e.getMessage());
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-checksum-sha1", "not base64!"), false).code());
  }

  @Test
  void twoChecksumsInOneRequestAreRefused() {
    assertEquals(S3ErrorCode.INVALID_REQUEST,
        refused(headers("x-amz-checksum-crc32", "NSRBwg==", "x-amz-checksum-crc32c", "Nks/tw=="), false).code());
    assertEquals(S3ErrorCode.INVALID_REQUEST,
        refused(headers("x-amz-checksum-crc32", "NSRBwg==", "x-amz-trailer", "x-amz-checksum-crc32"), true).code());
  }

  @Test
  void aDeclaredTrailerIsRequestedWithoutAValue() {
    Requested r = ChecksumHeaders.requested(headers("x-amz-trailer", "x-amz-checksum-crc32c",
        "x-amz-sdk-checksum-algorithm", "crc32c"), true);
    assertEquals(new Requested(Checksum.CRC32C, null), r);
    assertEquals(true, r.isTrailer());
  }

  @Test
  void aTrailerIsRefusedWhenTheBodyCannotCarryOneOrItIsNoChecksum() {
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-trailer", "x-amz-checksum-crc32"), false).code());
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-trailer", "x-amz-meta-a"), true).code());
  }

  @Test
  void theSdkAlgorithmMustNameTheChecksumSent() {
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-sdk-checksum-algorithm", "CRC32"), false).code());
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-sdk-checksum-algorithm", "MD5",
        "x-amz-checksum-crc32", "NSRBwg=="), false).code());
    assertEquals(S3ErrorCode.INVALID_REQUEST, refused(headers("x-amz-sdk-checksum-algorithm", "SHA1",
        "x-amz-checksum-crc32", "NSRBwg=="), false).code());
  }

  @Test
  void noChecksumHeadersRequestNothing() {
    assertEquals(Requested.NONE, ChecksumHeaders.requested(headers("x-amz-checksum-mode", "ENABLED"), true));
  }

  @Test
  void storedChecksumsBecomeResponseHeadersOfAWholeObject() {
    MultiMap response = MultiMap.caseInsensitiveMultiMap();
    ChecksumHeaders.write(response, Map.of(Checksum.SHA1, "qZk+NkcGgWq6PiVxeFDCbJzQ2J0="));
    assertEquals("qZk+NkcGgWq6PiVxeFDCbJzQ2J0=", response.get("x-amz-checksum-sha1"));
    assertEquals("FULL_OBJECT", response.get("x-amz-checksum-type"));
  }

  @Test
  void aChecksumOfPartChecksumsIsComposite() {
    MultiMap response = MultiMap.caseInsensitiveMultiMap();
    ChecksumHeaders.write(response, Map.of(Checksum.CRC32, "AAAAAA==-3"));
    assertEquals("AAAAAA==-3", response.get("x-amz-checksum-crc32"));
    assertEquals("COMPOSITE", response.get("x-amz-checksum-type"));
  }
}
