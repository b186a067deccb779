package s3ish.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher as a separate JVM: real exit codes and output, through the harness other tests build on. */
class NodeProcessTest {
  private static final Duration EXIT = Duration.ofSeconds(60);

  @TempDir Path dir;

  @Test
  void versionPrintsOneLineAndExitsZero() {
    try (ServerProcess node = ServerProcess.builder().name("version").workDir(dir).args("--version").start()) {
      assertEquals(0, node.awaitExit(EXIT), node.output());
      assertEquals(1, node.stdout().size(), node.output());
      assertTrue(node.stdout().get(0).matches("s3ish \\S+"), node.output());
    }
  }

  @Test
  void configErrorExitsTwoNamingKeyAndFile() throws IOException {
    Files.createDirectories(dir.resolve("conf"));
    // the default path, resolved in the node's working directory
    Files.writeString(dir.resolve("conf/config.toml"), "chunk_size = \"big\"\n");
    try (ServerProcess node = ServerProcess.builder().name("bad-config").workDir(dir).jvmArgs("-Xmx64m").start()) {
      assertEquals(2, node.awaitExit(EXIT), node.output());
      assertEquals(List.of("s3ish: conf/config.toml: chunk_size: expected an integer between 4096 and 16777216,"
          + " got \"big\""), node.stderr());
      assertEquals(List.of(), node.stdout());
    }
  }

  @Test
  void awaitReadyFailsFastWithTheOutputWhenTheNodeExits() {
    try (ServerProcess node = ServerProcess.builder().name("bogus").workDir(dir).args("--bogus").start()) {
      AssertionError e = assertThrows(AssertionError.class, () -> node.awaitReady(EXIT));
      assertTrue(e.getMessage().startsWith("bogus exited with 2 before it was ready"), e.getMessage());
      assertTrue(e.getMessage().contains("s3ish: Unknown option: '--bogus' (try --help)"), e.getMessage());
    }
  }

  @Test
  void readyLinePatternCoversBothShapes() {
    var http = ServerProcess.READY.matcher("s3ish 0.1.0 ready: http://[::1]:9000 roles=storage,auth,http");
    assertTrue(http.matches());
    assertEquals("[::1]", http.group(2));
    assertEquals("9000", http.group(3));
    var storageOnly = ServerProcess.READY.matcher("s3ish 0.1.0-SNAPSHOT ready: roles=storage");
    assertTrue(storageOnly.matches());
    assertEquals("storage", storageOnly.group(4));
  }
}
