package s3ish.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An s3ish node in its own JVM ({@code java <s3ish.javaOpts> <jvmArgs> -cp <test classpath> s3ish.cli.Main
 * <args>}), for tests that need separate processes (a cluster) or the real exit codes. Output is kept in
 * bounded buffers; {@link #awaitReady} waits for the ready line and fails fast with that output if the
 * process exits first. {@link #close()} stops it with SIGTERM, then forcibly after a grace period.
 *
 * <pre>
 * try (ServerProcess node = ServerProcess.builder().name("b").workDir(dir)
 *     .jvmArgs("-Xmx256m").args("--cluster", "--verticles", "storage.json").start()) {
 *   node.awaitReady(Duration.ofSeconds(60));
 *   ...
 * }
 * </pre>
 */
public final class ServerProcess implements AutoCloseable {
  /** The launcher's ready line; see {@link Node#readyLine(String)}. */
  public static final Pattern READY =
      Pattern.compile("^s3ish (\\S+) ready: (?:(?:http|grpc)://(\\S+):(\\d+) )?roles=(\\S+)$");
  private static final int KEPT_LINES = 400;
  private static final Duration STOP_GRACE = Duration.ofSeconds(20);
  // processes still alive when the test JVM exits (a test that forgot close(), or a crash) die with it
  private static final Set<Process> LIVE = ConcurrentHashMap.newKeySet();

  static {
    Runtime.getRuntime().addShutdownHook(new Thread(() -> LIVE.forEach(Process::destroyForcibly)));
  }

  /** What the ready line said. {@code host} and {@code port} are null / -1 for a node without HTTP. */
  public record Ready(String version, String host, int port, List<String> roles) {}

  private final String name;
  private final Process process;
  private final Lines stdout = new Lines();
  private final Lines stderr = new Lines();
  private final CompletableFuture<Ready> ready = new CompletableFuture<>();
  private final boolean echo;

  private ServerProcess(String name, Process process, boolean echo) {
    this.name = name;
    this.process = process;
    this.echo = echo;
    LIVE.add(process);
    pump(process.getInputStream(), stdout, "out");
    pump(process.getErrorStream(), stderr, "err");
  }

  public static Builder builder() {
    return new Builder();
  }

  public static final class Builder {
    private String name = "s3ish";
    private Path workDir = Path.of(".");
    private final List<String> jvmArgs = new ArrayList<>();
    private final List<String> args = new ArrayList<>();
    private boolean echo;

    /** A label for thread names, echoed lines and failure messages. */
    public Builder name(String name) {
      this.name = name;
      return this;
    }

    /** The node's working directory: relative paths (conf/config.toml, verticles.json) resolve here. */
    public Builder workDir(Path workDir) {
      this.workDir = workDir;
      return this;
    }

    /** Extra JVM options such as {@code -Xmx256m}, after the Hazelcast opens of {@code s3ish.javaOpts}. */
    public Builder jvmArgs(String... jvmArgs) {
      this.jvmArgs.addAll(Arrays.asList(jvmArgs));
      return this;
    }

    /** Arguments of the s3ish command. */
    public Builder args(String... args) {
      this.args.addAll(Arrays.asList(args));
      return this;
    }

    /** Also copy the node's output, prefixed with its name, to this JVM's stderr (for debugging a test). */
    public Builder echo(boolean echo) {
      this.echo = echo;
      return this;
    }

    public ServerProcess start() {
      List<String> command = new ArrayList<>();
      command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      String javaOpts = System.getProperty("s3ish.javaOpts", "").trim();
      if (!javaOpts.isEmpty()) {
        command.addAll(Arrays.asList(javaOpts.split("\\s+")));
      }
      command.addAll(jvmArgs);
      command.add("-cp");
      command.add(System.getProperty("java.class.path"));
      command.add(Main.class.getName());
      command.addAll(args);
      ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile());
      // the child must not pick up overrides meant for this JVM's own nodes
      builder.environment().keySet().removeIf(k -> k.startsWith("S3ISH_"));
      try {
        return new ServerProcess(name, builder.start(), echo);
      } catch (IOException e) {
        throw new UncheckedIOException("cannot start " + name + ": " + command, e);
      }
    }
  }

  private void pump(InputStream in, Lines lines, String stream) {
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          lines.add(line);
          if (echo) {
            System.err.println("[" + name + " " + stream + "] " + line);
          }
          Matcher m = READY.matcher(line);
          if (lines == stdout && m.matches()) {
            ready.complete(new Ready(m.group(1), m.group(2), m.group(3) == null ? -1 : Integer.parseInt(m.group(3)),
                List.of(m.group(4).split(","))));
          }
        }
      } catch (IOException e) {
        // the stream closes when the process dies: the exit is reported through onExit
      } finally {
        lines.close();
      }
    }, name + "-" + stream);
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Waits for the ready line. Fails with the process's output if it exits first or the time runs out.
   */
  public Ready awaitReady(Duration timeout) {
    CompletableFuture<Object> exited = process.onExit().thenApply(p -> p);
    try {
      Object first = CompletableFuture.anyOf(ready, exited).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
      if (first instanceof Ready r) {
        return r;
      }
      // the ready line may have been read just before the exit was seen
      if (ready.isDone()) {
        return ready.join();
      }
      awaitOutputDrained();
      throw new AssertionError(name + " exited with " + process.exitValue() + " before it was ready\n" + output());
    } catch (TimeoutException e) {
      throw new AssertionError(name + " not ready within " + timeout + "\n" + output());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    } catch (ExecutionException e) {
      throw new AssertionError(e.getCause());
    }
  }

  /** The port from the ready line (the one actually bound, also with port 0). */
  public int httpPort() {
    if (!ready.isDone()) {
      throw new IllegalStateException(name + " is not ready: call awaitReady first");
    }
    return ready.join().port();
  }

  /** Waits for the process to end by itself and returns its exit code; fails with its output on timeout. */
  public int awaitExit(Duration timeout) {
    try {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " still running after " + timeout + "\n" + output());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted waiting for " + name, e);
    }
    awaitOutputDrained();
    LIVE.remove(process);
    return process.exitValue();
  }

  /** Kills the process with SIGKILL (no shutdown hook, nothing flushed), as a crash would, and waits until it is gone. */
  public void kill() throws InterruptedException {
    process.destroyForcibly().waitFor();
  }

  public boolean isAlive() {
    return process.isAlive();
  }

  public long pid() {
    return process.pid();
  }

  /** The last lines written to stdout (the ready line; nothing else is expected there). */
  public List<String> stdout() {
    return stdout.snapshot();
  }

  /** The last lines written to stderr (logs and error lines). */
  public List<String> stderr() {
    return stderr.snapshot();
  }

  /** Both buffers, for failure messages. */
  public String output() {
    return "--- " + name + " stdout ---\n" + String.join("\n", stdout()) + "\n--- " + name + " stderr ---\n"
        + String.join("\n", stderr());
  }

  /** SIGTERM (the node drains and exits 0), then SIGKILL if it takes longer than the grace period. */
  @Override
  public void close() {
    try {
      if (process.isAlive()) {
        process.destroy();
        if (!process.waitFor(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS)) {
          process.destroyForcibly().waitFor();
        }
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    } finally {
      LIVE.remove(process);
    }
  }

  /** The exit code after {@link #close()} or {@link #awaitExit}. */
  public int exitCode() {
    return process.exitValue();
  }

  // The readers see EOF shortly after the exit; give them a moment so messages are complete.
  private void awaitOutputDrained() {
    stdout.awaitClosed();
    stderr.awaitClosed();
  }

  /** A bounded buffer of lines, marked closed when its stream ends. */
  private static final class Lines {
    private final Deque<String> lines = new ArrayDeque<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();

    synchronized void add(String line) {
      if (lines.size() == KEPT_LINES) {
        lines.removeFirst();
      }
      lines.addLast(line);
    }

    synchronized List<String> snapshot() {
      return List.copyOf(lines);
    }

    void close() {
      closed.complete(null);
    }

    void awaitClosed() {
      try {
        closed.get(5, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (ExecutionException | TimeoutException e) {
        // a grandchild holding the pipe open: report what we have
      }
    }
  }
}
