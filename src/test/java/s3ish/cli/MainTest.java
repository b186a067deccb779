package s3ish.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.bus.Role;

/** The command line up to the point where a node would start; the runner only records what it was given. */
class MainTest {
  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();
  private final List<Main.Startup> started = new ArrayList<>();

  private int run(Map<String, String> env, String... args) {
    Main main = new Main(env, (startup, o, e) -> {
      started.add(startup);
      return 0;
    });
    var commandLine = Main.commandLine(main);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private int run(String... args) {
    return run(Map.of(), args);
  }

  private List<String> errLines() {
    return err.toString().lines().toList();
  }

  @Test
  void helpListsTheSeedFlagsAndExitsZero() {
    assertEquals(0, run("--help"));
    String usage = out.toString();
    for (String flag : new String[] {"-l, --listen", "-p, --protocol", "-c, --config", "-a, --auth-file",
        "--cluster", "--cluster-config", "--verticles", "--version"}) {
      assertTrue(usage.contains(flag), flag + " in\n" + usage);
    }
    assertTrue(started.isEmpty());
  }

  @Test
  void versionPrintsNameAndVersion() {
    assertEquals(0, run("--version"));
    assertTrue(out.toString().matches("s3ish \\S+\\R"), out.toString());
  }

  @Test
  void unknownFlagExitsTwoWithOneLine() {
    assertEquals(2, run("--bogus"));
    assertEquals(List.of("s3ish: Unknown option: '--bogus' (try --help)"), errLines());
    assertTrue(started.isEmpty());
  }

  @Test
  void missingFlagValueExitsTwoWithOneLine() {
    assertEquals(2, run("--listen"));
    assertEquals(1, errLines().size(), err.toString());
  }

  @Test
  void unsupportedProtocolExitsTwo() {
    assertEquals(2, run("--protocol", "ftp"));
    assertEquals(List.of("s3ish: --protocol: expected http or grpc, got 'ftp' (try --help)"), errLines());
  }

  @Test
  void grpcProtocolServesGrpcAloneOnTheListenAddress() throws IOException {
    Path verticles = dir.resolve("verticles.json");
    Files.writeString(verticles, "{\"http\": {\"instances\": 2}, \"auth\": {}, \"storage\": {}}");
    assertEquals(0, run("-c", "/dev/null", "--verticles", verticles.toString(), "-p", "grpc", "-l", "127.0.0.1:7001"));
    Main.Startup startup = started.get(0);
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.GRPC), startup.plan().roles());
    assertEquals("127.0.0.1:7001", startup.settings().getString("grpc_listen_addr"));
    assertEquals("127.0.0.1:9000", startup.settings().getString("listen_addr"));
  }

  @Test
  void withoutProtocolTheNodeServesTheRolesOfVerticlesJsonAndHttpProtocolServesHttpAlone() throws IOException {
    Path verticles = dir.resolve("verticles.json");
    Files.writeString(verticles, "{\"http\": {}, \"auth\": {}, \"storage\": {}, \"grpc\": {}}");
    assertEquals(0, run("-c", "/dev/null", "--verticles", verticles.toString(), "-l", "127.0.0.1:7002"));
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.HTTP, Role.GRPC), started.get(0).plan().roles());
    assertEquals("127.0.0.1:7002", started.get(0).settings().getString("listen_addr"));
    assertEquals("127.0.0.1:50051", started.get(0).settings().getString("grpc_listen_addr"));
    assertEquals(0, run("-c", "/dev/null", "--verticles", verticles.toString(), "-p", "http"));
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.HTTP), started.get(1).plan().roles());
  }

  @Test
  void configErrorExitsTwoNamingKeyAndFile() throws IOException {
    Path config = dir.resolve("config.toml");
    Files.writeString(config, "listen_adr = \"127.0.0.1:9000\"\n");
    assertEquals(2, run("-c", config.toString()));
    assertEquals(List.of("s3ish: " + config + ": unknown key 'listen_adr'"), errLines());
    assertTrue(started.isEmpty());
  }

  @Test
  void explicitConfigFileMustExist() {
    Path config = dir.resolve("missing.toml");
    assertEquals(2, run("--config", config.toString()));
    assertEquals(List.of("s3ish: " + config + ": no such file"), errLines());
  }

  @Test
  void flagsBeatEnvironmentFileAndRoleConfig() throws IOException {
    Path config = dir.resolve("config.toml");
    Files.writeString(config, "listen_addr = \"127.0.0.1:9001\"\nregion = \"eu-west-1\"\n");
    Path verticles = dir.resolve("verticles.json");
    Files.writeString(verticles, "{\"http\": {\"config\": {\"listen_addr\": \"127.0.0.1:9004\"}}, \"storage\": {}}");
    assertEquals(0, run(Map.of("S3ISH_LISTEN_ADDR", "127.0.0.1:9002", "S3ISH_CHUNK_SIZE", "8192"),
        "-c", config.toString(), "--verticles", verticles.toString(), "-l", "127.0.0.1:9003", "-a", "my-creds"));
    Main.Startup startup = started.get(0);
    assertEquals("127.0.0.1:9003", startup.settings().getString("listen_addr"));
    assertEquals("my-creds", startup.settings().getString("auth_file"));
    assertEquals("eu-west-1", startup.settings().getString("region"));
    assertEquals(8192, startup.settings().getInteger("chunk_size"));
    var http = startup.plan().entries().get(1);
    assertEquals(Role.HTTP, http.role());
    assertEquals("127.0.0.1:9003", startup.plan().configFor(http, startup.settings()).getString("listen_addr"));
    assertNull(startup.clusterConfig());
  }

  @Test
  void clusterUsesTheClusterConfigFile() {
    assertEquals(0, run("-c", "/dev/null", "--verticles", writeStorageOnly(), "--cluster",
        "--cluster-config", "other.xml"));
    assertEquals(Path.of("other.xml"), started.get(0).clusterConfig());
    assertEquals(List.of(Role.STORAGE), started.get(0).plan().roles());
  }

  @Test
  void clusterConfigDefaultsToClusterXml() {
    assertEquals(0, run("-c", "/dev/null", "--verticles", writeStorageOnly(), "--cluster"));
    assertNotNull(started.get(0).clusterConfig());
    assertEquals(Path.of("cluster.xml"), started.get(0).clusterConfig());
  }

  @Test
  void badVerticlesFileExitsTwoNamingRoleAndFile() throws IOException {
    Path verticles = dir.resolve("v.json");
    Files.writeString(verticles, "{\"ftp\": {}}");
    assertEquals(2, run("-c", "/dev/null", "--verticles", verticles.toString()));
    assertEquals(1, errLines().size());
    assertTrue(errLines().get(0).startsWith("s3ish: " + verticles + ": unknown role 'ftp'"), err.toString());
  }

  private String writeStorageOnly() {
    try {
      Path verticles = dir.resolve("storage.json");
      Files.writeString(verticles, "{\"storage\": {}}");
      return verticles.toString();
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
