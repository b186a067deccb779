package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;

/**
 * The Python gRPC example of docs/API_USAGE.md, run as written (Debian's python3-grpcio, protoc and
 * grpc_python_plugin) against a node: it must print exactly the output the document shows. Missing tools skip
 * it unless {@code S3ISH_REQUIRE_TOOLS=1} (as in .ci/run), which makes it a failure.
 */
class GrpcPythonExampleTest {
  private static final Pattern EXAMPLE = Pattern.compile(
      "<!-- grpc-python-example[^>]*-->\\s*```python\\n(.*?)```.*?```text\\n(.*?)```", Pattern.DOTALL);

  @Test
  void theDocumentedPythonClientRunsAndPrintsWhatTheDocsShow(@TempDir Path dir) throws IOException {
    Matcher doc = EXAMPLE.matcher(Files.readString(Path.of("docs/API_USAGE.md")));
    if (!doc.find()) {
      fail("docs/API_USAGE.md has no grpc-python-example block followed by its output");
    }
    ExternalTool.require("protoc", "grpc_python_plugin");
    ExternalTool tools = new ExternalTool(dir, Map.of(), Duration.ofSeconds(60));
    String python = python(tools);
    Files.writeString(dir.resolve("example.py"), doc.group(1));
    tools.ok("protoc", "-I", Path.of("proto").toAbsolutePath().toString(), "--python_out=.", "--grpc_out=.",
        "--plugin=protoc-gen-grpc=" + Path.of("/usr/bin/grpc_python_plugin"),
        Path.of("proto/s3ish/v1/object_store.proto").toAbsolutePath().toString());
    try (TestServer server = TestServer.startWithGrpc()) {
      ExternalTool.Result run = tools.ok(python, "example.py", "127.0.0.1:" + server.grpcPort());
      assertEquals(doc.group(2).strip(), run.out().strip(), run.toString());
    }
  }

  /** A python3 that can import grpc: the PATH's, else Debian's (a pyenv or venv python3 may lack it). */
  private static String python(ExternalTool tools) {
    for (String candidate : List.of("python3", "/usr/bin/python3")) {
      if ((candidate.startsWith("/") ? Files.isExecutable(Path.of(candidate)) : ExternalTool.onPath(candidate))
          && tools.run(candidate, "-c", "import grpc").exit() == 0) {
        return candidate;
      }
    }
    String message = "no python3 with the grpc module (Debian: python3-grpcio)";
    if ("1".equals(System.getenv(ExternalTool.REQUIRE_TOOLS))) {
      fail(message + " (and " + ExternalTool.REQUIRE_TOOLS + "=1)");
    }
    Assumptions.abort(message);
    return null;
  }
}
