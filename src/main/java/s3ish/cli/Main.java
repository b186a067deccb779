package s3ish.cli;

import io.vertx.core.json.JsonObject;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import s3ish.bench.BenchCommand;
import s3ish.bus.Role;
import s3ish.config.ConfigException;
import s3ish.config.ConfigLoader;
import s3ish.config.Setting;
import s3ish.config.VerticlesPlan;
import s3ish.observability.BufferedStderrAppender;
import s3ish.observability.LogSettings;

/**
 * The {@code s3ish} command: resolves flags, config file, environment and verticles.json, then starts a
 * {@link Node} and prints one ready line on stdout. Exit codes: 0 after a requested stop (SIGTERM/SIGINT),
 * 1 when start-up fails, 2 for bad flags or configuration (one line on stderr naming the flag or key).
 * Subcommands: {@code presign} ({@link PresignCommand}), {@code bench} ({@link BenchCommand}),
 * {@code heal} ({@link HealCommand}).
 */
@Command(name = "s3ish", mixinStandardHelpOptions = true, versionProvider = Version.Provider.class,
    sortOptions = false, usageHelpWidth = 110,
    description = "S3-compatible object store: HTTP, auth and storage roles on a Vert.x event bus.")
public final class Main implements Callable<Integer> {
  static final int EXIT_OK = 0;
  static final int EXIT_FAILED = 1;
  static final int EXIT_USAGE = 2;
  static final Path DEFAULT_CONFIG = Path.of("conf/config.toml");
  static final Path DEFAULT_VERTICLES = Path.of("verticles.json");
  static final Path DEFAULT_CLUSTER = Path.of("cluster.xml");
  /** How long the shutdown hook waits beyond the grace period for the rest of the close. */
  private static final long CLOSE_MARGIN_SECS = 15;

  @Option(names = {"-l", "--listen"}, paramLabel = "HOST:PORT",
      description = "Address to listen on (e.g. 0.0.0.0:9000, 127.0.0.1:9000, [::1]:9000; port 0: any free port)")
  String listen;

  // null: the roles of verticles.json (shipped: HTTP and gRPC); a named protocol is served alone
  @Option(names = {"-p", "--protocol"}, paramLabel = "PROTOCOL",
      description = "Serve only this protocol: http or grpc (default: the roles of verticles.json, shipped: "
          + "both; --listen sets the address of http, or of grpc with -p grpc)")
  String protocol;

  // null default so that an explicitly named file must exist while the default may be absent
  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file (default: conf/config.toml, optional)")
  Path config;

  @Option(names = {"-a", "--auth-file"}, paramLabel = "FILE", description = "Credentials file, access:secret per line")
  String authFile;

  @Option(names = "--cluster", description = "Join the Hazelcast cluster of --cluster-config")
  boolean cluster;

  @Option(names = "--cluster-config", paramLabel = "FILE", defaultValue = "cluster.xml",
      description = "Hazelcast XML used with --cluster (default: ${DEFAULT-VALUE})")
  Path clusterConfig;

  @Option(names = "--verticles", paramLabel = "FILE",
      description = "Roles and instances to deploy (default: verticles.json; absent: http once, auth and storage per event loop)")
  Path verticles;

  @Spec CommandLine.Model.CommandSpec spec;

  /** A validated start-up request. {@code clusterConfig} is null for a standalone node. */
  public record Startup(JsonObject settings, VerticlesPlan plan, Path clusterConfig, String version) {}

  /** Runs a node from a start-up request; tests substitute one that only records the request. */
  @FunctionalInterface
  interface Runner {
    int run(Startup startup, PrintWriter out, PrintWriter err);
  }

  private final Map<String, String> env;
  private final Runner runner;

  public Main() {
    this(System.getenv(), Main::runNode);
  }

  Main(Map<String, String> env, Runner runner) {
    this.env = env;
    this.runner = runner;
  }

  public static void main(String[] args) {
    System.exit(commandLine(new Main()).execute(args));
  }

  /** A picocli command line with s3ish's one-line error reporting. */
  static CommandLine commandLine(Main main) {
    return commandLine(main, Clock.systemUTC());
  }

