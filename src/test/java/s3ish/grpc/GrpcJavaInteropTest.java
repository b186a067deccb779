package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.grpc.stub.StreamObserver;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import s3ish.TestServer;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.HeadObjectRequest;
import s3ish.grpc.v1.ListBucketsResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;
import software.amazon.awssdk.services.s3.S3Client;

/** The same service through grpc-java, the reference implementation, with descriptors built from the messages. */
// A stuck stream fails the class instead of hanging the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcJavaInteropTest {
  private static final Metadata.Key<String> S3_CODE =
      Metadata.Key.of(GrpcErrors.CODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

  private static TestServer server;
  private static ManagedChannel channel;
  private static Channel authenticated;

  @BeforeAll
  static void start() {
    server = TestServer.startWithGrpc();
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", server.grpcPort()).usePlaintext().build();
    Metadata keys = new Metadata();
    keys.put(Metadata.Key.of("x-access-key", Metadata.ASCII_STRING_MARSHALLER), TestServer.ACCESS_KEY);
    keys.put(Metadata.Key.of("x-secret-key", Metadata.ASCII_STRING_MARSHALLER), TestServer.SECRET_KEY);
    authenticated = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(keys));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    server.close();
  }

  private static <Req extends Message, Resp extends Message> MethodDescriptor<Req, Resp> method(
      MethodDescriptor.MethodType type, String name, Req request, Resp response) {
    return MethodDescriptor.<Req, Resp>newBuilder()
        .setType(type)
        .setFullMethodName(MethodDescriptor.generateFullMethodName("s3ish.v1.ObjectStore", name))
        .setRequestMarshaller(ProtoUtils.marshaller(request))
        .setResponseMarshaller(ProtoUtils.marshaller(response))
        .build();
  }

  private static final MethodDescriptor<CreateBucketRequest, Bucket> CREATE_BUCKET = method(
      MethodDescriptor.MethodType.UNARY, "CreateBucket", CreateBucketRequest.getDefaultInstance(),
      Bucket.getDefaultInstance());
  private static final MethodDescriptor<Empty, ListBucketsResponse> LIST_BUCKETS = method(
      MethodDescriptor.MethodType.UNARY, "ListBuckets", Empty.getDefaultInstance(),
      ListBucketsResponse.getDefaultInstance());
  private static final MethodDescriptor<HeadObjectRequest, ObjectInfo> HEAD_OBJECT = method(
      MethodDescriptor.MethodType.UNARY, "HeadObject", HeadObjectRequest.getDefaultInstance(),
      ObjectInfo.getDefaultInstance());
  private static final MethodDescriptor<PutObjectRequest, ObjectInfo> PUT_OBJECT = method(
      MethodDescriptor.MethodType.CLIENT_STREAMING, "PutObject", PutObjectRequest.getDefaultInstance(),
      ObjectInfo.getDefaultInstance());
  private static final MethodDescriptor<GetObjectRequest, GetObjectResponse> GET_OBJECT = method(
      MethodDescriptor.MethodType.SERVER_STREAMING, "GetObject", GetObjectRequest.getDefaultInstance(),
      GetObjectResponse.getDefaultInstance());

  @Test
  void grpcJavaPutsAndGetsAnObjectThatS3ReadsWithTheSameEtag() throws Exception {
    ClientCalls.blockingUnaryCall(authenticated, CREATE_BUCKET, CallOptions.DEFAULT,
        CreateBucketRequest.newBuilder().setBucket("grpc-java").build());
    byte[] body = new byte[3_000_000];
    new Random(3).nextBytes(body);

    CompletableFuture<ObjectInfo> put = new CompletableFuture<>();
    StreamObserver<PutObjectRequest> upload = ClientCalls.asyncClientStreamingCall(
        authenticated.newCall(PUT_OBJECT, CallOptions.DEFAULT), new StreamObserver<>() {
          @Override
          public void onNext(ObjectInfo value) {
            put.complete(value);
          }

          @Override
          public void onError(Throwable t) {
            put.completeExceptionally(t);
          }

          @Override
          public void onCompleted() {}
        });
    upload.onNext(PutObjectRequest.newBuilder()
        .setHeader(PutObjectHeader.newBuilder().setBucket("grpc-java").setKey("k")).build());
    for (int from = 0; from < body.length; from += 1_000_000) {
      upload.onNext(PutObjectRequest.newBuilder().setData(ByteString.copyFrom(body, from, 1_000_000)).build());
    }
    upload.onCompleted();
    ObjectInfo info = put.get(30, TimeUnit.SECONDS);
    assertEquals(body.length, info.getSize());

    ByteArrayOutputStream got = new ByteArrayOutputStream();
    Iterator<GetObjectResponse> messages = ClientCalls.blockingServerStreamingCall(authenticated, GET_OBJECT,
        CallOptions.DEFAULT, GetObjectRequest.newBuilder().setBucket("grpc-java").setKey("k").build());
    assertEquals(info.getEtag(), messages.next().getInfo().getEtag());
    messages.forEachRemaining(m -> got.writeBytes(m.getData().toByteArray()));
    assertArrayEquals(body, got.toByteArray());

    try (S3Client s3 = server.client()) {
      assertEquals(info.getEtag(), s3.headObject(b -> b.bucket("grpc-java").key("k")).eTag());
    }
    assertEquals(true, ClientCalls.blockingUnaryCall(authenticated, LIST_BUCKETS, CallOptions.DEFAULT,
        Empty.getDefaultInstance()).getBucketsList().stream().anyMatch(b -> b.getName().equals("grpc-java")));
  }

  @Test
  void grpcJavaSeesStatusesWithTheS3CodeTrailer() {
    StatusRuntimeException missing = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        authenticated, HEAD_OBJECT, CallOptions.DEFAULT,
        HeadObjectRequest.newBuilder().setBucket("grpc-java-none").setKey("k").build()));
    assertEquals(Status.Code.NOT_FOUND, missing.getStatus().getCode());
    assertEquals("NoSuchBucket", missing.getTrailers().get(S3_CODE));

    StatusRuntimeException anonymous = assertThrows(StatusRuntimeException.class, () -> ClientCalls.blockingUnaryCall(
        channel, LIST_BUCKETS, CallOptions.DEFAULT, Empty.getDefaultInstance()));
    assertEquals(Status.Code.UNAUTHENTICATED, anonymous.getStatus().getCode());
    assertEquals("AccessDenied", anonymous.getTrailers().get(S3_CODE));
  }
}
