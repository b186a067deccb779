package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListMultipartUploadsResponse;
import software.amazon.awssdk.services.s3.model.ListPartsResponse;
import software.amazon.awssdk.services.s3.model.MultipartUpload;
import software.amazon.awssdk.services.s3.model.Part;

/**
 * Every multipart call and error through the SDK v2 sync client at default settings. The server's minimum
 * part size is lowered to 64 KiB so the parts here stay small and the tests fast.
 */
class S3MultipartTest {
  private static final int MIN_PART = 64 * 1024;

  static TestServer server;
  static S3Client s3;

  @BeforeAll
  static void start(org.junit.jupiter.api.TestInfo info) {
    server = TestServer.start(OnFileBackend.configFor(info).put(Setting.MULTIPART_MIN_PART_SIZE.key(), MIN_PART));
    s3 = server.client();
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  private static String bucket(String hint) {
    String name = S3TestSupport.bucketName(hint);
    s3.createBucket(b -> b.bucket(name));
    return name;
  }

  private static String create(String bucket, String key) {
    return s3.createMultipartUpload(b -> b.bucket(bucket).key(key).contentType("text/plain")).uploadId();
  }

  private static CompletedPart upload(String bucket, String key, String uploadId, int n, byte[] data) {
    String etag = s3.uploadPart(b -> b.bucket(bucket).key(key).uploadId(uploadId).partNumber(n),
        RequestBody.fromBytes(data)).eTag();
    return CompletedPart.builder().partNumber(n).eTag(etag).build();
  }

  private static String complete(String bucket, String key, String uploadId, List<CompletedPart> parts) {
    return s3.completeMultipartUpload(b -> b.bucket(bucket).key(key).uploadId(uploadId)
        .multipartUpload(m -> m.parts(parts))).eTag();
  }

  private static byte[] concat(byte[]... parts) {
    int size = Arrays.stream(parts).mapToInt(p -> p.length).sum();
    byte[] all = new byte[size];
    int at = 0;
    for (byte[] p : parts) {
      System.arraycopy(p, 0, all, at, p.length);
      at += p.length;
    }
    return all;
  }

  /** {@code "<md5 of the concatenated binary part MD5s>-N"}, as S3 computes it. */
  private static String multipartEtag(byte[]... parts) {
    byte[] md5s = new byte[16 * parts.length];
    for (int i = 0; i < parts.length; i++) {
      System.arraycopy(S3TestSupport.digest("MD5", parts[i]), 0, md5s, 16 * i, 16);
    }
    return "\"" + S3TestSupport.md5Hex(md5s) + "-" + parts.length + "\"";
  }

  @Test
  void threePartsAreListedCompletedAndReadBackWholeAndByPart() {
    String bucket = bucket("mp-basic");
    byte[] p1 = S3TestSupport.randomBytes(MIN_PART, 1);
    byte[] p2 = S3TestSupport.randomBytes(MIN_PART + 7, 2);
    byte[] p3 = S3TestSupport.randomBytes(1000, 3);
    String uploadId = create(bucket, "dir/obj.bin");
    List<CompletedPart> parts = List.of(
        upload(bucket, "dir/obj.bin", uploadId, 1, p1),
        upload(bucket, "dir/obj.bin", uploadId, 2, p2),
        upload(bucket, "dir/obj.bin", uploadId, 3, p3));
    assertEquals("\"" + S3TestSupport.md5Hex(p1) + "\"", parts.get(0).eTag());

    ListPartsResponse listed = s3.listParts(b -> b.bucket(bucket).key("dir/obj.bin").uploadId(uploadId));
    assertEquals(List.of(1, 2, 3), listed.parts().stream().map(Part::partNumber).toList());
    assertEquals(List.of((long) p1.length, (long) p2.length, (long) p3.length),
        listed.parts().stream().map(Part::size).toList());
    assertFalse(listed.isTruncated());
    ListPartsResponse page = s3.listParts(b -> b.bucket(bucket).key("dir/obj.bin").uploadId(uploadId).maxParts(2));
    assertTrue(page.isTruncated());
    assertEquals(2, page.nextPartNumberMarker());
    ListPartsResponse rest = s3.listParts(b -> b.bucket(bucket).key("dir/obj.bin").uploadId(uploadId)
        .partNumberMarker(2));
    assertEquals(List.of(3), rest.parts().stream().map(Part::partNumber).toList());

    ListMultipartUploadsResponse uploads = s3.listMultipartUploads(b -> b.bucket(bucket));
    assertEquals(List.of(uploadId), uploads.uploads().stream().map(MultipartUpload::uploadId).toList());
    assertEquals("dir/obj.bin", uploads.uploads().get(0).key());

    String etag = complete(bucket, "dir/obj.bin", uploadId, parts);
    assertEquals(multipartEtag(p1, p2, p3), etag);
    assertTrue(etag.endsWith("-3\""));
    assertTrue(s3.listMultipartUploads(b -> b.bucket(bucket)).uploads().isEmpty());

    byte[] whole = concat(p1, p2, p3);
    ResponseBytes<GetObjectResponse> got = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/obj.bin"));
    assertEquals(S3TestSupport.sha256Hex(whole), S3TestSupport.sha256Hex(got.asByteArray()));
    assertEquals(3, got.response().partsCount());
    assertEquals("text/plain", got.response().contentType());
    HeadObjectResponse head = s3.headObject(b -> b.bucket(bucket).key("dir/obj.bin"));
    assertEquals(whole.length, head.contentLength());
    assertEquals(3, head.partsCount());
    assertEquals(etag, head.eTag());

    ResponseBytes<GetObjectResponse> second = s3.getObjectAsBytes(b -> b.bucket(bucket).key("dir/obj.bin").partNumber(2));
    assertArrayEquals(p2, second.asByteArray());
    assertEquals("bytes " + p1.length + "-" + (p1.length + p2.length - 1) + "/" + whole.length,
        second.response().contentRange());
    assertEquals(3, second.response().partsCount());
    HeadObjectResponse headThird = s3.headObject(b -> b.bucket(bucket).key("dir/obj.bin").partNumber(3));
    assertEquals(p3.length, headThird.contentLength());
    assertEquals(3, headThird.partsCount());
  }

  @Test
  void listMultipartUploadsGroupsByDelimiterAndPaginates() {
    String bucket = bucket("mp-list");
    String a = create(bucket, "a/1");
    String b1 = create(bucket, "b");
    String b2 = create(bucket, "b");
    ListMultipartUploadsResponse grouped = s3.listMultipartUploads(r -> r.bucket(bucket).delimiter("/"));
    assertEquals(List.of("a/"), grouped.commonPrefixes().stream().map(p -> p.prefix()).toList());
    assertEquals(2, grouped.uploads().size());
    ListMultipartUploadsResponse first = s3.listMultipartUploads(r -> r.bucket(bucket).maxUploads(2));
    assertTrue(first.isTruncated());
    ListMultipartUploadsResponse next = s3.listMultipartUploads(r -> r.bucket(bucket)
        .keyMarker(first.nextKeyMarker()).uploadIdMarker(first.nextUploadIdMarker()));
    assertFalse(next.isTruncated());
    List<String> all = new ArrayList<>();
    first.uploads().forEach(u -> all.add(u.uploadId()));
    next.uploads().forEach(u -> all.add(u.uploadId()));
    assertEquals(3, all.size());
    assertTrue(all.containsAll(List.of(a, b1, b2)));
    assertEquals(List.of(a), s3.listMultipartUploads(r -> r.bucket(bucket).prefix("a/")).uploads().stream()
        .map(MultipartUpload::uploadId).toList());
  }

  @Test
  void abortedUploadIsGone() {
    String bucket = bucket("mp-abort");
    String uploadId = create(bucket, "k");
    upload(bucket, "k", uploadId, 1, S3TestSupport.randomBytes(100, 4));
    s3.abortMultipartUpload(b -> b.bucket(bucket).key("k").uploadId(uploadId));
    assertS3Error(404, "NoSuchUpload", () -> s3.listParts(b -> b.bucket(bucket).key("k").uploadId(uploadId)));
    assertS3Error(404, "NoSuchUpload", () -> upload(bucket, "k", uploadId, 2, new byte[10]));
    assertS3Error(404, "NoSuchKey", () -> s3.headObject(b -> b.bucket(bucket).key("k")));
  }

  @Test
  void unknownUploadIdIsNoSuchUpload() {
    String bucket = bucket("mp-nosuch");
    assertS3Error(404, "NoSuchUpload", () -> upload(bucket, "k", "no-such-upload", 1, new byte[10]));
    assertS3Error(404, "NoSuchUpload", () -> complete(bucket, "k", "no-such-upload",
        List.of(CompletedPart.builder().partNumber(1).eTag("\"x\"").build())));
    assertS3Error(404, "NoSuchUpload", () -> s3.abortMultipartUpload(b -> b.bucket(bucket).key("k")
        .uploadId("no-such-upload")));
  }

  @Test
  void partsOutOfOrderAreInvalidPartOrder() {
    String bucket = bucket("mp-order");
    String uploadId = create(bucket, "k");
    CompletedPart p1 = upload(bucket, "k", uploadId, 1, S3TestSupport.randomBytes(MIN_PART, 5));
    CompletedPart p2 = upload(bucket, "k", uploadId, 2, S3TestSupport.randomBytes(10, 6));
    assertS3Error(400, "InvalidPartOrder", () -> complete(bucket, "k", uploadId, List.of(p2, p1)));
  }

  @Test
  void wrongEtagOrMissingPartIsInvalidPart() {
    String bucket = bucket("mp-invalid");
    String uploadId = create(bucket, "k");
    CompletedPart p1 = upload(bucket, "k", uploadId, 1, S3TestSupport.randomBytes(MIN_PART, 7));
    CompletedPart wrong = CompletedPart.builder().partNumber(1).eTag("\"" + "0".repeat(32) + "\"").build();
    assertS3Error(400, "InvalidPart", () -> complete(bucket, "k", uploadId, List.of(wrong)));
    CompletedPart missing = CompletedPart.builder().partNumber(2).eTag(p1.eTag()).build();
    assertS3Error(400, "InvalidPart", () -> complete(bucket, "k", uploadId, List.of(p1, missing)));
  }

  @Test
  void smallPartBeforeTheLastIsEntityTooSmall() {
    String bucket = bucket("mp-small");
    String uploadId = create(bucket, "k");
    CompletedPart p1 = upload(bucket, "k", uploadId, 1, S3TestSupport.randomBytes(MIN_PART - 1, 8));
    CompletedPart p2 = upload(bucket, "k", uploadId, 2, S3TestSupport.randomBytes(10, 9));
    assertS3Error(400, "EntityTooSmall", () -> complete(bucket, "k", uploadId, List.of(p1, p2)));
  }

  @Test
  void uploadPartCopyAssemblesAnObjectFromRangesOfAnother() {
    String bucket = bucket("mp-copy");
    byte[] source = S3TestSupport.randomBytes(3 * MIN_PART, 10);
    s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromBytes(source));
    String uploadId = create(bucket, "assembled");
    // the second half first, then the first half: the result is the source rotated
    int half = source.length / 2;
    List<CompletedPart> parts = new ArrayList<>();
    for (int[] range : new int[][] {{half, source.length - 1}, {0, half - 1}}) {
      int n = parts.size() + 1;
      String etag = s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
          .destinationBucket(bucket).destinationKey("assembled").uploadId(uploadId).partNumber(n)
          .copySourceRange("bytes=" + range[0] + "-" + range[1])).copyPartResult().eTag();
      parts.add(CompletedPart.builder().partNumber(n).eTag(etag).build());
    }
    complete(bucket, "assembled", uploadId, parts);
    byte[] expected = concat(Arrays.copyOfRange(source, half, source.length), Arrays.copyOfRange(source, 0, half));
    assertArrayEquals(expected, s3.getObjectAsBytes(b -> b.bucket(bucket).key("assembled")).asByteArray());
  }

  @Test
  void malformedCopySourceRangeIsInvalidArgument() {
    String bucket = bucket("mp-copyrange");
    s3.putObject(b -> b.bucket(bucket).key("source"), RequestBody.fromBytes(new byte[100]));
    String uploadId = create(bucket, "k");
    assertS3Error(400, "InvalidArgument", () -> s3.uploadPartCopy(b -> b.sourceBucket(bucket).sourceKey("source")
        .destinationBucket(bucket).destinationKey("k").uploadId(uploadId).partNumber(1)
        .copySourceRange("bytes=10-")));
  }

  @Test
  void completeWithIfNoneMatchOnAnExistingKeyIsPreconditionFailed() {
    String bucket = bucket("mp-cond");
    s3.putObject(b -> b.bucket(bucket).key("taken"), RequestBody.fromString("first"));
    String uploadId = create(bucket, "taken");
    CompletedPart p1 = upload(bucket, "taken", uploadId, 1, S3TestSupport.randomBytes(100, 11));
    assertS3Error(412, "PreconditionFailed", () -> s3.completeMultipartUpload(b -> b.bucket(bucket).key("taken")
        .uploadId(uploadId).ifNoneMatch("*").multipartUpload(m -> m.parts(p1))));
    assertEquals("first", s3.getObjectAsBytes(b -> b.bucket(bucket).key("taken")).asUtf8String());
  }

  @Test
  void invalidPartNumbersAreInvalidArgumentAndRangeWithPartNumberIsInvalidRequest() {
    String bucket = bucket("mp-partnumber");
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("data"));
    String uploadId = create(bucket, "k2");
    assertS3Error(400, "InvalidArgument", () -> upload(bucket, "k2", uploadId, 0, new byte[1]));
    assertS3Error(400, "InvalidArgument", () -> upload(bucket, "k2", uploadId, 10_001, new byte[1]));
    // a HEAD error has no body, so only its status can be checked; GET shows the code
    assertS3Error(400, null, () -> s3.headObject(b -> b.bucket(bucket).key("k").partNumber(0)));
    assertS3Error(400, "InvalidArgument", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").partNumber(0)));
    assertS3Error(400, "InvalidRequest", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k").partNumber(1)
        .range("bytes=0-1")));
  }
}
