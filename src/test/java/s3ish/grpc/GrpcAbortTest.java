package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.client.GrpcClientRequest;
import org.junit.jupiter.api.Test;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Timeout;
import s3ish.TestServer;
import s3ish.config.Setting;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;

/**
 * A cancelled upload gives its bytes back at once: with room for one 2 MiB upload only, a second one
 * succeeds right after the first is cancelled, which it could not while storage still held the first.
 */
// A stuck stream fails the class instead of hanging the build.
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class GrpcAbortTest {
  private static final int MIB = 1024 * 1024;

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

  private static PutObjectRequest header(String key) {
    return PutObjectRequest.newBuilder().setHeader(PutObjectHeader.newBuilder().setBucket("abort").setKey(key)).build();
  }

  private static PutObjectRequest data(int size) {
    return PutObjectRequest.newBuilder().setData(ByteString.copyFrom(new byte[size])).build();
  }
}
