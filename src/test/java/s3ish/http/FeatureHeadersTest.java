package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import s3ish.bus.S3Exception;

class FeatureHeadersTest {

  private static MultiMap headers(String... namesAndValues) {
    MultiMap headers = MultiMap.caseInsensitiveMultiMap()
        .add("Host", "127.0.0.1")
        .add("X-Amz-Date", "20261129T000000Z")
        .add("x-amz-content-sha256", "UNSIGNED-PAYLOAD")
        .add("x-amz-meta-acl", "public-read");
    for (int i = 0; i < namesAndValues.length; i += 2) {
      headers.add(namesAndValues[i], namesAndValues[i + 1]);
    }
    return headers;
  }

  @Test
  void headersOfNoCheckedFeaturePass() {
    assertDoesNotThrow(() -> FeatureHeaders.check(S3Endpoint.PUT_OBJECT, headers()));
    assertDoesNotThrow(() -> FeatureHeaders.check(S3Endpoint.PUT_OBJECT, MultiMap.caseInsensitiveMultiMap()));
  }

  @Test
  void whatAlreadyHoldsIsAccepted() {
    assertDoesNotThrow(() -> FeatureHeaders.check(S3Endpoint.PUT_OBJECT,
        headers("X-Amz-Acl", "private", "x-amz-storage-class", "STANDARD")));
    assertDoesNotThrow(() -> FeatureHeaders.check(S3Endpoint.PUT_OBJECT,
        headers("x-amz-bucket-object-lock-enabled", "true")));
  }

  /** Names in any case: the one-pass check must find them as the lookups do. */
  @ParameterizedTest
  @CsvSource({
      "x-amz-acl, public-read, NotImplemented",
      "X-AMZ-ACL, public-read, NotImplemented",
      "X-Amz-Storage-Class, GLACIER, InvalidStorageClass",
      "x-amz-grant-read, id=x, NotImplemented",
      "X-Amz-Server-Side-Encryption, AES256, NotImplemented",
      "x-amz-tagging, a=b, NotImplemented",
      "X-Amz-Object-Lock-Mode, GOVERNANCE, InvalidRequest",
      "x-amz-object-lock-legal-hold, ON, InvalidRequest",
  })
  void refusedFeaturesAreRefusedInAnyCase(String name, String value, String code) {
    S3Exception e = assertThrows(S3Exception.class,
        () -> FeatureHeaders.check(S3Endpoint.PUT_OBJECT, headers(name, value)));
    assertEquals(code, e.code().code());
  }

  @Test
  void objectLockOnCreateBucketIsNotImplemented() {
    S3Exception e = assertThrows(S3Exception.class, () -> FeatureHeaders.check(S3Endpoint.CREATE_BUCKET,
        headers("X-Amz-Bucket-Object-Lock-Enabled", "True")));
    assertEquals("NotImplemented", e.code().code());
  }
}
