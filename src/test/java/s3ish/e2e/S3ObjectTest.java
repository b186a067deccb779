package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;
import static s3ish.e2e.S3TestSupport.md5Hex;
import static s3ish.e2e.S3TestSupport.randomBytes;
import static s3ish.e2e.S3TestSupport.sha256Hex;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.TestServer;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** PutObject, GetObject, HeadObject, DeleteObject through the AWS SDK for Java v2. */
class S3ObjectTest extends ServerPerClass {
  static String bucket;

  @BeforeAll
  static void createSharedBucket() {
    bucket = createBucket("objects");
  }

  @Test
  void putReturnsTheQuotedMd5AsETagAndGetReturnsTheBytes() {
    byte[] data = randomBytes(3 * 1024 * 1024 + 17, 1); // several bus chunks, not chunk-aligned
    PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("multi-chunk.bin"), RequestBody.fromBytes(data));
    assertEquals("\"" + md5Hex(data) + "\"", put.eTag());
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("multi-chunk.bin"));
    assertEquals(sha256Hex(data), sha256Hex(got.asByteArray()));
    assertEquals(put.eTag(), got.response().eTag());
    assertEquals(data.length, got.response().contentLength());
    assertEquals("bytes", got.response().acceptRanges());
    assertNotNull(got.response().lastModified());
  }

  @Test
  void metadataAndSystemHeadersAreStoredAndReturned() {
    Instant expires = Instant.parse("2030-01-01T00:00:00Z");
    s3.putObject(b -> b.bucket(bucket).key("meta.txt")
            .contentType("text/plain; charset=utf-8")
            .cacheControl("max-age=60")
            .contentDisposition("attachment; filename=\"meta.txt\"")
            .contentEncoding("identity")
            .contentLanguage("en")
            .expires(expires)
            .metadata(Map.of("color", "blue", "Shape", "round")),
        RequestBody.fromString("hello"));
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("meta.txt"));
    assertEquals("text/plain; charset=utf-8", head.contentType());
    assertEquals("max-age=60", head.cacheControl());
    assertEquals("attachment; filename=\"meta.txt\"", head.contentDisposition());
    assertEquals("identity", head.contentEncoding());
    assertEquals("en", head.contentLanguage());
    assertEquals(expires, head.expires());
    assertEquals(Map.of("color", "blue", "shape", "round"), head.metadata());
    assertEquals(5, head.contentLength());
    GetObjectResponse get = s3.getObjectAsBytes(b -> b.bucket(bucket).key("meta.txt")).response();
    assertEquals("text/plain; charset=utf-8", get.contentType());
    assertEquals(Map.of("color", "blue", "shape", "round"), get.metadata());
  }

  @Test
  void emptyObjectRoundTrips() {
    s3.putObject(b -> b.bucket(bucket).key("empty"), RequestBody.empty());
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("empty"));
    assertEquals(0, got.asByteArray().length);
    assertEquals("\"d41d8cd98f00b204e9800998ecf8427e\"", got.response().eTag());
  }

  @Test
  void correctContentMd5IsAcceptedAndAWrongOneStoresNothing() {
    byte[] data = randomBytes(10_000, 2);
    String good = Base64.getEncoder().encodeToString(S3TestSupport.digest("MD5", data));
    s3.putObject(b -> b.bucket(bucket).key("md5-ok").contentMD5(good), RequestBody.fromBytes(data));
    String wrong = Base64.getEncoder().encodeToString(S3TestSupport.digest("MD5", new byte[] {1}));
    assertS3Error(400, "BadDigest",
        () -> s3.putObject(b -> b.bucket(bucket).key("md5-bad").contentMD5(wrong), RequestBody.fromBytes(data)));
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("md5-bad")));
  }

  @Test
  void malformedContentMd5IsInvalidDigest() {
    assertS3Error(400, "InvalidDigest",
        () -> s3.putObject(b -> b.bucket(bucket).key("md5-garbage").contentMD5("not-base64!"), RequestBody.fromString("x")));
  }

  @Test
  void overwriteReplacesTheObject() {
    s3.putObject(b -> b.bucket(bucket).key("overwrite"), RequestBody.fromString("first"));
    s3.putObject(b -> b.bucket(bucket).key("overwrite"), RequestBody.fromString("second"));
    assertEquals("second", s3.getObjectAsBytes(b -> b.bucket(bucket).key("overwrite")).asUtf8String());
  }

  @Test
  void rangesReturnPartialContent() {
    byte[] data = randomBytes(1000, 3);
    s3.putObject(b -> b.bucket(bucket).key("ranged"), RequestBody.fromBytes(data));
    ResponseBytes<GetObjectResponse> first = s3.getObjectAsBytes(b -> b.bucket(bucket).key("ranged").range("bytes=0-9"));
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 0, 10), first.asByteArray());
    assertEquals("bytes 0-9/1000", first.response().contentRange());
    ResponseBytes<GetObjectResponse> open = s3.getObjectAsBytes(b -> b.bucket(bucket).key("ranged").range("bytes=990-"));
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 990, 1000), open.asByteArray());
    ResponseBytes<GetObjectResponse> suffix = s3.getObjectAsBytes(b -> b.bucket(bucket).key("ranged").range("bytes=-3"));
    assertArrayEquals(java.util.Arrays.copyOfRange(data, 997, 1000), suffix.asByteArray());
    assertEquals("bytes 997-999/1000", suffix.response().contentRange());
    ResponseBytes<GetObjectResponse> clamped = s3.getObjectAsBytes(b -> b.bucket(bucket).key("ranged").range("bytes=500-5000"));
    assertEquals(500, clamped.asByteArray().length);
    assertS3Error(416, "InvalidRange", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("ranged").range("bytes=1000-")));
  }

  @Test
  void conditionalGetsAnswer304And412() {
    PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("conditional"), RequestBody.fromString("c"));
    Instant future = Instant.now().plus(1, ChronoUnit.DAYS);
    Instant past = Instant.now().minus(1, ChronoUnit.DAYS);
    assertEquals("c", s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifMatch(put.eTag())).asUtf8String());
    assertS3Error(412, "PreconditionFailed",
        () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifMatch("\"0123\"")));
    assertS3Error(304, null, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifNoneMatch(put.eTag())));
    assertS3Error(304, null, () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifModifiedSince(future)));
    assertS3Error(412, "PreconditionFailed",
        () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifUnmodifiedSince(past)));
    assertEquals("c", s3.getObjectAsBytes(b -> b.bucket(bucket).key("conditional").ifModifiedSince(past)).asUtf8String());
    assertS3Error(412, null, () -> s3.headObject(b -> b.bucket(bucket).key("conditional").ifMatch("\"0123\"")));
  }

  @Test
  void responseHeaderOverridesApply() {
    s3.putObject(b -> b.bucket(bucket).key("override").contentType("text/plain"), RequestBody.fromString("o"));
    GetObjectResponse r = s3.getObjectAsBytes(b -> b.bucket(bucket).key("override")
        .responseContentType("application/json")
        .responseContentDisposition("inline")
        .responseCacheControl("no-cache")
        .responseContentLanguage("fr")
        .responseContentEncoding("identity")).response();
    assertEquals("application/json", r.contentType());
    assertEquals("inline", r.contentDisposition());
    assertEquals("no-cache", r.cacheControl());
    assertEquals("fr", r.contentLanguage());
    assertEquals("identity", r.contentEncoding());
  }

  @ParameterizedTest
  @ValueSource(strings = {"with space.txt", "unicodé/ключ/鍵.txt", "plus+sign", "percent%20literal", "double//slash",
      "../dot-dot", "tilde~and*star", "question?mark", "hash#tag", "semi;colon=equals&amp"})
  void oddKeysRoundTrip(String key) {
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
    assertEquals(key, s3.getObjectAsBytes(b -> b.bucket(bucket).key(key)).asUtf8String());
    assertTrue(s3.listObjectsV2(b -> b.bucket(bucket).prefix(key)).contents().stream()
        .anyMatch(o -> o.key().equals(key)), key);
  }

  @Test
  void missingKeysAre404AndDeleteIsIdempotent() {
    assertS3Error(404, "NoSuchKey", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("nope")));
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("nope")));
    s3.putObject(b -> b.bucket(bucket).key("doomed"), RequestBody.fromString("d"));
    s3.deleteObject(b -> b.bucket(bucket).key("doomed"));
    s3.deleteObject(b -> b.bucket(bucket).key("doomed"));
    assertS3Error(404, "NoSuchKey", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("doomed")));
  }

  @Test
  void tooLongKeyIsRefused() {
    String key = "k".repeat(1025);
    assertS3Error(400, "KeyTooLongError", () -> s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("x")));
  }

  @Test
  void everyResponseCarriesARequestId() {
    PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("rid"), RequestBody.fromString("r"));
    assertTrue(put.sdkHttpResponse().firstMatchingHeader("x-amz-request-id").isPresent());
    software.amazon.awssdk.services.s3.model.S3Exception e =
        assertS3Error(404, "NoSuchKey", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("missing-rid")));
    assertNotNull(e.requestId());
  }
}
