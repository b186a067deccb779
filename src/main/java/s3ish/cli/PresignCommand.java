package s3ish.cli;

import java.io.PrintWriter;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import s3ish.auth.Credentials;
import s3ish.auth.Presigner;
import s3ish.config.ConfigException;
import s3ish.config.ConfigLoader;
import s3ish.config.Setting;

/**
 * {@code s3ish presign s3://bucket/key}: prints a SigV4 presigned URL (path style) that curl can use as is.
 * Credentials come from the flags, else from the credentials file ({@code -a}, else {@code auth_file} of the
 * configuration): the named access key, or the file's first entry. Exit 2 with one line for bad arguments.
 */
@Command(name = "presign", mixinStandardHelpOptions = true, sortOptions = false, usageHelpWidth = 110,
    description = "Print a presigned URL (SigV4, path style) for one request on s3://bucket/key.")
final class PresignCommand implements Callable<Integer> {
  private static final Set<String> METHODS = Set.of("GET", "HEAD", "PUT", "DELETE");
  static final long MAX_EXPIRES = 604_800;

  @Option(names = "--method", paramLabel = "METHOD", defaultValue = "GET",
      description = "GET, HEAD, PUT or DELETE (default: ${DEFAULT-VALUE}); the URL works for that method only")
  String method;

  @Option(names = "--expires", paramLabel = "SECONDS", defaultValue = "3600",
      description = "Lifetime in seconds, 1 to 604800 (default: ${DEFAULT-VALUE})")
  long expires;

  @Option(names = "--endpoint", paramLabel = "URL", defaultValue = "http://127.0.0.1:9000",
      description = "The node's base URL, as the URL's user will reach it (default: ${DEFAULT-VALUE})")
  String endpoint;

  @Option(names = "--region", paramLabel = "REGION", defaultValue = "us-east-1",
      description = "Region of the credential scope (default: ${DEFAULT-VALUE})")
  String region;

  @Option(names = "--access-key", paramLabel = "KEY",
      description = "Access key (default: the first entry of the credentials file)")
  String accessKey;

  @Option(names = "--secret-key", paramLabel = "SECRET",
      description = "Secret key (default: the access key's secret in the credentials file)")
  String secretKey;

  @Option(names = {"-a", "--auth-file"}, paramLabel = "FILE",
      description = "Credentials file, access:secret per line (default: auth_file of the configuration)")
  Path authFile;

  @Option(names = {"-c", "--config"}, paramLabel = "FILE",
      description = "Configuration file for auth_file (default: conf/config.toml, optional)")
  Path config;

  @Parameters(index = "0", paramLabel = "s3://BUCKET/KEY", description = "The object (or bucket) the URL is for")
  String target;

  @Spec CommandLine.Model.CommandSpec spec;

  private final Map<String, String> env;
  private final Clock clock;

  PresignCommand(Map<String, String> env, Clock clock) {
    this.env = env;
    this.clock = clock;
  }

  /** What a presigned URL is for, once the arguments are checked. */
  private record Request(String method, URI endpoint, String bucket, String key, String accessKey, String secret) {}

  @Override
  public Integer call() {
    PrintWriter err = spec.commandLine().getErr();
    Request request;
    try {
      request = resolve();
    } catch (UsageException | ConfigException | Credentials.InvalidCredentialsFileException e) {
      err.println("s3ish presign: " + Main.oneLine(e.getMessage()));
      return Main.EXIT_USAGE;
    }
    URI url = Presigner.presignV4(request.method(), request.endpoint(), request.bucket(), request.key(), region,
        request.accessKey(), request.secret(), clock.instant(), Duration.ofSeconds(expires));
    PrintWriter out = spec.commandLine().getOut();
    out.println(url);
    out.flush();
    return Main.EXIT_OK;
  }

  private Request resolve() {
    String m = method.toUpperCase(Locale.ROOT);
    if (!METHODS.contains(m)) {
      throw new UsageException("--method: expected GET, HEAD, PUT or DELETE, got '" + method + "'");
    }
    if (expires < 1 || expires > MAX_EXPIRES) {
      throw new UsageException("--expires: expected 1 to " + MAX_EXPIRES + " seconds (a week), got " + expires);
    }
    if (region.isBlank()) {
      throw new UsageException("--region: must not be empty");
    }
    URI base = endpoint();
    String[] bucketAndKey = bucketAndKey();
    String[] credentials = credentials();
    return new Request(m, base, bucketAndKey[0], bucketAndKey[1], credentials[0], credentials[1]);
  }

  private URI endpoint() {
    URI uri;
    try {
      uri = new URI(endpoint);
    } catch (URISyntaxException e) {
      throw new UsageException("--endpoint: not a URL: '" + endpoint + "'");
    }
    boolean httpScheme = "http".equals(uri.getScheme()) || "https".equals(uri.getScheme());
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    if (!httpScheme || uri.getHost() == null || !(path.isEmpty() || path.equals("/")) || uri.getRawQuery() != null
        || uri.getRawUserInfo() != null) {
      throw new UsageException("--endpoint: expected http(s)://host[:port], got '" + endpoint + "'");
    }
    return URI.create(uri.getScheme() + "://" + uri.getRawAuthority());
  }

  /** {@code s3://bucket/key}; the key is everything after the bucket's slash, as given (it may contain '/'). */
  private String[] bucketAndKey() {
    if (!target.startsWith("s3://")) {
      throw new UsageException("expected s3://bucket/key, got '" + target + "'");
    }
    String rest = target.substring("s3://".length());
    int slash = rest.indexOf('/');
    String bucket = slash < 0 ? rest : rest.substring(0, slash);
    String key = slash < 0 ? "" : rest.substring(slash + 1);
    if (bucket.isEmpty()) {
      throw new UsageException("expected s3://bucket/key, got '" + target + "' (no bucket)");
    }
    return new String[] {bucket, key};
  }

  /** Flags first; whatever they leave out comes from the credentials file. */
  private String[] credentials() {
    if (accessKey != null && secretKey != null) {
      return new String[] {accessKey, secretKey};
    }
    if (secretKey != null) {
      throw new UsageException("--secret-key needs --access-key");
    }
    Path file = authFile != null ? authFile : Path.of(Setting.AUTH_FILE.string(ConfigLoader.load(
        config != null ? config : Main.DEFAULT_CONFIG, config != null, env, Map.of())));
    Credentials credentials = Credentials.load(file);
    String access = accessKey != null ? accessKey : credentials.firstAccessKey()
        .orElseThrow(() -> new UsageException(file + ": no credentials in the file"));
    String secret = credentials.secret(access)
        .orElseThrow(() -> new UsageException(file + ": no access key '" + access + "'"));
    return new String[] {access, secret};
  }

  /** A bad argument, reported as one line with exit code 2. */
  private static final class UsageException extends RuntimeException {
    UsageException(String message) {
      super(message, null, false, false);
    }
  }
}
