package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.grpc.ObjectStoreCaller.method;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import s3ish.TestServer;
import s3ish.config.Setting;
import s3ish.grpc.ObjectStoreCaller.CallFailed;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.BucketRequest;
import s3ish.grpc.v1.Checksums;
import s3ish.grpc.v1.CompleteMultipartUploadRequest;
import s3ish.grpc.v1.CompletedPart;
import s3ish.grpc.v1.CopyObjectRequest;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.CreateMultipartUploadRequest;
import s3ish.grpc.v1.DeleteObjectsRequest;
import s3ish.grpc.v1.DeleteObjectsResponse;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.HeadObjectRequest;
import s3ish.grpc.v1.ListBucketsResponse;
import s3ish.grpc.v1.ListMultipartUploadsRequest;
import s3ish.grpc.v1.ListMultipartUploadsResponse;
import s3ish.grpc.v1.ListObjectsRequest;
import s3ish.grpc.v1.ListObjectsResponse;
import s3ish.grpc.v1.ListPartsRequest;
import s3ish.grpc.v1.ListPartsResponse;
import s3ish.grpc.v1.MultipartUpload;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectKey;
import s3ish.grpc.v1.Part;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;
import s3ish.grpc.v1.UploadKey;
import s3ish.grpc.v1.UploadPartCopyRequest;
import s3ish.grpc.v1.UploadPartHeader;
import s3ish.grpc.v1.UploadPartRequest;
import s3ish.storage.Crc64Nvme;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Every call of {@code s3ish.v1.ObjectStore} and its error statuses over a real socket, against storage and auth
 * over the bus. Run once per client library (see the subclasses), so both speak the same protocol.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
// A stuck stream fails the class instead of hanging the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
abstract class ObjectStoreCallsTest {
  private static final int MIB = 1024 * 1024;
  /** Small, so a multipart test does not need 5 MiB parts; parts below it are EntityTooSmall. */
  private static final long MIN_PART = 1024;

  private TestServer server;
  private ObjectStoreCaller grpc;

  /** A client of the library under test for the server on {@code port}; null keys send no credentials. */
  abstract ObjectStoreCaller connect(TestServer server, String accessKey, String secretKey);

