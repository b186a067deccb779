package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class CopySourceTest {
  @Test
  void bucketSlashKey() {
    assertEquals(new CopySource("src", "a/b.txt"), CopySource.parse("src/a/b.txt"));
  }

  @Test
  void leadingSlashIsOptional() {
    assertEquals(new CopySource("src", "a/b.txt"), CopySource.parse("/src/a/b.txt"));
  }

  @Test
  void urlEncodedKeyIsDecodedOnceAndPlusStaysPlus() {
    assertEquals(new CopySource("src", "my file+1/é.txt"), CopySource.parse("/src/my%20file+1/%C3%A9.txt"));
  }

  @Test
  void nullVersionIdIsAccepted() {
    assertEquals(new CopySource("src", "k"), CopySource.parse("src/k?versionId=null"));
  }

  @Test
  void realVersionIdIsRefused() {
    S3Exception e = assertThrows(S3Exception.class, () -> CopySource.parse("src/k?versionId=3HL4kqtJlcpXroDTDmJ"));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.code());
  }

  @Test
  void missingKeyIsInvalidArgument() {
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> CopySource.parse("src")).code());
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> CopySource.parse("/src/")).code());
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, assertThrows(S3Exception.class, () -> CopySource.parse("")).code());
  }

  @Test
  void metadataDirective() {
    assertEquals(false, CopyObjectOperation.replaceMetadata(null));
    assertEquals(false, CopyObjectOperation.replaceMetadata("COPY"));
    assertEquals(true, CopyObjectOperation.replaceMetadata("REPLACE"));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT,
        assertThrows(S3Exception.class, () -> CopyObjectOperation.replaceMetadata("MERGE")).code());
  }
}
