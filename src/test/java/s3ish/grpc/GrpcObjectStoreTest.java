package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.health.v1.HealthCheckRequest;
import io.vertx.grpc.health.v1.HealthCheckResponse;
import io.vertx.grpc.reflection.v1.ServerReflectionRequest;
import io.vertx.grpc.reflection.v1.ServerReflectionResponse;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import s3ish.TestServer;
import s3ish.grpc.v1.BucketRequest;
import s3ish.grpc.v1.CopyObjectRequest;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.DeleteObjectsRequest;
import s3ish.grpc.v1.DeleteObjectsResponse;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.HeadObjectRequest;
import s3ish.grpc.v1.ListObjectsRequest;
import s3ish.grpc.v1.ListObjectsResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectKey;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** The gRPC role over a real socket, with the generated client's methods, against storage and auth over the bus. */
// A stuck stream fails the class instead of hanging the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcObjectStoreTest {
  private static final int MESSAGE = 1024 * 1024;

  private static TestServer server;
  private static GrpcTestClient grpc;

  @BeforeAll
  static void start() {
    server = TestServer.startWithGrpc();
    grpc = new GrpcTestClient(server.vertx(), server.grpcPort(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
  }

  @AfterAll
  static void stop() {
    grpc.close();
    server.close();
  }

  // ---- helpers

  private static void createBucket(String bucket) {
    grpc.call(ObjectStoreGrpcClient.CreateBucket, CreateBucketRequest.newBuilder().setBucket(bucket).build()).await();
  }

  private static Future<ObjectInfo> put(PutObjectHeader header, long size, long seed, MessageDigest sha) {
    return grpc.putRandom(header, size, seed, sha);
  }

  private static ObjectInfo put(String bucket, String key, byte[] body) {
    return grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).compose(request -> {
      request.write(PutObjectRequest.newBuilder()
          .setHeader(PutObjectHeader.newBuilder().setBucket(bucket).setKey(key)).build());
      request.end(PutObjectRequest.newBuilder().setData(ByteString.copyFrom(body)).build());
      return request.response().compose(GrpcTestClient::single);
    }).await();
  }

  private static Future<GrpcTestClient.Got> get(GetObjectRequest get, boolean keep) {
    return grpc.get(get, keep);
  }

  private static GetObjectRequest getRequest(String bucket, String key) {
    return GetObjectRequest.newBuilder().setBucket(bucket).setKey(key).build();
  }

  private static GrpcTestClient.CallFailed failure(Future<?> call) {
    return assertThrows(GrpcTestClient.CallFailed.class, call::await);
  }

  private static void assertFails(GrpcStatus status, String s3Code, Future<?> call) {
    GrpcTestClient.CallFailed failed = failure(call);
    assertEquals(status, failed.status, failed.getMessage());
    assertEquals(s3Code, failed.s3Code, failed.getMessage());
  }

  private static MessageDigest sha256() {
    return GrpcTestClient.sha256();
  }

  // ---- calls

  @Test
  void bucketCallsCreateHeadListAndDelete() {
    var created = grpc.call(ObjectStoreGrpcClient.CreateBucket,
        CreateBucketRequest.newBuilder().setBucket("grpc-buckets").build()).await();
    assertEquals("grpc-buckets", created.getName());
    assertEquals("grpc-buckets", grpc.call(ObjectStoreGrpcClient.HeadBucket,
        BucketRequest.newBuilder().setBucket("grpc-buckets").build()).await().getName());
    assertTrue(grpc.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()).await()
        .getBucketsList().stream().anyMatch(b -> b.getName().equals("grpc-buckets")));
    grpc.call(ObjectStoreGrpcClient.DeleteBucket, BucketRequest.newBuilder().setBucket("grpc-buckets").build()).await();
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchBucket", grpc.call(ObjectStoreGrpcClient.HeadBucket,
        BucketRequest.newBuilder().setBucket("grpc-buckets").build()));
  }

  @Test
  void objectCallsPutGetHeadListCopyAndDelete() {
    createBucket("grpc-objects");
    ObjectInfo put = grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).compose(request -> {
      request.write(PutObjectRequest.newBuilder().setHeader(PutObjectHeader.newBuilder()
          .setBucket("grpc-objects").setKey("dir/a.txt").setContentType("text/plain")
          .putMetadata("Colour", "blue")).build());
      request.write(PutObjectRequest.newBuilder().setData(ByteString.copyFromUtf8("hello ")).build());
      request.end(PutObjectRequest.newBuilder().setData(ByteString.copyFromUtf8("world")).build());
      return request.response().compose(GrpcTestClient::single);
    }).await();
    assertEquals(11, put.getSize());
    assertEquals("\"5eb63bbbe01eeed093cb22bb8f5acdc3\"", put.getEtag());

    ObjectInfo head = grpc.call(ObjectStoreGrpcClient.HeadObject,
        HeadObjectRequest.newBuilder().setBucket("grpc-objects").setKey("dir/a.txt").build()).await();
    assertEquals("text/plain", head.getContentType());
    assertEquals("blue", head.getMetadataMap().get("colour"));

    GrpcTestClient.Got got = get(getRequest("grpc-objects", "dir/a.txt"), true).await();
    assertEquals("hello world", new String(got.body()));
    assertEquals(put.getEtag(), got.info().getEtag());
    GrpcTestClient.Got range = get(getRequest("grpc-objects", "dir/a.txt").toBuilder().setRangeFirst(6).setRangeLast(9).build(), true)
        .await();
    assertEquals("worl", new String(range.body()));

    put("grpc-objects", "dir/b.txt", new byte[0]);
    put("grpc-objects", "top.txt", "x".getBytes());
    ListObjectsResponse page1 = grpc.call(ObjectStoreGrpcClient.ListObjects,
        ListObjectsRequest.newBuilder().setBucket("grpc-objects").setPrefix("dir/").setMaxKeys(1).build()).await();
    assertEquals(List.of("dir/a.txt"), page1.getObjectsList().stream().map(o -> o.getKey()).toList());
    assertTrue(page1.getTruncated());
    ListObjectsResponse page2 = grpc.call(ObjectStoreGrpcClient.ListObjects, ListObjectsRequest.newBuilder()
        .setBucket("grpc-objects").setPrefix("dir/").setContinuationToken(page1.getNextContinuationToken()).build())
        .await();
    assertEquals(List.of("dir/b.txt"), page2.getObjectsList().stream().map(o -> o.getKey()).toList());
    assertFalse(page2.getTruncated());
    ListObjectsResponse grouped = grpc.call(ObjectStoreGrpcClient.ListObjects,
        ListObjectsRequest.newBuilder().setBucket("grpc-objects").setDelimiter("/").build()).await();
    assertEquals(List.of("dir/"), grouped.getCommonPrefixesList());
    assertEquals(List.of("top.txt"), grouped.getObjectsList().stream().map(o -> o.getKey()).toList());

    ObjectInfo copy = grpc.call(ObjectStoreGrpcClient.CopyObject, CopyObjectRequest.newBuilder()
        .setSourceBucket("grpc-objects").setSourceKey("dir/a.txt").setBucket("grpc-objects").setKey("copy.txt")
        .build()).await();
    assertEquals(put.getEtag(), copy.getEtag());

    grpc.call(ObjectStoreGrpcClient.DeleteObject,
        ObjectKey.newBuilder().setBucket("grpc-objects").setKey("copy.txt").build()).await();
    DeleteObjectsResponse deleted = grpc.call(ObjectStoreGrpcClient.DeleteObjects, DeleteObjectsRequest.newBuilder()
        .setBucket("grpc-objects").addKeys("dir/a.txt").addKeys("dir/b.txt").addKeys("top.txt").build()).await();
    assertEquals(3, deleted.getDeletedCount());
    assertEquals(0, grpc.call(ObjectStoreGrpcClient.ListObjects,
        ListObjectsRequest.newBuilder().setBucket("grpc-objects").build()).await().getObjectsCount());
    grpc.call(ObjectStoreGrpcClient.DeleteBucket, BucketRequest.newBuilder().setBucket("grpc-objects").build()).await();
  }

  // ---- errors

  @Test
  void storageErrorsReachTheClientAsStatusesWithTheS3Code() {
    createBucket("grpc-errors");
    put("grpc-errors", "k", "0123456789".getBytes());
    assertFails(GrpcStatus.ALREADY_EXISTS, "BucketAlreadyOwnedByYou", grpc.call(ObjectStoreGrpcClient.CreateBucket,
        CreateBucketRequest.newBuilder().setBucket("grpc-errors").build()));
    assertFails(GrpcStatus.FAILED_PRECONDITION, "BucketNotEmpty", grpc.call(ObjectStoreGrpcClient.DeleteBucket,
        BucketRequest.newBuilder().setBucket("grpc-errors").build()));
    assertFails(GrpcStatus.INVALID_ARGUMENT, "InvalidBucketName", grpc.call(ObjectStoreGrpcClient.CreateBucket,
        CreateBucketRequest.newBuilder().setBucket("No_Such..Name").build()));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", get(getRequest("grpc-errors", "missing"), false));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", grpc.call(ObjectStoreGrpcClient.HeadObject,
        HeadObjectRequest.newBuilder().setBucket("grpc-errors").setKey("missing").build()));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchBucket", get(getRequest("grpc-missing", "k"), false));
    assertFails(GrpcStatus.FAILED_PRECONDITION, "PreconditionFailed",
        get(getRequest("grpc-errors", "k").toBuilder().setIfMatch("\"nope\"").build(), false));
    assertFails(GrpcStatus.OUT_OF_RANGE, "InvalidRange",
        get(getRequest("grpc-errors", "k").toBuilder().setRangeFirst(50).build(), false));
    String wrongMd5 = Base64.getEncoder().encodeToString(new byte[16]);
    assertFails(GrpcStatus.INVALID_ARGUMENT, "BadDigest", put(PutObjectHeader.newBuilder()
        .setBucket("grpc-errors").setKey("md5").setContentMd5(wrongMd5).build(), 10, 1, null));
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", grpc.call(ObjectStoreGrpcClient.HeadObject,
        HeadObjectRequest.newBuilder().setBucket("grpc-errors").setKey("md5").build()));
  }

  @Test
  void aCallWithoutCredentialsIsUnauthenticatedAndAWrongSecretIsDenied() {
    try (GrpcTestClient anonymous = new GrpcTestClient(server.vertx(), server.grpcPort(), null, null);
        GrpcTestClient wrong = new GrpcTestClient(server.vertx(), server.grpcPort(), TestServer.ACCESS_KEY, "nope");
        GrpcTestClient unknown = new GrpcTestClient(server.vertx(), server.grpcPort(), "stranger", "x")) {
      assertFails(GrpcStatus.UNAUTHENTICATED, "AccessDenied",
          anonymous.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()));
      GrpcTestClient.CallFailed denied = failure(wrong.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()));
      assertEquals(GrpcStatus.PERMISSION_DENIED, denied.status);
      GrpcTestClient.CallFailed stranger =
          failure(unknown.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()));
      assertEquals(GrpcStatus.PERMISSION_DENIED, stranger.status);
    }
  }

  // ---- streaming

  @Test
  void a64MiBObjectStreamsInAndOutIntact() {
    createBucket("grpc-big");
    long size = 64L * 1024 * 1024;
    MessageDigest sent = sha256();
    ObjectInfo info = put(PutObjectHeader.newBuilder().setBucket("grpc-big").setKey("big").build(), size, 42, sent)
        .await();
    assertEquals(size, info.getSize());
    GrpcTestClient.Got got = get(getRequest("grpc-big", "big"), false).await();
    assertEquals(size, got.bytes());
    assertArrayEquals(sent.digest(), got.sha256());
  }

  @Test
  void aCancelledUploadLeavesNoObject() {
    createBucket("grpc-cancel");
    GrpcClientRequest<PutObjectRequest, ObjectInfo> request =
        grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).await();
    request.write(PutObjectRequest.newBuilder()
        .setHeader(PutObjectHeader.newBuilder().setBucket("grpc-cancel").setKey("half")).build()).await();
    request.write(PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[MESSAGE])).build()).await();
    request.cancel();
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", grpc.call(ObjectStoreGrpcClient.HeadObject,
        HeadObjectRequest.newBuilder().setBucket("grpc-cancel").setKey("half").build()));
  }

  // ---- standard services

  @Test
  void healthSaysServingWhileStorageAnswers() {
    ServiceMethod<HealthCheckResponse, HealthCheckRequest> check = ServiceMethod.client(
        ServiceName.create("grpc.health.v1", "Health"), "Check",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(HealthCheckResponse.newBuilder()));
    try (GrpcTestClient anonymous = new GrpcTestClient(server.vertx(), server.grpcPort(), null, null)) {
      assertEquals(HealthCheckResponse.ServingStatus.SERVING, anonymous.call(check,
          HealthCheckRequest.newBuilder().setService("s3ish.v1.ObjectStore").build()).await().getStatus());
      assertEquals(HealthCheckResponse.ServingStatus.SERVING,
          anonymous.call(check, HealthCheckRequest.getDefaultInstance()).await().getStatus());
    }
  }

  @Test
  void reflectionListsTheObjectStoreAndHealthServices() {
    ServiceMethod<ServerReflectionResponse, ServerReflectionRequest> reflect = ServiceMethod.client(
        ServiceName.create("grpc.reflection.v1", "ServerReflection"), "ServerReflectionInfo",
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(ServerReflectionResponse.newBuilder()));
    try (GrpcTestClient anonymous = new GrpcTestClient(server.vertx(), server.grpcPort(), null, null)) {
      List<String> services = anonymous.call(reflect, ServerReflectionRequest.newBuilder().setListServices("").build())
          .await().getListServicesResponse().getServiceList().stream().map(s -> s.getName()).toList();
      assertTrue(services.containsAll(List.of("s3ish.v1.ObjectStore", "grpc.health.v1.Health")), services.toString());
    }
  }

  @Test
  void anUploadPastItsDeadlineFailsAndLeavesNoObject() {
    createBucket("grpc-deadline");
    GrpcClientRequest<PutObjectRequest, ObjectInfo> request =
        grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).await();
    request.timeout(300, TimeUnit.MILLISECONDS);
    request.write(PutObjectRequest.newBuilder()
        .setHeader(PutObjectHeader.newBuilder().setBucket("grpc-deadline").setKey("late")).build());
    request.write(PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[MESSAGE])).build());
    // never ended: the deadline ends the call
    Future<ObjectInfo> result = request.response().compose(GrpcTestClient::single);
    assertThrows(RuntimeException.class, result::await);
    assertFails(GrpcStatus.NOT_FOUND, "NoSuchKey", grpc.call(ObjectStoreGrpcClient.HeadObject,
        HeadObjectRequest.newBuilder().setBucket("grpc-deadline").setKey("late").build()));
  }

  // ---- one store, two protocols

  @Test
  void anObjectPutOverGrpcReadsOverS3WithTheSameEtagAndViceVersa() throws Exception {
    createBucket("grpc-cross");
    byte[] body = new byte[300_000];
    new Random(7).nextBytes(body);
    ObjectInfo viaGrpc = put("grpc-cross", "from-grpc", body);
    try (S3Client s3 = server.client()) {
      var fromS3 = s3.getObjectAsBytes(b -> b.bucket("grpc-cross").key("from-grpc"));
      assertEquals(viaGrpc.getEtag(), fromS3.response().eTag());
      assertArrayEquals(body, fromS3.asByteArray());

      String etag = s3.putObject(b -> b.bucket("grpc-cross").key("from-s3"), RequestBody.fromBytes(body)).eTag();
      GrpcTestClient.Got got = get(getRequest("grpc-cross", "from-s3"), true).await();
      assertEquals(etag, got.info().getEtag());
      assertArrayEquals(body, got.body());
    }
  }
}
