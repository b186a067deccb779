package s3ish.bench;

import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonArray;
import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code s3ish bench}: an S3 load generator for any endpoint (SigV4, UNSIGNED-PAYLOAD, path style). Prints a
 * progress line on stderr once a second and the result on stdout (a table, or JSON with {@code --json}). Exit 0
 * when at least one operation succeeded, 1 when none did or set-up failed, 2 for bad arguments.
 */
@Command(name = "bench", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = "Load an S3 endpoint and report ops/s, MiB/s and latency percentiles per operation.")
public final class BenchCommand implements Callable<Integer> {
  private static final int EXIT_OK = 0;
  private static final int EXIT_FAILED = 1;
  private static final int EXIT_USAGE = 2;
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*([KMG]i?B?|B)?", Pattern.CASE_INSENSITIVE);

  @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:9000",
      description = "Base URL of the S3 endpoint, http://host:port (default: ${DEFAULT-VALUE})")
  String endpoint;

  @Option(names = "--access-key", paramLabel = "KEY",
      description = "Access key (default: $AWS_ACCESS_KEY_ID, else demo)")
  String accessKey;

  @Option(names = "--secret-key", paramLabel = "SECRET",
      description = "Secret key (default: $AWS_SECRET_ACCESS_KEY, else demo-secret)")
  String secretKey;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1",
      description = "Region of the SigV4 scope (default: ${DEFAULT-VALUE})")
  String region;

  @Option(names = "--bucket", paramLabel = "NAME", defaultValue = "s3ish-bench",
      description = "Bucket to use; created unless --no-create-bucket (default: ${DEFAULT-VALUE})")
  String bucket;

  @Option(names = "--op", paramLabel = "OP", defaultValue = "put",
      description = "put, get, stat, list, delete, or mixed (see --mix) (default: ${DEFAULT-VALUE})")
  String op;

  @Option(names = "--mix", paramLabel = "OP=W,...", defaultValue = "get=70,put=30",
      description = "Weights of the operations of --op mixed (default: ${DEFAULT-VALUE})")
  String mix;

  @Option(names = {"-c", "--concurrency"}, paramLabel = "N", defaultValue = "8", split = ",",
      description = "Connections, each with one request in flight (default: ${DEFAULT-VALUE}); several levels run "
          + "one after the other in this JVM (warm), the key space filled once, and --json prints an array")
  List<Integer> concurrency;

  @Option(names = {"-s", "--size"}, paramLabel = "BYTES", defaultValue = "4KiB",
      description = "Object size: bytes or with KiB/MiB/GiB (default: ${DEFAULT-VALUE})")
  String size;

  @Option(names = {"-d", "--duration"}, paramLabel = "SECONDS", defaultValue = "10",
      description = "Measured seconds, after the warm-up (default: ${DEFAULT-VALUE}); ignored with --count")
  int duration;

  @Option(names = "--warmup", paramLabel = "SECONDS", defaultValue = "1",
      description = "Seconds run first and not reported (default: ${DEFAULT-VALUE})")
  int warmup;

  @Option(names = {"-n", "--count"}, paramLabel = "N", defaultValue = "0",
      description = "Stop after N operations instead of after --duration (default: unbounded)")
  long count;

  @Option(names = "--keys", paramLabel = "N", defaultValue = "1000",
      description = "Size of the key space (default: ${DEFAULT-VALUE})")
  int keys;

  @Option(names = "--prefix", paramLabel = "PREFIX", defaultValue = "bench/",
      description = "Key prefix, also the prefix listed by list (default: ${DEFAULT-VALUE})")
  String prefix;

  @Option(names = "--distribution", paramLabel = "DIST", defaultValue = "uniform",
      description = "Key popularity: uniform or zipf (default: ${DEFAULT-VALUE})")
  String distribution;

  @Option(names = "--zipf-exponent", paramLabel = "S", defaultValue = "0.99",
      description = "Exponent of the Zipf distribution (default: ${DEFAULT-VALUE})")
  double zipfExponent;

  @Option(names = "--list-max-keys", paramLabel = "N", defaultValue = "1000",
      description = "max-keys of each list request (default: ${DEFAULT-VALUE})")
  int listMaxKeys;

  @Option(names = "--prepare", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Put every key once before reads (get, stat, list, delete) are measured (default: on)")
  boolean prepare;

  @Option(names = "--create-bucket", negatable = true, defaultValue = "true", fallbackValue = "true",
      description = "Create the bucket first (default: on); off for plain HTTP servers such as nginx")
  boolean createBucket;

  @Option(names = "--json", description = "Print the result as JSON")
  boolean json;

  @Option(names = "--quiet", description = "No progress lines on stderr")
  boolean quiet;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;

  public BenchCommand(Map<String, String> env) {
    this.env = env;
  }

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    List<BenchPlan> plans = new ArrayList<>();
    try {
      BenchPlan first = plan(concurrency.get(0), prepare);
      plans.add(first);
      // the key space is filled once, before the first level
      concurrency.stream().skip(1).forEach(c -> plans.add(plan(c, false)));
    } catch (IllegalArgumentException e) {
      err.println("s3ish bench: " + e.getMessage());
      return EXIT_USAGE;
    }
    int maxConcurrency = concurrency.stream().mapToInt(Integer::intValue).max().orElse(1);
    Vertx vertx = Vertx.vertx(new VertxOptions()
        .setEventLoopPoolSize(Math.min(maxConcurrency, Runtime.getRuntime().availableProcessors())));
    List<LoadGenerator.Result> results = new ArrayList<>();
    try {
      for (BenchPlan plan : plans) {
        results.add(new LoadGenerator(vertx, plan, err).run());
      }
    } catch (RuntimeException e) {
      err.println("s3ish bench: " + (e instanceof LoadGenerator.RequestFailed ? e.getMessage() : e.toString()));
      return EXIT_FAILED;
    } finally {
      vertx.close().await();
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      JsonArray all = new JsonArray(results.stream().map(BenchReport::json).toList());
      out.println(results.size() == 1 ? all.getJsonObject(0).encodePrettily() : all.encodePrettily());
    } else {
      results.forEach(r -> out.print(BenchReport.text(r)));
    }
    out.flush();
    boolean anySucceeded = results.stream().flatMap(r -> r.operations().stream())
        .anyMatch(s -> s.total().getTotalCount() > 0);
    return anySucceeded ? EXIT_OK : EXIT_FAILED;
  }

  private BenchPlan plan(int concurrency, boolean prepare) {
    OperationMix operations = op.equalsIgnoreCase("mixed") ? OperationMix.parse(mix) : OperationMix.of(Operation.parse(op));
    if (concurrency < 1 || concurrency > 4096) {
      throw new IllegalArgumentException("--concurrency: expected 1 to 4096, got " + concurrency);
    }
    if (duration < 1 && count <= 0) {
      throw new IllegalArgumentException("--duration: expected at least 1 second, got " + duration);
    }
    if (warmup < 0 || count < 0 || listMaxKeys < 1 || listMaxKeys > 1000) {
      throw new IllegalArgumentException("--warmup and --count must not be negative, --list-max-keys 1 to 1000");
    }
    KeySpace keySpace = new KeySpace(prefix, keys, distribution(), zipfExponent);
    String access = accessKey != null ? accessKey : env.getOrDefault("AWS_ACCESS_KEY_ID", "demo");
    String secret = secretKey != null ? secretKey : env.getOrDefault("AWS_SECRET_ACCESS_KEY", "demo-secret");
    return new BenchPlan(endpoint(), access, secret, region, bucket, operations, keySpace, parseSize(size),
        concurrency, duration, count, warmup, prepare, createBucket, listMaxKeys, !quiet);
  }

  private KeySpace.Distribution distribution() {
    try {
      return KeySpace.Distribution.valueOf(distribution.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--distribution: expected uniform or zipf, got '" + distribution + "'");
    }
  }

  private URI endpoint() {
    try {
      URI uri = new URI(endpoint);
      if ("http".equals(uri.getScheme()) && uri.getHost() != null
          && (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))) {
        return URI.create("http://" + uri.getRawAuthority());
      }
    } catch (URISyntaxException e) {
      // reported below
    }
    throw new IllegalArgumentException("--endpoint: expected http://host[:port], got '" + endpoint + "'");
  }

  /** {@code 4096}, {@code 4KiB}, {@code 4k}, {@code 1MiB}, {@code 64M}, {@code 1GiB}: binary units. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip());
    if (!m.matches()) {
      throw new IllegalArgumentException("--size: expected bytes or a number with KiB, MiB or GiB, got '" + text + "'");
    }
    long value = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "B" : m.group(2).toUpperCase(Locale.ROOT);
    int shift = switch (unit.charAt(0)) {
      case 'K' -> 10;
      case 'M' -> 20;
      case 'G' -> 30;
      default -> 0;
    };
    return value << shift;
  }
}
