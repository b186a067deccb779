package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.client.GrpcClientRequest;
import org.junit.jupiter.api.Test;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import s3ish.TestServer;
import s3ish.config.Setting;
import s3ish.observability.NodeState;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;

/**
 * A cancelled call gives back what it held at once, not at the stream idle timeout: an upload its storage
 * capacity, a download its body stream.
 */
// A stuck stream fails the class instead of hanging the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcAbortTest {
  private static final int MIB = 1024 * 1024;

  /** With room for one 2 MiB upload only, a second one succeeds right after the first is cancelled. */
  @Test
  void aCancelledUploadReleasesTheStorageItHeld() {
    try (TestServer server = TestServer.startWithGrpc(new JsonObject()
            .put(Setting.MEMORY_MAX_BYTES.key(), 3L * MIB)
            .put(Setting.CHUNK_SIZE.key(), 64 * 1024));
        GrpcTestClient grpc = new GrpcTestClient(server.vertx(), server.grpcPort(), TestServer.ACCESS_KEY,
            TestServer.SECRET_KEY)) {
      grpc.call(ObjectStoreGrpcClient.CreateBucket, CreateBucketRequest.newBuilder().setBucket("abort").build()).await();
      GrpcClientRequest<PutObjectRequest, ObjectInfo> first =
          grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).await();
      first.write(header("first")).await();
      first.write(data(MIB)).await();
      first.write(data(MIB)).await();
      first.cancel();

      GrpcClientRequest<PutObjectRequest, ObjectInfo> second =
          grpc.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).await();
      second.write(header("second"));
      second.write(data(MIB));
      second.end(data(MIB));
      assertEquals(2L * MIB, second.response().compose(GrpcTestClient::single).await().getSize());
    }
  }

  @Test
  void aCancelledDownloadReleasesItsBodyAtOnce() {
    try (TestServer server = TestServer.start()) {
      GrpcVerticle verticle = new GrpcVerticle();
      server.vertx().deployVerticle(verticle, new DeploymentOptions().setConfig(
          Setting.defaults().put(Setting.GRPC_LISTEN_ADDR.key(), "127.0.0.1:0"))).await();
      try (GrpcTestClient grpc = new GrpcTestClient(server.vertx(), NodeState.grpcPort(server.vertx()),
          TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        grpc.call(ObjectStoreGrpcClient.CreateBucket, CreateBucketRequest.newBuilder().setBucket("abort").build())
            .await();
        grpc.putRandom(PutObjectHeader.newBuilder().setBucket("abort").setKey("big").build(), 32L * MIB, 1, null)
            .await();

        GrpcClientRequest<GetObjectRequest, GetObjectResponse> get =
            grpc.<GetObjectRequest, GetObjectResponse>open(ObjectStoreGrpcClient.GetObject).await();
        Promise<Void> firstData = Promise.promise();
        // The client stops reading after the first data message: the server is then stuck mid-way.
        get.response().onSuccess(response -> response.handler(message -> {
          if (message.hasData()) {
            response.pause();
            firstData.tryComplete();
          }
        }));
        get.end(GetObjectRequest.newBuilder().setBucket("abort").setKey("big").build());
        firstData.future().await();
        assertEquals(1, verticle.openDownloads().await());

        get.cancel();
        // The cancel and a later call share the connection, whose frames the server handles in order.
        grpc.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()).await();
        assertEquals(0, verticle.openDownloads().await());
      }
    }
  }

  private static PutObjectRequest header(String key) {
    return PutObjectRequest.newBuilder().setHeader(PutObjectHeader.newBuilder().setBucket("abort").setKey(key)).build();
  }

  private static PutObjectRequest data(int size) {
    return PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[size])).build();
  }
}
