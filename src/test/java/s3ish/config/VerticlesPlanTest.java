package s3ish.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.bus.Role;

class VerticlesPlanTest {
  private static final String FILE = "verticles.json";

  private static String error(String json) {
    return assertThrows(ConfigException.class, () -> VerticlesPlan.parse(json, FILE)).getMessage();
  }

  @Test
  void rolesStartBackendsFirstWhateverTheFileOrder() {
    VerticlesPlan plan = VerticlesPlan.parse(
        "{\"http\": {\"instances\": 2}, \"auth\": {\"instances\": 1}, \"storage\": {}}", FILE);
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.HTTP), plan.roles());
    assertEquals(2, plan.entries().get(2).instances());
    assertEquals(1, plan.entries().get(0).instances());
  }

  @Test
  void erasureCodingStorageBringsTheErasureRoleUnlessNamed() {
    io.vertx.core.json.JsonObject erasureOn = Setting.defaults().put("enable_erasure_coding", true);
    VerticlesPlan plain = VerticlesPlan.parse("{\"storage\": {}, \"http\": {}}", FILE);
    assertEquals(List.of(Role.STORAGE, Role.HTTP), plain.withRolesNeededBy(Setting.defaults()).roles());
    assertEquals(List.of(Role.STORAGE, Role.ERASURE, Role.HTTP), plain.withRolesNeededBy(erasureOn).roles());
    VerticlesPlan named = VerticlesPlan.parse("{\"storage\": {}, \"erasure\": {\"instances\": 2}}", FILE);
    assertEquals(2, named.withRolesNeededBy(erasureOn).entries().get(1).instances());
    VerticlesPlan protocolOnly = VerticlesPlan.parse("{\"http\": {}}", FILE);
    assertEquals(List.of(Role.HTTP), protocolOnly.withRolesNeededBy(erasureOn).roles());
  }

  @Test
  void nodeMayDeployASubset() {
    VerticlesPlan plan = VerticlesPlan.parse("{\"storage\": {\"instances\": 3}}", FILE);
    assertEquals(List.of(Role.STORAGE), plan.roles());
    assertEquals(3, plan.entries().get(0).instances());
  }

  @Test
  void unknownRoleNamesRoleAndFile() {
    assertTrue(error("{\"storage\": {}, \"ftp\": {}}").startsWith("verticles.json: unknown role 'ftp'"));
  }

  @Test
  void instancesMustBeAPositiveIntegerOrPerEventLoop() {
    assertEquals("verticles.json: http: instances: expected an integer >= 1 or \"per-event-loop\", got 0",
        error("{\"http\": {\"instances\": 0}}"));
    assertEquals("verticles.json: http: instances: expected an integer >= 1 or \"per-event-loop\", got \"2\"",
        error("{\"http\": {\"instances\": \"2\"}}"));
    assertTrue(error("{\"http\": {\"instance\": 2}}").startsWith("verticles.json: http: unknown field 'instance'"));
  }

  @Test
  void perEventLoopDeploysOneInstanceOnEachEventLoop() {
    VerticlesPlan plan = VerticlesPlan.parse("{\"storage\": {\"instances\": \"per-event-loop\"}, \"http\": {}}", FILE);
    assertEquals(VerticlesPlan.Entry.PER_EVENT_LOOP, plan.entries().get(0).instances());
    assertEquals(8, plan.entries().get(0).instances(8));
    assertEquals(1, plan.entries().get(1).instances(8));
  }

  @Test
  void roleConfigIsValidatedLikeTheTomlFile() {
    assertEquals("verticles.json: http config: unknown key 'chunk_sz'",
        error("{\"http\": {\"config\": {\"chunk_sz\": 65536}}}"));
    assertEquals("verticles.json: storage config: credit_window: expected an integer between 1 and 1024, got 0",
        error("{\"storage\": {\"config\": {\"credit_window\": 0}}}"));
  }

  @Test
  void roleConfigOverridesNodeSettingsForThatRoleOnly() {
    VerticlesPlan plan = VerticlesPlan.parse(
        "{\"http\": {\"config\": {\"chunk_size\": 65536}}, \"storage\": {}}", FILE);
    JsonObject node = Setting.defaults();
    assertEquals(65536, plan.configFor(plan.entries().get(1), node).getValue("chunk_size"));
    assertEquals(Setting.CHUNK_SIZE.defaultValue(), plan.configFor(plan.entries().get(0), node).getValue("chunk_size"));
    assertEquals(Setting.CHUNK_SIZE.defaultValue(), node.getValue("chunk_size"));
  }

  @Test
  void flagsBeatRoleConfig() {
    VerticlesPlan plan = VerticlesPlan.parse("{\"http\": {\"config\": {\"listen_addr\": \"127.0.0.1:1\"}}}", FILE)
        .withoutOverrides(Set.of("listen_addr"));
    JsonObject node = Setting.defaults().put("listen_addr", "127.0.0.1:2");
    assertEquals("127.0.0.1:2", plan.configFor(plan.entries().get(0), node).getValue("listen_addr"));
  }

  @Test
  void emptyOrMalformedFilesAreRejected() {
    assertTrue(error("{}").startsWith("verticles.json: no roles to deploy"));
    assertTrue(error("[]").startsWith("verticles.json: expected an object keyed by role"));
    assertTrue(error("{\"http\": {}, \"http\": {}}").startsWith("verticles.json: not valid JSON"));
  }

  @Test
  void absentDefaultFileDeploysHttpOnceAndAuthAndStorageOnEveryEventLoop(@TempDir Path dir) {
    VerticlesPlan plan = VerticlesPlan.load(dir.resolve(FILE), false);
    assertEquals(List.of(Role.STORAGE, Role.AUTH, Role.HTTP), plan.roles());
    assertEquals(List.of(4, 4, 1), plan.entries().stream().map(e -> e.instances(4)).toList());
    ConfigException e = assertThrows(ConfigException.class, () -> VerticlesPlan.load(dir.resolve(FILE), true));
    assertEquals(dir.resolve(FILE) + ": no such file", e.getMessage());
  }
}