  /** As {@link #commandLine(Main)}; {@code clock} dates what {@code s3ish presign} signs. */
  static CommandLine commandLine(Main main, Clock clock) {
    CommandLine commandLine = new CommandLine(main);
    commandLine.addSubcommand(new PresignCommand(main.env, clock));
    commandLine.addSubcommand(new BenchCommand(main.env));
    commandLine.addSubcommand(new HealCommand(main.env));
    commandLine.setParameterExceptionHandler((e, args) -> {
      e.getCommandLine().getErr().println("s3ish: " + oneLine(e.getMessage()) + " (try --help)");
      return EXIT_USAGE;
    });
    commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
      cl.getErr().println("s3ish: " + oneLine(Node.DeploymentException.describe(e)));
      return EXIT_FAILED;
    });
    return commandLine;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    if (protocol != null && !protocol.equals("http") && !protocol.equals("grpc")) {
      err.println("s3ish: --protocol: expected http or grpc, got '" + protocol + "' (try --help)");
      return EXIT_USAGE;
    }
    Startup startup;
    try {
      startup = resolve();
      logSettings(startup.settings()).apply();
    } catch (ConfigException e) {
      err.println("s3ish: " + oneLine(e.getMessage()));
      return EXIT_USAGE;
    }
    return runner.run(startup, spec.commandLine().getOut(), err);
  }

  private Startup resolve() {
    Map<Setting, ConfigLoader.Flag> flags = new EnumMap<>(Setting.class);
    boolean grpc = "grpc".equals(protocol);
    if (listen != null) {
      flags.put(grpc ? Setting.GRPC_LISTEN_ADDR : Setting.LISTEN_ADDR, new ConfigLoader.Flag("--listen", listen));
    }
    if (authFile != null) {
      flags.put(Setting.AUTH_FILE, new ConfigLoader.Flag("--auth-file", authFile));
    }
    JsonObject settings = ConfigLoader.load(
        config != null ? config : DEFAULT_CONFIG, config != null, env, flags);
    VerticlesPlan plan = VerticlesPlan.load(verticles != null ? verticles : DEFAULT_VERTICLES, verticles != null)
        .withoutOverrides(flags.keySet().stream().map(Setting::key).toList());
    if (protocol != null) {
      plan = plan.servingOnly(grpc ? Role.GRPC : Role.HTTP);
    }
    return new Startup(settings, plan, cluster ? clusterConfig : null, Version.current());
  }

  /** LOG_FORMAT and LOG_LEVEL from the environment, filters from the {@code log} setting or else RUST_LOG. */
  LogSettings logSettings(JsonObject settings) {
    String filters = Setting.LOG.string(settings);
    return LogSettings.parse(env.get("LOG_FORMAT"), env.get("LOG_LEVEL"),
        filters.isBlank() ? env.get("RUST_LOG") : filters);
  }

  /** Starts the node, prints the ready line, and blocks until a signal (or JVM shutdown) has closed it. */
  static int runNode(Startup startup, PrintWriter out, PrintWriter err) {
    Node node;
    try {
      node = Node.start(startup.settings(), startup.plan(), startup.clusterConfig()).await();
    } catch (ConfigException e) {
      BufferedStderrAppender.flushAll();
      err.println("s3ish: " + oneLine(e.getMessage()));
      return EXIT_USAGE;
    } catch (RuntimeException e) {
      BufferedStderrAppender.flushAll();
      err.println("s3ish: start-up failed: " + oneLine(Node.DeploymentException.describe(e)));
      return EXIT_FAILED;
    }
    Signals.onTerminate(node::close);
    // covers exits that are not our signals (System.exit elsewhere, -Xrs); a no-op once the node is closed
    Runtime.getRuntime().addShutdownHook(new Thread(() -> awaitClose(node), "s3ish-shutdown"));
    out.println(node.readyLine(startup.version()));
    out.flush();
    node.whenClosed().await();
    return EXIT_OK;
  }

  private static void awaitClose(Node node) {
    try {
      node.close().await(Setting.SHUTDOWN_GRACE_SECS.intValue(node.settings()) + CLOSE_MARGIN_SECS, TimeUnit.SECONDS);
    } catch (TimeoutException | RuntimeException e) {
      // the JVM is going down anyway; nothing left to report to
    }
    BufferedStderrAppender.flushAll();
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
