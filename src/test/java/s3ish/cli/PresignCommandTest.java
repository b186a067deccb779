package s3ish.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.TestServer;
import s3ish.auth.AuthService;
import s3ish.auth.Credentials;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/** {@code s3ish presign}: the URL it prints is accepted as is, and bad arguments are one line with exit 2. */
class PresignCommandTest {
  private static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

  @TempDir Path dir;

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(Clock clock, Map<String, String> env, String... args) {
    var commandLine = Main.commandLine(new Main(env, (startup, o, e) -> 0), clock);
    commandLine.setOut(new PrintWriter(out, true));
    commandLine.setErr(new PrintWriter(err, true));
    return commandLine.execute(args);
  }

  private int run(String... args) {
    return run(Clock.fixed(NOW, ZoneOffset.UTC), Map.of(), args);
  }

  private static AuthService authAt(Instant now, Map<String, String> keys) {
    return new AuthService(Credentials.of(keys), Duration.ofMinutes(15), Clock.fixed(now, ZoneOffset.UTC));
  }

  /** What curl sends for the URL: its path and query as printed, Host from its authority. */
  private static Verify asCurlSendsIt(String method, URI url) {
    return new Verify(method, url.getRawPath(), url.getRawQuery(), List.of(new Header("Host", url.getRawAuthority())));
  }

  @Test
  void theUrlItPrintsIsAcceptedForItsMethodUntilItExpires() {
    assertEquals(0, run("presign", "--method", "put", "--expires", "600", "--endpoint", "http://localhost:9100",
        "--region", "eu-west-3", "--access-key", "ak", "--secret-key", "sk", "s3://bucket/dir/a key.txt"));
    URI url = URI.create(out.toString().strip());

    assertEquals("/bucket/dir/a%20key.txt", url.getRawPath());
    assertEquals(new Identity("ak", Method.PRESIGNED_V4, null, null),
        authAt(NOW.plusSeconds(600), Map.of("ak", "sk")).verify(asCurlSendsIt("PUT", url)));
    assertEquals(S3ErrorCode.ACCESS_DENIED, code(authAt(NOW.plusSeconds(601), Map.of("ak", "sk")),
        asCurlSendsIt("PUT", url)));
    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, code(authAt(NOW, Map.of("ak", "sk")), asCurlSendsIt("GET", url)));
  }

  @Test
  void withoutKeysItSignsWithTheFirstEntryOfTheConfiguredCredentialsFile() throws Exception {
    Path creds = Files.writeString(dir.resolve("creds.txt"), "# users\nfirst:first-secret\nsecond:second-secret\n");

    assertEquals(0, run(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("S3ISH_AUTH_FILE", creds.toString()),
        "presign", "s3://b/k"));
    URI url = URI.create(out.toString().strip());

    assertTrue(url.getRawQuery().contains("X-Amz-Credential=first%2F20261127%2Fus-east-1%2Fs3%2Faws4_request"), url.toString());
    assertTrue(url.getRawQuery().contains("X-Amz-Expires=3600"), url.toString());
    assertEquals("first", authAt(NOW, Map.of("first", "first-secret")).verify(asCurlSendsIt("GET", url)).accessKey());
  }

  @Test
  void anAccessKeyAloneTakesItsSecretFromTheFileGivenWithDashA() throws Exception {
    Path creds = Files.writeString(dir.resolve("creds.txt"), "first:first-secret\nsecond:second-secret\n");

    assertEquals(0, run("presign", "-a", creds.toString(), "--access-key", "second", "s3://b/k"));

    URI url = URI.create(out.toString().strip());
    assertEquals("second", authAt(NOW, Map.of("second", "second-secret")).verify(asCurlSendsIt("GET", url)).accessKey());
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "--method POST s3://b/k",
      "--expires 604801 s3://b/k",
      "--expires 0 s3://b/k",
      "--expires soon s3://b/k",
      "--endpoint ftp://host s3://b/k",
      "--endpoint http://host/path s3://b/k",
      "b/k",
      "s3:///k",
      "--secret-key s s3://b/k",
      "--access-key nobody s3://b/k",
      "-a /nonexistent/creds.txt s3://b/k",
      "--unknown s3://b/k",
      "",
  })
  void badArgumentsExitTwoWithOneLine(String args) throws Exception {
    Path creds = Files.writeString(dir.resolve("creds.txt"), "ak:sk\n");
    String[] split = ("presign " + args).strip().split(" +");

    assertEquals(2, run(Clock.fixed(NOW, ZoneOffset.UTC), Map.of("S3ISH_AUTH_FILE", creds.toString()), split),
        err::toString);
    assertEquals(1, err.toString().lines().count(), err::toString);
    assertTrue(err.toString().startsWith("s3ish"), err::toString);
    assertEquals("", out.toString());
  }

  @Test
  void curlStyleGetOfThePrintedUrlReturnsTheObject() throws Exception {
    try (TestServer server = TestServer.start(); S3Client s3 = server.client()) {
      s3.createBucket(b -> b.bucket("presign-cli"));
      s3.putObject(p -> p.bucket("presign-cli").key("hello world.txt"), RequestBody.fromString("Hello, World!"));

      assertEquals(0, run(Clock.systemUTC(), Map.of(), "presign", "--endpoint", server.endpoint().toString(),
          "--access-key", TestServer.ACCESS_KEY, "--secret-key", TestServer.SECRET_KEY, "s3://presign-cli/hello world.txt"));
      HttpResponse<String> r = HttpClient.newHttpClient().send(
          HttpRequest.newBuilder(URI.create(out.toString().strip())).GET().build(), HttpResponse.BodyHandlers.ofString());

      assertEquals(200, r.statusCode(), r.body());
      assertEquals("Hello, World!", r.body());
    }
  }

  private static S3ErrorCode code(AuthService auth, Verify v) {
    try {
      auth.verify(v);
      return null;
    } catch (S3Exception e) {
      return e.code();
    }
  }
}
