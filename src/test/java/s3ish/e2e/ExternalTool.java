package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;

/**
 * Runs command-line tools (aws, s3cmd, rclone, curl) as child processes with an isolated environment: the
 * inherited {@code AWS_*}, {@code RCLONE_*} and proxy variables are dropped (a machine's {@code AWS_CA_BUNDLE}
 * alone breaks rclone) and {@code HOME} points into the test's directory, so nothing is read from or written
 * to the user's home. Every run has a timeout and the process (with its children) is gone when run returns.
 */
final class ExternalTool {
  /** Set to 1 (CI does) to turn a missing tool into a failure instead of a skipped test. */
  static final String REQUIRE_TOOLS = "S3ISH_REQUIRE_TOOLS";
  private static final AtomicInteger RUNS = new AtomicInteger();

  private final Path dir;
  private final Map<String, String> env;
  private final Duration timeout;

  /** A process's outcome; stdout and stderr are kept whole (tool output here is small). */
  record Result(List<String> command, int exit, String out, String err) {
    @Override
    public String toString() {
      return String.join(" ", command) + "\nexit " + exit + "\n--- stdout ---\n" + out + "\n--- stderr ---\n" + err;
    }
  }

  /**
   * @param dir working directory of the processes and home of their scratch files
   * @param env variables to set on top of the cleaned environment
   */
  ExternalTool(Path dir, Map<String, String> env, Duration timeout) {
    this.dir = dir;
    this.timeout = timeout;
    this.env = new HashMap<>(env);
  }

  /** Skips the caller (or fails it when {@value #REQUIRE_TOOLS}=1) unless every command is on the PATH. */
  static void require(String... commands) {
    List<String> missing = Arrays.stream(commands).filter(c -> !onPath(c)).toList();
    if (missing.isEmpty()) {
      return;
    }
    String message = "not installed: " + String.join(", ", missing);
    if ("1".equals(System.getenv(REQUIRE_TOOLS))) {
      fail(message + " (and " + REQUIRE_TOOLS + "=1)");
    }
    Assumptions.abort(message + " (set " + REQUIRE_TOOLS + "=1 to fail instead)");
  }

  static boolean installed(String... commands) {
    return Arrays.stream(commands).allMatch(ExternalTool::onPath);
  }

  static boolean onPath(String command) {
    String path = System.getenv().getOrDefault("PATH", "");
    return Arrays.stream(path.split(File.pathSeparator)).filter(p -> !p.isEmpty())
        .map(p -> Path.of(p, command)).anyMatch(p -> Files.isRegularFile(p) && Files.isExecutable(p));
  }

  Result run(String... command) {
    return run(Arrays.asList(command));
  }

  Result run(List<String> command) {
    int n = RUNS.incrementAndGet();
    Path out = dir.resolve(".run-" + n + ".out");
    Path err = dir.resolve(".run-" + n + ".err");
    ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile())
        .redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
    Map<String, String> environment = builder.environment();
    environment.keySet().removeIf(k -> k.startsWith("AWS_") || k.startsWith("RCLONE_")
        || k.toLowerCase().endsWith("_proxy") || k.startsWith("S3ISH_"));
    environment.put("HOME", dir.resolve("home").toString());
    environment.put("XDG_CONFIG_HOME", dir.resolve("home/.config").toString());
    environment.put("XDG_CACHE_HOME", dir.resolve("home/.cache").toString());
    environment.putAll(env);
    Process process;
    try {
      Files.createDirectories(dir.resolve("home"));
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start " + command, e);
    }
    try {
      process.getOutputStream().close(); // no tool here may wait for input
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        stop(process);
        fail("still running after " + timeout + ": " + new Result(command, -1, read(out), read(err)));
      }
      return new Result(command, process.exitValue(), read(out), read(err));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted running " + command, e);
    } finally {
      stop(process);
    }
  }

  /** Runs and asserts exit code 0, returning the result for further checks. */
  Result ok(String... command) {
    Result r = run(command);
    if (r.exit() != 0) {
      fail("expected exit 0: " + r);
    }
    return r;
  }

  private static void stop(Process process) {
    process.descendants().forEach(ProcessHandle::destroyForcibly);
    if (process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  static List<String> list(String... parts) {
    return new ArrayList<>(Arrays.asList(parts));
  }
}
