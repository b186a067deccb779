package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;

/**
 * A large object through gRPC with the server (a {@code --protocol grpc} process) at a small heap: bodies
 * must stream. CI runs 512 MiB; {@code -Ds3ish.grpcLargeObjectMiB=1024} runs the 1 GiB case.
 */
class GrpcLargeObjectTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aLargeObjectStreamsInAndOutOfASmallHeapOverGrpc(@TempDir Path dir) throws Exception {
    long size = Long.getLong("s3ish.grpcLargeObjectMiB", 512) * MIB;
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    long directMiB = size / MIB + 256; // the memory backend keeps object bytes off-heap
    try (ServerProcess server = ServerProcess.builder().name("grpc-large").workDir(dir)
        .jvmArgs("-Xmx256m", "-XX:MaxDirectMemorySize=" + directMiB + "m")
        .args("-p", "grpc", "-l", "127.0.0.1:0", "-a", "creds.txt").start()) {
      int port = server.awaitReady(Duration.ofSeconds(60)).port();
      Vertx vertx = Vertx.vertx();
      try (GrpcTestClient grpc = new GrpcTestClient(vertx, port, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        grpc.call(ObjectStoreGrpcClient.CreateBucket, CreateBucketRequest.newBuilder().setBucket("large").build())
            .await();
        MessageDigest sent = GrpcTestClient.sha256();
        assertEquals(size, grpc.putRandom(PutObjectHeader.newBuilder().setBucket("large").setKey("big.bin").build(),
            size, 7, sent).await().getSize());
        GrpcTestClient.Got got =
            grpc.get(GetObjectRequest.newBuilder().setBucket("large").setKey("big.bin").build(), false).await();
        assertEquals(size, got.bytes());
        assertArrayEquals(sent.digest(), got.sha256());
      } finally {
        vertx.close().await();
      }
    }
  }
}
