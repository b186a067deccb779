package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Two nodes as separate processes joined through Hazelcast on loopback: node A deploys only http and auth,
 * node B only storage. An SDK client talks to A; the bytes live in B.
 */
class ClusterTest {
  private static final Duration START = Duration.ofSeconds(90);

  @Test
  void aProtocolNodeServesObjectsHeldByAStorageNode(@TempDir Path dir) throws Exception {
    writeClusterFiles(dir);
    try (ServerProcess storageNode = node(dir, "node-b", "storage.json");
         ServerProcess frontNode = node(dir, "node-a", "front.json", "-l", "127.0.0.1:0", "-a", "creds.txt")) {
      assertEquals(java.util.List.of("storage"), storageNode.awaitReady(START).roles());
      ServerProcess.Ready front = frontNode.awaitReady(START);
      assertEquals(java.util.List.of("auth", "http"), front.roles());
      URI endpoint = URI.create("http://127.0.0.1:" + front.port());
      awaitReady(endpoint);

      // Storage is not partitioned: a second storage node would split the data, so it refuses to start.
      try (ServerProcess second = node(dir, "node-c", "storage.json")) {
        assertEquals(1, second.awaitExit(START), second::output);
        assertTrue(second.output().contains("already serves the storage role"), second::output);
      }

      byte[] data = S3TestSupport.randomBytes(20 * 1024 * 1024, 42);
      try (S3Client s3 = clientWithoutRetries(endpoint)) {
        s3.createBucket(b -> b.bucket("clustered"));
        s3.putObject(b -> b.bucket("clustered").key("twenty-mib.bin"), RequestBody.fromBytes(data));
        byte[] back = s3.getObjectAsBytes(b -> b.bucket("clustered").key("twenty-mib.bin")).asByteArray();
        assertEquals(S3TestSupport.sha256Hex(data), S3TestSupport.sha256Hex(back));
        // A body of at most one chunk crosses the cluster inside the storage node's reply.
        byte[] small = java.util.Arrays.copyOf(data, 1000);
        s3.putObject(b -> b.bucket("clustered").key("small.bin"), RequestBody.fromBytes(small));
        assertArrayEquals(small, s3.getObjectAsBytes(b -> b.bucket("clustered").key("small.bin")).asByteArray());

        // Multipart state lives in the storage node too: three 5 MiB parts assembled through node A.
        String uploadId = s3.createMultipartUpload(b -> b.bucket("clustered").key("parts.bin")).uploadId();
        java.util.List<CompletedPart> parts = new java.util.ArrayList<>();
        for (int n = 1; n <= 3; n++) {
          int partNumber = n;
          byte[] part = java.util.Arrays.copyOfRange(data, (n - 1) * 5 * 1024 * 1024, n * 5 * 1024 * 1024);
          String etag = s3.uploadPart(b -> b.bucket("clustered").key("parts.bin").uploadId(uploadId)
              .partNumber(partNumber), RequestBody.fromBytes(part)).eTag();
          parts.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
        }
        s3.completeMultipartUpload(b -> b.bucket("clustered").key("parts.bin").uploadId(uploadId)
            .multipartUpload(m -> m.parts(parts)));
        byte[] assembled = s3.getObjectAsBytes(b -> b.bucket("clustered").key("parts.bin")).asByteArray();
        assertEquals(S3TestSupport.sha256Hex(java.util.Arrays.copyOf(data, 15 * 1024 * 1024)),
            S3TestSupport.sha256Hex(assembled));

        // Node A holds nothing: once node B is gone the object is unavailable, not missing.
        storageNode.close();
        assertEquals(0, storageNode.exitCode(), storageNode::output);
        assertS3Error(503, "ServiceUnavailable",
            () -> s3.getObjectAsBytes(b -> b.bucket("clustered").key("twenty-mib.bin")));
      }
    }
  }

  private static ServerProcess node(Path dir, String name, String verticles, String... extra) {
    String[] args = new String[4 + extra.length];
    args[0] = "--cluster";
    args[1] = "--cluster-config=cluster.xml";
    args[2] = "--verticles";
    args[3] = verticles;
    System.arraycopy(extra, 0, args, 4, extra.length);
    return ServerProcess.builder().name(name).workDir(dir).jvmArgs("-Xmx256m").args(args).start();
  }

  /** A cluster of its own: unique name and ports, so a developer's running cluster is never joined. */
  private static void writeClusterFiles(Path dir) throws IOException {
    int port = 16000 + ThreadLocalRandom.current().nextInt(2000) * 10;
    String shipped = Files.readString(Path.of("cluster.xml"));
    String isolated = shipped
        .replace("<cluster-name>s3ish</cluster-name>", "<cluster-name>s3ish-test-" + port + "</cluster-name>")
        .replace(">5701</port>", ">" + port + "</port>");
    Files.writeString(dir.resolve("cluster.xml"), isolated);
    Files.writeString(dir.resolve("storage.json"), "{\"storage\": {\"instances\": 1}}");
    Files.writeString(dir.resolve("front.json"), "{\"http\": {\"instances\": 1}, \"auth\": {\"instances\": 1}}");
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    // Short stream timeouts so a vanished node is noticed quickly.
    Files.createDirectories(dir.resolve("conf"));
    Files.writeString(dir.resolve("conf/config.toml"), "stream_idle_timeout_secs = 10\n");
  }

  /** Readiness of node A includes storage answering over the cluster; the probe is the event to wait for. */
  private static void awaitReady(URI endpoint) throws Exception {
    long deadline = System.nanoTime() + START.toNanos();
    HttpRequest probe = HttpRequest.newBuilder(endpoint.resolve("/_ready")).timeout(Duration.ofSeconds(5)).build();
    while (true) {
      HttpResponse<String> r = S3TestSupport.HTTP.send(probe, HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() == 200) {
        return;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("node A never became ready: " + r.statusCode() + " " + r.body());
      }
      Thread.onSpinWait();
    }
  }

  private static S3Client clientWithoutRetries(URI endpoint) {
    return TestServer.clientBuilder(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)
        .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
        .build();
  }
}
