package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.bus.Role;
import s3ish.cli.Node;
import s3ish.config.Setting;
import s3ish.config.VerticlesPlan;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.ObjectStoreGrpcClient;

class GrpcNodeTest {
  @Test
  void aNodeServingGrpcAloneAnswersOnItsPortAndSaysSoInTheReadyLine(@TempDir Path dir) throws IOException {
    Path creds = dir.resolve("creds.txt");
    Files.writeString(creds, TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    var settings = Setting.defaults()
        .put(Setting.GRPC_LISTEN_ADDR.key(), "127.0.0.1:0")
        .put(Setting.AUTH_FILE.key(), creds.toString());
    VerticlesPlan plan = VerticlesPlan.allRoles().servingOnly(Role.GRPC);
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.GRPC), plan.roles());
    Node node = Node.start(settings, plan, null).await();
    try {
      int port = node.grpcPort();
      assertTrue(port > 0);
      assertEquals(-1, node.httpPort());
      assertEquals("s3ish test ready: grpc://127.0.0.1:" + port + " roles=storage,auth,grpc", node.readyLine("test"));
      try (GrpcTestClient client = new GrpcTestClient(node.vertx(), port, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        assertEquals(0, client.call(ObjectStoreGrpcClient.ListBuckets, Empty.getDefaultInstance()).await()
            .getBucketsCount());
      }
    } finally {
      node.close().await();
    }
  }
}
