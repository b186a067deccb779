package s3ish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLoaderTest {
  @TempDir Path dir;

  private Path toml(String text) throws IOException {
    Path file = dir.resolve("config.toml");
    Files.writeString(file, text);
    return file;
  }

  private static JsonObject load(Path file, Map<String, String> env, Map<Setting, ConfigLoader.Flag> flags) {
    return ConfigLoader.load(file, true, env, flags);
  }

  @Test
  void absentDefaultFileGivesDefaults() {
    JsonObject settings = ConfigLoader.load(dir.resolve("config.toml"), false, Map.of(), Map.of());
    assertEquals(Setting.defaults(), settings);
  }

  @Test
  void fileValuesReplaceDefaultsAndKeepTheirTypes() throws IOException {
    Path file = toml("""
        # comment
        listen_addr = "0.0.0.0:9100"
        chunk_size = 65536
        max_object_size = 10737418240
        enable_erasure_coding = true
        """);
    JsonObject settings = load(file, Map.of(), Map.of());
    assertEquals("0.0.0.0:9100", Setting.LISTEN_ADDR.string(settings));
    assertEquals(65536, settings.getValue("chunk_size"));
    assertEquals(10737418240L, Setting.MAX_OBJECT_SIZE.longValue(settings));
    assertEquals(true, settings.getValue("enable_erasure_coding"));
    assertEquals(Setting.CREDIT_WINDOW.defaultValue(), settings.getValue("credit_window"));
  }

  @Test
  void environmentBeatsFile() throws IOException {
    Path file = toml("chunk_size = 65536\nregion = \"eu-west-1\"\n");
    JsonObject settings = load(file, Map.of("S3ISH_CHUNK_SIZE", "8192", "HOME", "/root"), Map.of());
    assertEquals(8192, settings.getValue("chunk_size"));
    assertEquals("eu-west-1", settings.getValue("region"));
  }

  @Test
  void flagBeatsEnvironment() throws IOException {
    Path file = toml("listen_addr = \"127.0.0.1:9001\"\n");
    JsonObject settings = load(file, Map.of("S3ISH_LISTEN_ADDR", "127.0.0.1:9002"),
        Map.of(Setting.LISTEN_ADDR, new ConfigLoader.Flag("--listen", "127.0.0.1:9003")));
    assertEquals("127.0.0.1:9003", settings.getValue("listen_addr"));
  }

  @Test
  void unknownKeyNamesKeyAndFile() throws IOException {
    Path file = toml("listen_adr = \"127.0.0.1:9000\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertEquals(file + ": unknown key 'listen_adr'", e.getMessage());
  }

  @Test
  void tableIsAnUnknownKey() throws IOException {
    Path file = toml("[storage]\nroot = \"/tmp\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertEquals(file + ": unknown key 'storage'", e.getMessage());
  }

  @Test
  void invalidValueNamesKeyFileAndExpectation() throws IOException {
    Path file = toml("chunk_size = \"big\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertEquals(file + ": chunk_size: expected an integer between 4096 and 16777216, got \"big\"", e.getMessage());
  }

  @Test
  void outOfRangeValuesAreRejected() throws IOException {
    for (String line : new String[] {
        "chunk_size = 1024", "credit_window = 0", "credit_window = 1025", "erasure_data_blocks = 33",
        "erasure_parity_blocks = -1", "stream_idle_timeout_secs = 0", "max_object_size = 0",
        "memory_max_bytes = -1", "enable_erasure_coding = \"yes\"", "region = \"\""}) {
      Path file = toml(line + "\n");
      String key = line.substring(0, line.indexOf(' '));
      ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()), line);
      assertTrue(e.getMessage().startsWith(file + ": " + key + ": "), e.getMessage());
    }
  }

  @Test
  void boundaryValuesAreAccepted() throws IOException {
    Path file = toml("""
        chunk_size = 16777216
        credit_window = 1024
        erasure_data_blocks = 32
        erasure_parity_blocks = 0
        memory_max_bytes = 0
        """);
    assertEquals(16777216, load(file, Map.of(), Map.of()).getValue("chunk_size"));
  }

  @Test
  void engineBackendIsNamedAsNotAvailableYetWhileFileIsAccepted() throws IOException {
    Path file = toml("storage_backend = \"engine\"\n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertTrue(e.getMessage().startsWith(file + ": storage_backend: backend 'engine' is not available yet"),
        e.getMessage());
    assertEquals("file", load(toml("storage_backend = \"file\"\n"), Map.of(), Map.of()).getValue("storage_backend"));
  }

  @Test
  void invalidEnvironmentValueNamesTheVariable() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("absent.toml"), false, Map.of("S3ISH_CREDIT_WINDOW", "many"), Map.of()));
    assertEquals("environment variable S3ISH_CREDIT_WINDOW: credit_window: expected an integer between 1 and 1024,"
        + " got \"many\"", e.getMessage());
  }

  @Test
  void unknownEnvironmentVariableWithOurPrefixIsRejected() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> ConfigLoader.load(dir.resolve("absent.toml"), false, Map.of("S3ISH_LISTEN_ADR", "x"), Map.of()));
    assertEquals("environment variable S3ISH_LISTEN_ADR: no such setting", e.getMessage());
  }

  @Test
  void invalidFlagNamesTheFlag() {
    ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("absent.toml"),
        false, Map.of(), Map.of(Setting.LISTEN_ADDR, new ConfigLoader.Flag("--listen", "9000"))));
    assertTrue(e.getMessage().startsWith("--listen: listen_addr: expected host:port"), e.getMessage());
  }

  @Test
  void missingExplicitFileIsAnError() {
    Path file = dir.resolve("nope.toml");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertEquals(file + ": no such file", e.getMessage());
  }

  @Test
  void malformedTomlNamesTheFile() throws IOException {
    Path file = toml("listen_addr = \n");
    ConfigException e = assertThrows(ConfigException.class, () -> load(file, Map.of(), Map.of()));
    assertTrue(e.getMessage().startsWith(file + ": not valid TOML"), e.getMessage());
    assertTrue(!e.getMessage().contains("\n"), "one line");
  }

  @Test
  void ipv6ListenAddressIsAccepted() throws IOException {
    Path file = toml("listen_addr = \"[::1]:9000\"\n");
    assertEquals("[::1]:9000", load(file, Map.of(), Map.of()).getValue("listen_addr"));
    ListenAddress parsed = ListenAddress.parse("[::1]:9000");
    assertEquals(new ListenAddress("::1", 9000), parsed);
    assertEquals("[::1]", parsed.hostForUrl());
  }

  @Test
  void listenAddressMustBeHostAndPort() {
    for (String bad : new String[] {"9000", ":9000", "host:", "host:65536", "::1:9000", "[::1]9000", "h:-1"}) {
      assertThrows(IllegalArgumentException.class, () -> ListenAddress.parse(bad), bad);
    }
    assertEquals(new ListenAddress("0.0.0.0", 0), ListenAddress.parse("0.0.0.0:0"));
  }

  @Test
  void virtualHostDomainsAreDomainNamesWithoutPorts() {
    JsonObject ok = ConfigLoader.load(dir.resolve("absent.toml"), false,
        Map.of("S3ISH_VIRTUAL_HOST_DOMAINS", "s3.example.com, s3.internal"), Map.of());
    assertEquals("s3.example.com, s3.internal", Setting.VIRTUAL_HOST_DOMAINS.string(ok));
    for (String bad : new String[] {"s3.example.com:9000", "10.0.0.1", "bad_name.com", "a..b"}) {
      assertThrows(ConfigException.class, () -> ConfigLoader.load(dir.resolve("absent.toml"), false,
          Map.of("S3ISH_VIRTUAL_HOST_DOMAINS", bad), Map.of()), bad);
    }
  }
}
