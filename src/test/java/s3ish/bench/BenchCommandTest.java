package s3ish.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import s3ish.TestServer;
import software.amazon.awssdk.services.s3.model.S3Object;

/** Smoke test: {@code s3ish bench} loads a real server briefly and reports what it did; no timing is asserted. */
class BenchCommandTest {
  private static TestServer server;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  @BeforeAll
  static void start() {
    server = TestServer.start();
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  private int bench(String... args) {
    CommandLine commandLine = new CommandLine(new BenchCommand(Map.of()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    List<String> all = new java.util.ArrayList<>(List.of("--endpoint", server.endpoint().toString(),
        "--access-key", TestServer.ACCESS_KEY, "--secret-key", TestServer.SECRET_KEY));
    all.addAll(List.of(args));
    return commandLine.execute(all.toArray(String[]::new));
  }

  @Test
  void aMixedRunReportsOperationsOfEachKindAsJsonAndLeavesTheObjectsItWrote() {
    assertEquals(0, bench("--bucket", "smoke", "--op", "mixed", "--mix", "get=70,put=30", "--size", "5KiB",
        "--keys", "20", "--concurrency", "4", "--duration", "2", "--warmup", "0", "--json"), err.toString());

    JsonObject result = new JsonObject(out.toString());
    assertEquals(0, result.getLong("errors"), out.toString());
    Map<String, JsonObject> byOp = new HashMap<>();
    result.getJsonArray("operations").forEach(o -> byOp.put(((JsonObject) o).getString("op"), (JsonObject) o));
    assertTrue(byOp.get("get").getLong("ops") > 0, out.toString());
    assertTrue(byOp.get("put").getLong("ops") > 0, out.toString());
    assertTrue(byOp.get("get").getJsonObject("latencyMs").getDouble("p99") > 0, out.toString());
    assertTrue(err.toString().contains("prepared 20 objects"), err.toString());

    // the key space was filled before the reads: every key is there, at the requested size
    List<S3Object> objects = server.client().listObjectsV2(b -> b.bucket("smoke")).contents();
    assertEquals(20, objects.size());
    assertTrue(objects.stream().allMatch(o -> o.key().matches("bench/\\d{8}") && o.size() == 5 * 1024));
  }

  @Test
  void aCountBoundedRunDoesExactlyThatManyOperations() {
    for (String op : List.of("put", "get", "stat", "list", "delete")) {
      out.getBuffer().setLength(0);
      assertEquals(0, bench("--bucket", "counted", "--op", op, "--keys", "10", "--count", "25", "--concurrency",
          "3", "--size", "1", "--distribution", "zipf", "--json", "--quiet"), op + ": " + err);
      JsonObject result = new JsonObject(out.toString());
      assertEquals(25, result.getLong("ops"), op + ": " + out);
      assertEquals(0, result.getLong("errors"), op + ": " + out);
    }
  }

  @Test
  void severalConcurrencyLevelsRunInTurnAndPrintAnArray() {
    assertEquals(0, bench("--bucket", "levels", "--op", "get", "--keys", "5", "--count", "10", "--concurrency", "4,1",
        "--json", "--quiet"), err.toString());
    JsonArray results = new JsonArray(out.toString());
    assertEquals(List.of(4, 1), results.stream().map(r -> ((JsonObject) r).getInteger("concurrency")).toList());
    assertTrue(results.stream().allMatch(r -> ((JsonObject) r).getLong("ops") == 10), out.toString());
  }

  @Test
  void aWrongSecretFailsWithTheServersErrorCode() {
    CommandLine commandLine = new CommandLine(new BenchCommand(Map.of()));
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    assertEquals(1, commandLine.execute("--endpoint", server.endpoint().toString(), "--access-key",
        TestServer.ACCESS_KEY, "--secret-key", "wrong", "--count", "5", "--quiet"));
    assertTrue(err.toString().contains("HTTP 403 SignatureDoesNotMatch"), err.toString());
  }

  @Test
  void badArgumentsAreOneLineWithExitTwo() {
    assertEquals(2, bench("--size", "3 apples"));
    assertEquals(2, bench("--op", "mixed", "--mix", "get=70,fly=30"));
    assertEquals(2, bench("--distribution", "pareto"));
    assertEquals(2, bench("--prefix", "a key/"));
    assertEquals(4, err.toString().lines().count(), err.toString());
    assertTrue(err.toString().lines().allMatch(l -> l.startsWith("s3ish bench: ")), err.toString());
  }
}