  @BeforeAll
  void start() {
    server = TestServer.startWithGrpc(new JsonObject().put(Setting.MULTIPART_MIN_PART_SIZE.key(), MIN_PART));
    grpc = connect(server, TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
  }

  @AfterAll
  void stop() {
    grpc.close();
    server.close();
  }

  // ---- helpers

  private <Resp extends Message> Resp call(String name, Message request, Resp responseType) {
    return grpc.unary(method(name), request, responseType);
  }

  private void createBucket(String bucket) {
    call("CreateBucket", CreateBucketRequest.newBuilder().setBucket(bucket).build(), Bucket.getDefaultInstance());
  }

  private ObjectInfo put(PutObjectHeader header, byte[]... chunks) {
    Iterator<PutObjectRequest> data = List.of(chunks).stream()
        .map(c -> PutObjectRequest.newBuilder().setData(ByteString.copyFrom(c)).build()).iterator();
    return grpc.upload(method("PutObject"), PutObjectRequest.newBuilder().setHeader(header).build(), data,
        ObjectInfo.getDefaultInstance());
  }

  private ObjectInfo put(String bucket, String key, byte[] body) {
    return put(PutObjectHeader.newBuilder().setBucket(bucket).setKey(key).build(), body);
  }

  private ObjectInfo putRandom(PutObjectHeader header, long size, long seed, MessageDigest sha) {
    return grpc.upload(method("PutObject"), PutObjectRequest.newBuilder().setHeader(header).build(),
        ObjectStoreCaller.randomData(size, seed, sha, d -> PutObjectRequest.newBuilder().setData(d).build()),
        ObjectInfo.getDefaultInstance());
  }

  private ObjectInfo head(String bucket, String key) {
    return call("HeadObject", HeadObjectRequest.newBuilder().setBucket(bucket).setKey(key).build(),
        ObjectInfo.getDefaultInstance());
  }

  private static GetObjectRequest getRequest(String bucket, String key) {
    return GetObjectRequest.newBuilder().setBucket(bucket).setKey(key).build();
  }

  private Part uploadPart(String bucket, String key, String uploadId, int number, byte[] body) {
    return uploadPart(UploadPartHeader.newBuilder().setBucket(bucket).setKey(key).setUploadId(uploadId)
        .setPartNumber(number).build(), body);
  }

  private Part uploadPart(UploadPartHeader header, byte[] body) {
    return grpc.upload(method("UploadPart"), UploadPartRequest.newBuilder().setHeader(header).build(),
        List.of(UploadPartRequest.newBuilder().setData(ByteString.copyFrom(body)).build()).iterator(),
        Part.getDefaultInstance());
  }

  private static void assertFails(GrpcStatus status, String s3Code, Executable call) {
    CallFailed failed = assertThrows(CallFailed.class, call);
    assertEquals(status, failed.status, failed.getMessage());
    assertEquals(s3Code, failed.s3Code, failed.getMessage());
  }

  private void assertNoObject(String bucket, String key) {
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", () -> head(bucket, key));
  }

  private static byte[] random(int size, long seed) {
    byte[] body = new byte[size];
    new Random(seed).nextBytes(body);
    return body;
  }

  // ---- buckets and objects

  @Test
  void bucketCallsCreateHeadListAndDelete() {
    assertEquals("grpc-buckets", call("CreateBucket", CreateBucketRequest.newBuilder().setBucket("grpc-buckets")
        .build(), Bucket.getDefaultInstance()).getName());
    assertEquals("grpc-buckets", call("HeadBucket", BucketRequest.newBuilder().setBucket("grpc-buckets").build(),
        Bucket.getDefaultInstance()).getName());
    assertTrue(call("ListBuckets", Empty.getDefaultInstance(), ListBucketsResponse.getDefaultInstance())
        .getBucketsList().stream().anyMatch(b -> b.getName().equals("grpc-buckets")));
    call("DeleteBucket", BucketRequest.newBuilder().setBucket("grpc-buckets").build(), Empty.getDefaultInstance());
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchBucket", () -> call("HeadBucket",
        BucketRequest.newBuilder().setBucket("grpc-buckets").build(), Bucket.getDefaultInstance()));
  }

  @Test
  void objectCallsPutGetHeadListCopyAndDelete() {
    createBucket("grpc-objects");
    ObjectInfo put = put(PutObjectHeader.newBuilder().setBucket("grpc-objects").setKey("dir/a.txt")
        .setContentType("text/plain").putMetadata("Colour", "blue").build(), "hello ".getBytes(), "world".getBytes());
    assertEquals(11, put.getSize());
    assertEquals("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"", put.getEtag());

    ObjectInfo head = head("grpc-objects", "dir/a.txt");
    assertEquals("text/plain", head.getContentType());
    assertEquals("blue", head.getMetadataMap().get("colour"));
    assertEquals(0, head.getPartsCount());

    ObjectStoreCaller.Got got = grpc.get(getRequest("grpc-objects", "dir/a.txt"));
    assertEquals("hello world", new String(got.body()));
    assertEquals(put.getEtag(), got.info().getEtag());
    assertEquals("worl", new String(grpc.get(getRequest("grpc-objects", "dir/a.txt").toBuilder()
        .setRangeFirst(6).setRangeLast(9).build()).body()));

    put("grpc-objects", "dir/b.txt", new byte[0]);
    put("grpc-objects", "top.txt", "x".getBytes());
    ListObjectsResponse page1 = call("ListObjects", ListObjectsRequest.newBuilder().setBucket("grpc-objects")
        .setPrefix("dir/").setMaxKeys(1).build(), ListObjectsResponse.getDefaultInstance());
    assertEquals(List.of("dir/a.txt"), page1.getObjectsList().stream().map(o -> o.getKey()).toList());
    assertTrue(page1.getTruncated());
    ListObjectsResponse page2 = call("ListObjects", ListObjectsRequest.newBuilder().setBucket("grpc-objects")
        .setPrefix("dir/").setContinuationToken(page1.getNextContinuationToken()).build(),
        ListObjectsResponse.getDefaultInstance());
    assertEquals(List.of("dir/b.txt"), page2.getObjectsList().stream().map(o -> o.getKey()).toList());
    assertFalse(page2.getTruncated());
    ListObjectsResponse grouped = call("ListObjects", ListObjectsRequest.newBuilder().setBucket("grpc-objects")
        .setDelimiter("/").build(), ListObjectsResponse.getDefaultInstance());
    assertEquals(List.of("dir/"), grouped.getCommonPrefixesList());
    assertEquals(List.of("top.txt"), grouped.getObjectsList().stream().map(o -> o.getKey()).toList());

    ObjectInfo copy = call("CopyObject", CopyObjectRequest.newBuilder().setSourceBucket("grpc-objects")
        .setSourceKey("dir/a.txt").setBucket("grpc-objects").setKey("copy.txt").build(), ObjectInfo.getDefaultInstance());
    assertEquals(put.getEtag(), copy.getEtag());

    call("DeleteObject", ObjectKey.newBuilder().setBucket("grpc-objects").setKey("copy.txt").build(),
        Empty.getDefaultInstance());
    DeleteObjectsResponse deleted = call("DeleteObjects", DeleteObjectsRequest.newBuilder().setBucket("grpc-objects")
        .addKeys("dir/a.txt").addKeys("dir/b.txt").addKeys("top.txt").build(), DeleteObjectsResponse.getDefaultInstance());
    assertEquals(3, deleted.getDeletedCount());
    assertEquals(0, call("ListObjects", ListObjectsRequest.newBuilder().setBucket("grpc-objects").build(),
        ListObjectsResponse.getDefaultInstance()).getObjectsCount());
    call("DeleteBucket", BucketRequest.newBuilder().setBucket("grpc-objects").build(), Empty.getDefaultInstance());
  }

  // ---- errors

  @Test
  void storageErrorsReachTheClientAsStatusesWithTheS3Code() {
    createBucket("grpc-errors");
    put("grpc-errors", "k", "0123456789".getBytes());
    assertFails(GrpcStatus.ALREADY_EXISTS, "BucketAlreadyOwnedByYou", () -> createBucket("grpc-errors"));
    assertFails(GrpcStatus.FAILED_PRECONDITION, "BucketNotEmpty", () -> call("DeleteBucket",
        BucketRequest.newBuilder().setBucket("grpc-errors").build(), Empty.getDefaultInstance()));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidBucketName", () -> createBucket("No_Such..Name"));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", () -> grpc.get(getRequest("grpc-errors", "missing")));
    assertNoObject("grpc-errors", "missing");
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchBucket", () -> grpc.get(getRequest("grpc-missing", "k")));
    assertFails(GrpcStatus.FAILED_PRECONDITION, "PreconditionFailed",
        () -> grpc.get(getRequest("grpc-errors", "k").toBuilder().setIfMatch("\"nope\"").build()));
    assertFails(GrpcStatus.OUT_OF_RANGE, "InvalidRange",
        () -> grpc.get(getRequest("grpc-errors", "k").toBuilder().setRangeFirst(50).build()));
    String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
    assertFails(GrpcStatus.INVALID_ARGUMENT, "BadDigest", () -> put(PutObjectHeader.newBuilder()
        .setBucket("grpc-errors").setKey("md5").setContentMd5(wrongMd5).build(), new byte[10]));
    assertNoObject("grpc-errors", "md5");
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidRequest", () -> grpc.upload(method("PutObject"),
        PutObjectRequest.newBuilder().setData(ByteString.copyFromUtf8("no header")).build(),
        Collections.emptyIterator(), ObjectInfo.getDefaultInstance()));
  }

  @Test
  void aCallWithoutCredentialsIsUnauthenticatedAndAWrongSecretIsDenied() {
    try (ObjectStoreCaller anonymous = connect(server, null, null);
        ObjectStoreCaller wrong = connect(server, TestServer.ACCESS_KEY, "nope");
        ObjectStoreCaller unknown = connect(server, "stranger", "x")) {
      assertFails(GrpcStatus.UNAUTHENTICATED, "AccessDenied", () -> anonymous.unary(method("ListBuckets"),
          Empty.getDefaultInstance(), ListBucketsResponse.getDefaultInstance()));
      for (ObjectStoreCaller denied : List.of(wrong, unknown)) {
        CallFailed failed = assertThrows(CallFailed.class, () -> denied.unary(method("ListBuckets"),
            Empty.getDefaultInstance(), ListBucketsResponse.getDefaultInstance()));
        assertEquals(GrpcStatus.PERMISSION_DENIED, failed.status, failed.getMessage());
      }
    }
  }

  @Test
  void aMessageOverTheServersLimitIsRefusedAndStoresNothing() {
    createBucket("grpc-limit");
    // The server skips the big message and could read on to the end: the body must break, not commit a hole.
    assertFails(GrpcStatus.RESOURCE_EXHAUSTED, "EntityTooLarge", () -> put(
        PutObjectHeader.newBuilder().setBucket("grpc-limit").setKey("huge").build(),
        new byte[] {1, 2, 3}, new byte[GrpcVerticle.MAX_MESSAGE_SIZE + 1], new byte[] {4, 5, 6}));
    assertNoObject("grpc-limit", "huge");
  }

  @Test
  void aFirstMessageOverTheServersLimitIsRefused() {
    createBucket("grpc-limit-first");
    assertFails(GrpcStatus.RESOURCE_EXHAUSTED, "EntityTooLarge", () -> grpc.upload(method("PutObject"),
        PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[GrpcVerticle.MAX_MESSAGE_SIZE + 1]))
            .build(), Collections.emptyIterator(), ObjectInfo.getDefaultInstance()));
  }

  // ---- checksums

  @Test
  void checksumsOfEveryAlgorithmAreVerifiedStoredAndReturned() throws Exception {
    createBucket("grpc-sums");
    byte[] body = random(100_000, 5);
    Checksums sums = Checksums.newBuilder()
        .setCrc32(crc(new CRC32(), body, 4))
        .setCrc32C(crc(new CRC32C(), body, 4))
        .setCrc64Nvme(crc(new Crc64Nvme(), body, 8))
        .setSha1(digest("SHA-1", body))
        .setSha256(digest("SHA-256", body))
        .build();
    ObjectInfo put = put(PutObjectHeader.newBuilder().setBucket("grpc-sums").setKey("all")
        .setContentMd5(digest("MD5", body)).setChecksums(sums).build(), body);
    assertEquals(sums, put.getChecksums());
    assertEquals(sums, head("grpc-sums", "all").getChecksums());
    assertEquals(sums, grpc.get(getRequest("grpc-sums", "all")).info().getChecksums());
    try (S3Client s3 = server.client()) {
      assertEquals(sums.getSha256(), s3.headObject(b -> b.bucket("grpc-sums").key("all")
          .checksumMode("ENABLED")).checksumSHA256());
    }
  }

  @Test
  void aWrongOrMalformedChecksumFailsTheUploadAndStoresNothing() {
    createBucket("grpc-badsum");
    byte[] body = random(1000, 6);
    Checksums wrong = Checksums.newBuilder().setCrc32(crc(new CRC32(), new byte[1], 4)).build();
    assertFails(GrpcStatus.INVALID_ARGUMENT, "BadDigest", () -> put(PutObjectHeader.newBuilder()
        .setBucket("grpc-badsum").setKey("k").setChecksums(wrong).build(), body));
    assertNoObject("grpc-badsum", "k");
    Checksums malformed = Checksums.newBuilder().setSha256("c2hvcnQ=").build();
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidDigest", () -> put(PutObjectHeader.newBuilder()
        .setBucket("grpc-badsum").setKey("k").setChecksums(malformed).build(), body));
    assertNoObject("grpc-badsum", "k");
  }

  private static String crc(Checksum crc, byte[] body, int bytes) {
    crc.update(body, 0, body.length);
    long value = crc.getValue();
    byte[] out = new byte[bytes];
    for (int i = 0; i < bytes; i++) {
      out[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
    }
    return Base64.getEncoder().encodeToString(out);
  }

  private static String digest(String algorithm, byte[] body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance(algorithm).digest(body));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  // ---- multipart

  @Test
  void aMultipartUploadCompletesIntoAnObjectThatS3ReadsWithTheSameEtag() {
    createBucket("grpc-mpu");
    put("grpc-mpu", "source", random(4000, 8));
    MultipartUpload upload = call("CreateMultipartUpload", CreateMultipartUploadRequest.newBuilder()
        .setBucket("grpc-mpu").setKey("joined").setContentType("application/x-test").putMetadata("Who", "grpc")
        .setChecksumAlgorithm("CRC32").build(), MultipartUpload.getDefaultInstance());
    assertFalse(upload.getUploadId().isEmpty());
    byte[] part1 = random(3000, 9);
    byte[] part3 = random(10, 10);
    Part p1 = uploadPart("grpc-mpu", "joined", upload.getUploadId(), 1, part1);
    assertEquals(3000, p1.getSize());
    assertEquals(crc(new CRC32(), part1, 4), p1.getChecksums().getCrc32());
    Part p2 = call("UploadPartCopy", UploadPartCopyRequest.newBuilder().setBucket("grpc-mpu").setKey("joined")
        .setUploadId(upload.getUploadId()).setPartNumber(2).setSourceBucket("grpc-mpu").setSourceKey("source")
        .setRangeFirst(1000).setRangeLast(2999).build(), Part.getDefaultInstance());
    assertEquals(2000, p2.getSize());
    Part p3 = uploadPart("grpc-mpu", "joined", upload.getUploadId(), 3, part3);

    ListPartsResponse parts = call("ListParts", ListPartsRequest.newBuilder().setBucket("grpc-mpu").setKey("joined")
        .setUploadId(upload.getUploadId()).setMaxParts(2).build(), ListPartsResponse.getDefaultInstance());
    assertEquals(List.of(1, 2), parts.getPartsList().stream().map(Part::getPartNumber).toList());
    assertTrue(parts.getTruncated());
    assertEquals(2, parts.getNextPartNumberMarker());
    ListMultipartUploadsResponse uploads = call("ListMultipartUploads", ListMultipartUploadsRequest.newBuilder()
        .setBucket("grpc-mpu").build(), ListMultipartUploadsResponse.getDefaultInstance());
    assertEquals(List.of(upload.getUploadId()), uploads.getUploadsList().stream().map(u -> u.getUploadId()).toList());

    ObjectInfo joined = call("CompleteMultipartUpload", CompleteMultipartUploadRequest.newBuilder()
        .setBucket("grpc-mpu").setKey("joined").setUploadId(upload.getUploadId())
        .addParts(completed(p1)).addParts(completed(p2))
        // without its quotes, as some clients send it
        .addParts(CompletedPart.newBuilder().setPartNumber(3).setEtag(p3.getEtag().replace("\"", "")))
        .build(), ObjectInfo.getDefaultInstance());
    assertEquals(5010, joined.getSize());
    assertTrue(joined.getEtag().endsWith("-3\""), joined.getEtag());
    ObjectInfo head = head("grpc-mpu", "joined");
    assertEquals(3, head.getPartsCount());
    assertEquals("grpc", head.getMetadataMap().get("who"));
    try (S3Client s3 = server.client()) {
      var read = s3.getObjectAsBytes(b -> b.bucket("grpc-mpu").key("joined"));
      assertEquals(joined.getEtag(), read.response().eTag());
      assertEquals(5010, read.asByteArray().length);
    }
    assertEquals(0, call("ListMultipartUploads", ListMultipartUploadsRequest.newBuilder().setBucket("grpc-mpu")
        .build(), ListMultipartUploadsResponse.getDefaultInstance()).getUploadsCount());
  }

  private static CompletedPart completed(Part part) {
    return CompletedPart.newBuilder().setPartNumber(part.getPartNumber()).setEtag(part.getEtag()).build();
  }

  @Test
  void multipartErrorsMapToStatusesWithTheS3Code() {
    createBucket("grpc-mpu-errors");
    Supplier<String> create = () -> call("CreateMultipartUpload", CreateMultipartUploadRequest.newBuilder()
        .setBucket("grpc-mpu-errors").setKey("k").build(), MultipartUpload.getDefaultInstance()).getUploadId();
    String id = create.get();
    Part small = uploadPart("grpc-mpu-errors", "k", id, 1, new byte[10]);
    Part last = uploadPart("grpc-mpu-errors", "k", id, 2, new byte[10]);
    Function3 complete = parts -> call("CompleteMultipartUpload", CompleteMultipartUploadRequest.newBuilder()
        .setBucket("grpc-mpu-errors").setKey("k").setUploadId(id).addAllParts(parts).build(),
        ObjectInfo.getDefaultInstance());

    assertFails(GrpcStatus.INVALID_ARGUMENT, "EntityTooSmall", () -> complete.call(List.of(completed(small),
        completed(last))));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidPartOrder", () -> complete.call(List.of(completed(last),
        completed(small))));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidPart", () -> complete.call(List.of(
        CompletedPart.newBuilder().setPartNumber(1).setEtag("\"0123456789abcdef0123456789abcdef\"").build())));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidArgument",
        () -> uploadPart("grpc-mpu-errors", "k", id, 0, new byte[1]));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidRequest", () -> call("CreateMultipartUpload",
        CreateMultipartUploadRequest.newBuilder().setBucket("grpc-mpu-errors").setKey("k")
            .setChecksumAlgorithm("MD4").build(), MultipartUpload.getDefaultInstance()));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "BadDigest", () -> uploadPart(UploadPartHeader.newBuilder()
        .setBucket("grpc-mpu-errors").setKey("k").setUploadId(id).setPartNumber(3)
        .setChecksums(Checksums.newBuilder().setCrc32("AAAAAA==")).build(), new byte[5]));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", () -> call("UploadPartCopy", UploadPartCopyRequest.newBuilder()
        .setBucket("grpc-mpu-errors").setKey("k").setUploadId(id).setPartNumber(3).setSourceBucket("grpc-mpu-errors")
        .setSourceKey("missing").build(), Part.getDefaultInstance()));
    // Part 3 never arrived: only parts 1 and 2 are listed.
    assertEquals(List.of(1, 2), call("ListParts", ListPartsRequest.newBuilder().setBucket("grpc-mpu-errors")
        .setKey("k").setUploadId(id).build(), ListPartsResponse.getDefaultInstance())
        .getPartsList().stream().map(Part::getPartNumber).toList());

    call("AbortMultipartUpload", UploadKey.newBuilder().setBucket("grpc-mpu-errors").setKey("k").setUploadId(id)
        .build(), Empty.getDefaultInstance());
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchUpload", () -> uploadPart("grpc-mpu-errors", "k", id, 1, new byte[1]));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchUpload", () -> complete.call(List.of(completed(small))));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchUpload", () -> call("ListParts", ListPartsRequest.newBuilder()
        .setBucket("grpc-mpu-errors").setKey("k").setUploadId(id).build(), ListPartsResponse.getDefaultInstance()));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchBucket", () -> call("CreateMultipartUpload",
        CreateMultipartUploadRequest.newBuilder().setBucket("grpc-mpu-none").setKey("k").build(),
        MultipartUpload.getDefaultInstance()));
    assertNotEquals(id, create.get());
  }

  private interface Function3 {
    ObjectInfo call(List<CompletedPart> parts);
  }

  // ---- streaming

  @Test
  void a64MiBObjectStreamsInAndOutIntact() {
    createBucket("grpc-big");
    long size = 64L * MIB;
    MessageDigest sent = ObjectStoreCaller.sha256();
    assertEquals(size, putRandom(PutObjectHeader.newBuilder().setBucket("grpc-big").setKey("big").build(), size, 42,
        sent).getSize());
    ObjectStoreCaller.Got got = grpc.get(getRequest("grpc-big", "big"));
    assertEquals(size, got.bytes());
    assertArrayEquals(sent.digest(), got.sha256());
  }

  @Test
  void aCancelledUploadLeavesNoObject() {
    createBucket("grpc-cancel");
    grpc.uploadThenCancel(method("PutObject"), PutObjectRequest.newBuilder()
            .setHeader(PutObjectHeader.newBuilder().setBucket("grpc-cancel").setKey("half")).build(),
        PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[MIB])).build());
    assertNoObject("grpc-cancel", "half");
  }

  @Test
  void anUploadPastItsDeadlineFailsAndLeavesNoObject() {
    createBucket("grpc-deadline");
    CallFailed failed = grpc.uploadPastDeadline(method("PutObject"), PutObjectRequest.newBuilder()
            .setHeader(PutObjectHeader.newBuilder().setBucket("grpc-deadline").setKey("late")).build(),
        PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[MIB])).build(), 300);
    assertEquals(GrpcStatus.DEADLINE_EXCEEDED, failed.status, failed.getMessage());
    assertNoObject("grpc-deadline", "late");
  }

  // ---- standard services

  @Test
  void healthSaysServingWhileStorageAnswers() {
    try (ObjectStoreCaller anonymous = connect(server, null, null)) {
      for (String service : List.of("s3ish.v1.ObjectStore", "")) {
        assertEquals(HealthCheckResponse.ServingStatus.SERVING, anonymous.unary("grpc.health.v1.Health/Check",
            HealthCheckRequest.newBuilder().setService(service).build(), HealthCheckResponse.getDefaultInstance())
            .getStatus());
      }
    }
  }

  @Test
  void reflectionListsTheObjectStoreAndHealthServices() {
    try (ObjectStoreCaller anonymous = connect(server, null, null)) {
      List<String> services = anonymous.unary("grpc.reflection.v1.ServerReflection/ServerReflectionInfo",
              ServerReflectionRequest.newBuilder().setListServices("").build(),
              ServerReflectionResponse.getDefaultInstance())
          .getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
      assertTrue(services.containsAll(List.of("s3ish.v1.ObjectStore", "grpc.health.v1.Health")), services.toString());
    }
  }

  // ---- one store, two protocols

  @Test
  void anObjectPutOverGrpcReadsOverS3WithTheSameEtagAndViceVersa() {
    createBucket("grpc-cross");
    byte[] body = random(300_000, 7);
    ObjectInfo viaGrpc = put("grpc-cross", "from-grpc", body);
    try (S3Client s3 = server.client()) {
      var fromS3 = s3.getObjectAsBytes(b -> b.bucket("grpc-cross").key("from-grpc"));
      assertEquals(viaGrpc.getEtag(), fromS3.response().eTag());
      assertArrayEquals(body, fromS3.asByteArray());

      String etag = s3.putObject(b -> b.bucket("grpc-cross").key("from-s3"), RequestBody.fromBytes(body)).eTag();
      ObjectStoreCaller.Got got = grpc.get(getRequest("grpc-cross", "from-s3"));
      assertEquals(etag, got.info().getEtag());
      assertArrayEquals(body, got.body());
    }
  }
}
