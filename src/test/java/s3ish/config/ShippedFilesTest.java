package s3ish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.Role;

/** The files shipped at the top level load, and the docs describe every key; tests run from the project root. */
class ShippedFilesTest {
  @Test
  void shippedConfigLoadsAndMatchesTheDefaults() {
    JsonObject settings = ConfigLoader.load(Path.of("conf/config.toml"), true, Map.of(), Map.of());
    assertEquals(Setting.defaults(), settings, "conf/config.toml documents the defaults, it does not change them");
  }

  @Test
  void shippedVerticlesDeployEveryRoleServingHttpAndGrpc() {
    VerticlesPlan plan = VerticlesPlan.load(Path.of("verticles.json"), true);
    assertEquals(List.of(Role.STORAGE, Role.ERASURE, Role.AUTH, Role.HTTP, Role.GRPC), plan.roles());
  }

  @Test
  void shippedCredentialsHoldTheDemoUser() throws IOException {
    assertTrue(Files.readAllLines(Path.of("conf/creds.txt")).contains("demo:demo-secret"));
  }

  @Test
  void configurationDocListsEverySettingAsTheRegistrySays() throws IOException {
    String doc = Files.readString(Path.of("docs/CONFIGURATION.md"));
    assertTrue(doc.contains(SettingsTable.markdown()),
        "docs/CONFIGURATION.md is out of date: replace its table with the output of s3ish.config.SettingsTable");
  }
}
