package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;
import s3ish.TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * aws-cli (v1 or v2, whichever {@code aws} is on the PATH), s3cmd and rclone, unmodified, against a node: the same bucket
 * lifecycle for each tool, one dynamic test per step so a report shows which step of which tool fails.
 * Steps build on each other (in order); the server's state after each is checked with the SDK, not with
 * the tool under test. Presigned URLs are fetched with curl. A missing tool skips its tests unless
 * {@code S3ISH_REQUIRE_TOOLS=1} (as in .ci/run), which makes it a failure.
 */
class RealToolsTest {
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(90);
  private static final int UPLOAD_SIZE = 17 * 1024 * 1024 + 123; // over every tool's multipart threshold
  private static final String KEY = "dir/upload.bin";

  @TempDir
  static Path work;
  static TestServer server;
  static S3Client s3;
  static Path upload;
  static String uploadSha;
  static Path syncSource;

  @BeforeAll
  static void start() throws IOException {
    server = TestServer.start();
    s3 = server.client();
    byte[] data = S3TestSupport.randomBytes(UPLOAD_SIZE, 5);
    upload = Files.write(work.resolve("upload.bin"), data);
    uploadSha = S3TestSupport.sha256Hex(data);
    // 20 files of different sizes, five of them one level down
    syncSource = work.resolve("sync-source");
    for (int i = 1; i <= 20; i++) {
      Path file = syncSource.resolve((i > 15 ? "sub/" : "") + "file" + i + ".txt");
      Files.createDirectories(file.getParent());
      Files.write(file, S3TestSupport.randomBytes(1000 * i + i, 100 + i));
    }
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @TestFactory
  Stream<DynamicTest> awsCli() {
    return ifInstalled(() -> new AwsCli(toolDir("aws")), "aws", "curl");
  }

  @TestFactory
  Stream<DynamicTest> s3cmd() {
    return ifInstalled(() -> new S3cmd(toolDir("s3cmd")), "s3cmd", "curl");
  }

  @TestFactory
  Stream<DynamicTest> rclone() {
    return ifInstalled(() -> new Rclone(toolDir("rclone")), "rclone", "curl");
  }

  interface DriverFactory {
    Driver create() throws IOException;
  }

  /** The lifecycle, or one step that is skipped (failed with S3ISH_REQUIRE_TOOLS=1) naming what is missing. */
  private Stream<DynamicTest> ifInstalled(DriverFactory driver, String... commands) {
    if (!ExternalTool.installed(commands)) {
      return Stream.of(DynamicTest.dynamicTest("installed: " + String.join(", ", commands),
          () -> ExternalTool.require(commands)));
    }
    try {
      return lifecycle(driver.create());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path toolDir(String name) throws IOException {
    return Files.createDirectories(work.resolve(name));
  }

  /** How one tool spells each step. Every method asserts the exit code (and the tool's own output). */
  interface Driver {
    String name();

    Path dir();

    ExternalTool tool();

    void makeBucket(String bucket);

    void upload(Path file, String bucket, String key);

    void download(String bucket, String key, Path file);

    /** The listing output of the "directory" {@code prefix} (ending in /). */
    String list(String bucket, String prefix);

    void syncUp(Path dir, String bucket, String prefix);

    void syncDown(String bucket, String prefix, Path dir);

    /** Ways this tool presigns a GET, by label, each giving a URL for (bucket, key). */
    Map<String, BiFunction<String, String, String>> presigners();

    void remove(String bucket, String key);

    void removeAll(String bucket);

    void removeBucket(String bucket);

    /** Tool-specific steps run after the presigned GETs, while the bucket still holds KEY. */
    default List<DynamicTest> extraSteps(String bucket) {
      return List.of();
    }
  }

  private Stream<DynamicTest> lifecycle(Driver d) {
    String bucket = S3TestSupport.bucketName(d.name());
    List<DynamicTest> steps = new ArrayList<>();
    steps.add(step(d, "make bucket", () -> {
      d.makeBucket(bucket);
      s3.headBucket(b -> b.bucket(bucket));
    }));
    steps.add(step(d, "cp up", () -> {
      d.upload(upload, bucket, KEY);
      var head = s3.headObject(b -> b.bucket(bucket).key(KEY));
      assertEquals(UPLOAD_SIZE, head.contentLength());
      if (!d.name().equals("rclone")) { // rclone's multipart cutoff is 200 MiB; aws-cli's 8 MiB, s3cmd's 15 MiB
        assertTrue(head.eTag().matches("\"[0-9a-f]{32}-\\d+\""), "multipart ETag: " + head.eTag());
      }
      try (InputStream in = s3.getObject(b -> b.bucket(bucket).key(KEY))) {
        assertEquals(uploadSha, S3TestSupport.sha256Hex(in), "sha256 of the stored object");
      }
    }));
    steps.add(step(d, "cp down", () -> {
      Path back = d.dir().resolve("download.bin");
      d.download(bucket, KEY, back);
      assertEquals(uploadSha, sha256(back), "sha256 of the downloaded file");
    }));
    steps.add(step(d, "ls with prefix", () -> {
      // a sibling under the prefix, and a key that shares the string prefix "dir" but not the directory
      s3.putObject(b -> b.bucket(bucket).key("dir/note.txt"), RequestBody.fromString("note"));
      s3.putObject(b -> b.bucket(bucket).key("dirt/other.txt"), RequestBody.fromString("other"));
      String out = d.list(bucket, "dir/");
      assertTrue(out.contains("upload.bin") && out.contains(String.valueOf(UPLOAD_SIZE)), out);
      assertTrue(out.contains("note.txt"), out);
      assertFalse(out.contains("other.txt"), out);
    }));
    steps.add(step(d, "sync up 20 files", () -> {
      d.syncUp(syncSource, bucket, "sync/");
      Map<String, Long> stored = s3.listObjectsV2Paginator(b -> b.bucket(bucket).prefix("sync/")).contents()
          .stream().collect(Collectors.toMap(o -> o.key().substring("sync/".length()), S3Object::size,
              (a, b) -> a, TreeMap::new));
      assertEquals(sizes(syncSource), stored);
    }));
    steps.add(step(d, "sync down 20 files", () -> {
      Path back = d.dir().resolve("sync-back");
      d.syncDown(bucket, "sync/", back);
      assertEquals(hashes(syncSource), hashes(back));
    }));
    d.presigners().forEach((label, presign) -> {
      Path fetched = d.dir().resolve("presigned-" + steps.size() + ".bin");
      steps.add(step(d, "presigned GET with curl: " + label, () -> {
        String url = presign.apply(bucket, KEY);
        assertTrue(url.startsWith(server.endpoint() + "/" + bucket + "/"), "a path-style URL: " + url);
        ExternalTool.Result r = d.tool().run("curl", "-sSf", "--max-time", "60", "-o", fetched.toString(), url);
        if (r.exit() != 0) {
          // -f hides the body: fetch again to show the server's error document
          ExternalTool.Result body = d.tool().run("curl", "-sS", "-i", "--max-time", "60", url);
          throw new AssertionError("curl exit " + r.exit() + " " + r.err().trim() + "\n" + body.out());
        }
        assertEquals(uploadSha, sha256(fetched), "sha256 of the presigned download");
      }));
    });
    steps.addAll(d.extraSteps(bucket));
    steps.add(step(d, "rm", () -> {
      d.remove(bucket, KEY);
      assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key(KEY)));
      d.removeAll(bucket);
      assertEquals(0, s3.listObjectsV2(b -> b.bucket(bucket)).keyCount(), "objects left after recursive rm");
    }));
    steps.add(step(d, "remove bucket", () -> {
      d.removeBucket(bucket);
      assertThrows(NoSuchBucketException.class, () -> s3.headBucket(b -> b.bucket(bucket)));
    }));
    return steps.stream();
  }

  /** A step; its name leads any failure message (Surefire's reports only number dynamic tests). */
  private static DynamicTest step(Driver d, String name, Executable body) {
    String title = d.name() + ": " + name;
    return DynamicTest.dynamicTest(title, () -> {
      try {
        body.execute();
      } catch (AssertionError e) {
        throw new AssertionError("[" + title + "] " + e.getMessage(), e);
      }
    });
  }

  // ---- aws-cli: v1 (pip) or v2 (Debian bookworm's awscli package is 2.9.19) ----

  static final class AwsCli implements Driver {
    private final Path dir;
    private final ExternalTool tool;
    private final String endpoint = server.endpoint().toString();
    private final String version;

    AwsCli(Path dir) throws IOException {
      this.dir = dir;
      // no retries: a step must succeed at its first attempt. Profile v4 presigns with SigV4.
      Path config = Files.writeString(dir.resolve("config"), """
          [default]
          region = us-east-1
          max_attempts = 1
          [profile v4]
          region = us-east-1
          max_attempts = 1
          s3 =
              signature_version = s3v4
          """);
      Path credentials = Files.writeString(dir.resolve("credentials"), """
          [default]
          aws_access_key_id = %1$s
          aws_secret_access_key = %2$s
          [v4]
          aws_access_key_id = %1$s
          aws_secret_access_key = %2$s
          """.formatted(TestServer.ACCESS_KEY, TestServer.SECRET_KEY));
      tool = new ExternalTool(dir, Map.of("AWS_CONFIG_FILE", config.toString(),
          "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_EC2_METADATA_DISABLED", "true",
          "AWS_PAGER", ""), PROCESS_TIMEOUT);
      ExternalTool.Result r = tool.ok("aws", "--version"); // "aws-cli/2.9.19 Python/..." (v1: maybe on stderr)
      Matcher m = Pattern.compile("aws-cli/(\\S+)").matcher(r.out() + r.err());
      assertTrue(m.find(), r::toString);
      version = m.group(1);
    }

    private ExternalTool.Result s3(String... args) {
      List<String> command = ExternalTool.list("aws", "--endpoint-url", endpoint, "s3");
      command.addAll(List.of(args));
      ExternalTool.Result r = tool.run(command);
      assertEquals(0, r.exit(), r::toString);
      return r;
    }

    @Override
    public String name() {
      return "aws-cli";
    }

    @Override
    public Path dir() {
      return dir;
    }

    @Override
    public ExternalTool tool() {
      return tool;
    }

    @Override
    public void makeBucket(String bucket) {
      assertTrue(s3("mb", "s3://" + bucket).out().contains("make_bucket: " + bucket));
    }

    @Override
    public void upload(Path file, String bucket, String key) {
      assertTrue(s3("cp", "--no-progress", file.toString(), "s3://" + bucket + "/" + key).out().contains("upload: "));
    }

    @Override
    public void download(String bucket, String key, Path file) {
      assertTrue(s3("cp", "--no-progress", "s3://" + bucket + "/" + key, file.toString()).out().contains("download: "));
    }

    @Override
    public String list(String bucket, String prefix) {
      return s3("ls", "s3://" + bucket + "/" + prefix).out();
    }

    @Override
    public void syncUp(Path local, String bucket, String prefix) {
      s3("sync", "--no-progress", local.toString(), "s3://" + bucket + "/" + prefix);
    }

    @Override
    public void syncDown(String bucket, String prefix, Path local) {
      s3("sync", "--no-progress", "s3://" + bucket + "/" + prefix, local.toString());
    }

    /**
     * aws-cli v1 presigns with SigV2 by default and with SigV4 when the profile says s3v4; v2 (Debian
     * bookworm's awscli package is 2.9) always presigns with SigV4.
     */
    @Override
    public Map<String, BiFunction<String, String, String>> presigners() {
      Map<String, BiFunction<String, String, String>> p = new LinkedHashMap<>();
      boolean v1 = version.startsWith("1.");
      p.put("aws s3 presign (aws-cli " + version + " default: " + (v1 ? "SigV2" : "SigV4") + " query)",
          (bucket, key) -> {
            String url = s3("presign", "s3://" + bucket + "/" + key, "--expires-in", "600").out().trim();
            assertTrue(v1 ? url.contains("AWSAccessKeyId=") && url.contains("Signature=")
                : url.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256"), url);
            return url;
          });
      if (v1) {
        p.put("aws s3 presign (aws-cli " + version + ", signature_version = s3v4: SigV4 query)", (bucket, key) -> {
          ExternalTool.Result r = tool.run("aws", "--profile", "v4", "--endpoint-url", endpoint, "s3", "presign",
              "s3://" + bucket + "/" + key, "--expires-in", "600");
          assertEquals(0, r.exit(), r::toString);
          String url = r.out().trim();
          assertTrue(url.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256") && url.contains("X-Amz-Signature="), url);
          return url;
        });
      }
      return p;
    }

    @Override
    public void remove(String bucket, String key) {
      assertTrue(s3("rm", "s3://" + bucket + "/" + key).out().contains("delete: "));
    }

    @Override
    public void removeAll(String bucket) {
      s3("rm", "--recursive", "s3://" + bucket + "/");
    }

    @Override
    public void removeBucket(String bucket) {
      assertTrue(s3("rb", "s3://" + bucket).out().contains("remove_bucket: " + bucket));
    }
  }

  // ---- s3cmd ----

  static final class S3cmd implements Driver {
    private final Path dir;
    private final Path config;
    private final ExternalTool tool;

    S3cmd(Path dir) throws IOException {
      this.dir = dir;
      String host = "127.0.0.1:" + server.port();
      // host_bucket without %(bucket)s: path-style requests. SigV4 by default; --signature-v2 per command.
      // (s3cmd 2.3.0 retries a failed request 5 times, 3 to 15 s apart; that is not configurable.)
      config = Files.writeString(dir.resolve("s3cfg"), """
          [default]
          access_key = %s
          secret_key = %s
          host_base = %s
          host_bucket = %s
          use_https = False
          signature_v2 = False
          bucket_location = us-east-1
          progress_meter = False
          """.formatted(TestServer.ACCESS_KEY, TestServer.SECRET_KEY, host, host));
      tool = new ExternalTool(dir, Map.of(), PROCESS_TIMEOUT);
    }

    private ExternalTool.Result s3cmd(String... args) {
      List<String> command = ExternalTool.list("s3cmd", "-c", config.toString());
      command.addAll(List.of(args));
      ExternalTool.Result r = tool.run(command);
      assertEquals(0, r.exit(), r::toString);
      return r;
    }

    @Override
    public String name() {
      return "s3cmd";
    }

    @Override
    public Path dir() {
      return dir;
    }

    @Override
    public ExternalTool tool() {
      return tool;
    }

    @Override
    public void makeBucket(String bucket) {
      assertTrue(s3cmd("mb", "s3://" + bucket).out().contains("Bucket 's3://" + bucket + "/' created"));
    }

    @Override
    public void upload(Path file, String bucket, String key) {
      assertTrue(s3cmd("put", file.toString(), "s3://" + bucket + "/" + key).out().contains("upload: "));
    }

    @Override
    public void download(String bucket, String key, Path file) {
      assertTrue(s3cmd("get", "s3://" + bucket + "/" + key, file.toString()).out().contains("download: "));
    }

    @Override
    public String list(String bucket, String prefix) {
      return s3cmd("ls", "s3://" + bucket + "/" + prefix).out();
    }

    @Override
    public void syncUp(Path local, String bucket, String prefix) {
      s3cmd("sync", local + "/", "s3://" + bucket + "/" + prefix);
    }

    @Override
    public void syncDown(String bucket, String prefix, Path local) {
      s3cmd("sync", "s3://" + bucket + "/" + prefix, local + "/");
    }

    @Override
    public Map<String, BiFunction<String, String, String>> presigners() {
      return Map.of("s3cmd signurl (SigV2 query)", (bucket, key) -> {
        String url = s3cmd("signurl", "s3://" + bucket + "/" + key, "+600").out().trim();
        assertTrue(url.contains("AWSAccessKeyId=") && url.contains("Signature="), url);
        return url;
      });
    }

    /** s3cmd can still sign headers the V2 way ({@code Authorization: AWS access:signature}). */
    @Override
    public List<DynamicTest> extraSteps(String bucket) {
      return List.of(step(this, "SigV2 header auth (--signature-v2): put, ls, get, del", () -> {
        String key = "s3://" + bucket + "/v2/upload.bin";
        s3cmd("--signature-v2", "put", upload.toString(), key);
        assertTrue(s3cmd("--signature-v2", "ls", "s3://" + bucket + "/v2/").out().contains(key));
        Path back = dir.resolve("v2-download.bin");
        s3cmd("--signature-v2", "get", key, back.toString());
        assertEquals(uploadSha, sha256(back));
        s3cmd("--signature-v2", "del", key);
        assertThrows(NoSuchKeyException.class, () -> s3.headObject(b -> b.bucket(bucket).key("v2/upload.bin")));
      }));
    }

    @Override
    public void remove(String bucket, String key) {
      assertTrue(s3cmd("del", "s3://" + bucket + "/" + key).out().contains("delete: "));
    }

    @Override
    public void removeAll(String bucket) {
      s3cmd("del", "--recursive", "--force", "s3://" + bucket + "/");
    }

    @Override
    public void removeBucket(String bucket) {
      assertTrue(s3cmd("rb", "s3://" + bucket).out().contains("Bucket 's3://" + bucket + "/' removed"));
    }
  }

  // ---- rclone ----

  static final class Rclone implements Driver {
    private final Path dir;
    private final ExternalTool tool;

    Rclone(Path dir) throws IOException {
      this.dir = dir;
      // the remote "s3ish" lives in environment variables; the config file stays empty
      Path config = Files.writeString(dir.resolve("rclone.conf"), "");
      Map<String, String> env = new TreeMap<>(Map.of(
          "RCLONE_CONFIG", config.toString(),
          "RCLONE_CONFIG_S3ISH_TYPE", "s3",
          "RCLONE_CONFIG_S3ISH_PROVIDER", "Other",
          "RCLONE_CONFIG_S3ISH_ENV_AUTH", "false",
          "RCLONE_CONFIG_S3ISH_ACCESS_KEY_ID", TestServer.ACCESS_KEY,
          "RCLONE_CONFIG_S3ISH_SECRET_ACCESS_KEY", TestServer.SECRET_KEY,
          "RCLONE_CONFIG_S3ISH_ENDPOINT", server.endpoint().toString(),
          "RCLONE_CONFIG_S3ISH_REGION", "us-east-1",
          "RCLONE_CONFIG_S3ISH_FORCE_PATH_STYLE", "true"));
      tool = new ExternalTool(dir, env, PROCESS_TIMEOUT);
    }

    private ExternalTool.Result rclone(String... args) {
      // no retries: a step must succeed at its first attempt
      List<String> command = ExternalTool.list("rclone", "--retries", "1", "--low-level-retries", "1");
      command.addAll(List.of(args));
      ExternalTool.Result r = tool.run(command);
      assertEquals(0, r.exit(), r::toString);
      return r;
    }

    @Override
    public String name() {
      return "rclone";
    }

    @Override
    public Path dir() {
      return dir;
    }

    @Override
    public ExternalTool tool() {
      return tool;
    }

    @Override
    public void makeBucket(String bucket) {
      rclone("mkdir", "s3ish:" + bucket);
    }

    @Override
    public void upload(Path file, String bucket, String key) {
      rclone("copyto", file.toString(), "s3ish:" + bucket + "/" + key);
    }

    @Override
    public void download(String bucket, String key, Path file) {
      rclone("copyto", "s3ish:" + bucket + "/" + key, file.toString());
    }

    @Override
    public String list(String bucket, String prefix) {
      return rclone("ls", "s3ish:" + bucket + "/" + prefix).out();
    }

    @Override
    public void syncUp(Path local, String bucket, String prefix) {
      rclone("sync", local.toString(), "s3ish:" + bucket + "/" + prefix);
    }

    @Override
    public void syncDown(String bucket, String prefix, Path local) {
      rclone("sync", "s3ish:" + bucket + "/" + prefix, local.toString());
    }

    @Override
    public Map<String, BiFunction<String, String, String>> presigners() {
      return Map.of("rclone link (SigV4 query)", (bucket, key) -> {
        String url = rclone("link", "--expire", "10m", "s3ish:" + bucket + "/" + key).out().trim();
        assertTrue(url.contains("X-Amz-Algorithm=AWS4-HMAC-SHA256") && url.contains("X-Amz-Signature="), url);
        return url;
      });
    }

    @Override
    public void remove(String bucket, String key) {
      rclone("deletefile", "s3ish:" + bucket + "/" + key);
    }

    @Override
    public void removeAll(String bucket) {
      rclone("delete", "s3ish:" + bucket);
    }

    @Override
    public void removeBucket(String bucket) {
      rclone("rmdir", "s3ish:" + bucket);
    }
  }

  // ---- local files ----

  static String sha256(Path file) {
    try (InputStream in = Files.newInputStream(file)) {
      return S3TestSupport.sha256Hex(in);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Relative path (with /) to size, for every regular file under root. */
  static Map<String, Long> sizes(Path root) throws IOException {
    return files(root, p -> {
      try {
        return Files.size(p);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    });
  }

  /** Relative path (with /) to SHA-256, for every regular file under root. */
  static Map<String, String> hashes(Path root) throws IOException {
    return files(root, RealToolsTest::sha256);
  }

  private static <T> Map<String, T> files(Path root, java.util.function.Function<Path, T> value)
      throws IOException {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).collect(Collectors.toMap(
          p -> root.relativize(p).toString().replace('\\', '/'), value, (a, b) -> a, TreeMap::new));
    }
  }
}
