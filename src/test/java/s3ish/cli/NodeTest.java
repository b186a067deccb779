package s3ish.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.config.ConfigException;
import s3ish.config.Setting;
import s3ish.config.VerticlesPlan;

/** Cluster configuration problems are configuration errors (exit 2), found before any cluster is joined. */
class NodeTest {
  @TempDir Path dir;

  private Throwable startFailure(Path clusterConfig) {
    Future<Node> started = Node.start(Setting.defaults(), VerticlesPlan.allRoles(), clusterConfig);
    assertTrue(started.failed(), "fails without joining");
    return started.cause();
  }

  @Test
  void missingClusterFileIsAConfigErrorNamingIt() {
    Path file = dir.resolve("cluster.xml");
    Throwable cause = startFailure(file);
    assertInstanceOf(ConfigException.class, cause);
    assertEquals(file + ": no such file (the Hazelcast configuration for --cluster)", cause.getMessage());
  }

  @Test
  void invalidClusterFileIsAConfigErrorNamingIt() throws IOException {
    Path file = dir.resolve("cluster.xml");
    Files.writeString(file, "<hazelcast xmlns=\"http://www.hazelcast.com/schema/config\"><bogus/></hazelcast>");
    Throwable cause = startFailure(file);
    assertInstanceOf(ConfigException.class, cause);
    assertTrue(cause.getMessage().startsWith(file + ": invalid Hazelcast configuration"), cause.getMessage());
    assertTrue(!cause.getMessage().contains("\n"), "one line");
  }

  @Test
  void shippedClusterFileJoinsOnLoopbackOnly() {
    var config = Node.hazelcastConfig(Path.of("cluster.xml"));
    assertEquals("s3ish", config.getClusterName());
    var join = config.getNetworkConfig().getJoin();
    assertTrue(!join.getMulticastConfig().isEnabled() && join.getTcpIpConfig().isEnabled());
    assertEquals(java.util.List.of("127.0.0.1"), join.getTcpIpConfig().getMembers());
    assertEquals(5701, config.getNetworkConfig().getPort());
    assertEquals("false", config.getProperty("hazelcast.shutdownhook.enabled"));
  }
}
