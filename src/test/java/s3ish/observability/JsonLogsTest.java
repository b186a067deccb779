package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * A node with {@code LOG_FORMAT=json} and {@code S3ISH_LOG=s3ish.storage=debug}: every stderr line is a JSON
 * object; each request has one access-log line with its fields; the storage role's lines carry the request id
 * the client saw; no secret or signature is logged.
 */
@Timeout(120)
class JsonLogsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration WAIT = Duration.ofSeconds(30);

  @Test
  void accessLogFieldsAndTheRequestIdOnStorageLines(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    try (ServerProcess node = ServerProcess.builder().name("json-logs").workDir(dir).jvmArgs("-Xmx128m")
        .env("LOG_FORMAT", "json").env("S3ISH_LOG", "s3ish.storage=debug")
        .args("-p", "http", "-l", "127.0.0.1:0", "-a", "creds.txt").start()) {
      URI endpoint = URI.create("http://127.0.0.1:" + node.awaitReady(Duration.ofSeconds(60)).port());
      String requestId;
      try (S3Client s3 = TestServer.client(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        s3.createBucket(b -> b.bucket("logs"));
        requestId = s3.putObject(b -> b.bucket("logs").key("a/b.txt"), RequestBody.fromString("hello, logs"))
            .responseMetadata().requestId();
      }

      JsonNode access = json(node.awaitStderr(isJsonWith(j -> "s3ish.access".equals(j.path("loggerName").asText())
          && requestId.equals(kvp(j).get("request_id"))), WAIT));
      Map<String, String> fields = kvp(access);
      assertEquals("INFO", access.path("level").asText());
      assertEquals("PUT", fields.get("method"));
      assertEquals("/logs/a/b.txt", fields.get("path"));
      assertEquals("PutObject", fields.get("operation"));
      assertEquals("200", fields.get("status"));
      assertEquals(TestServer.ACCESS_KEY, fields.get("access_key"));
      assertTrue(Long.parseLong(fields.get("bytes_in")) >= "hello, logs".length(), fields.toString());
      assertTrue(Double.parseDouble(fields.get("duration_ms")) >= 0, fields.toString());
      assertEquals(requestId, access.path("mdc").path("requestId").asText());

      JsonNode storage = json(node.awaitStderr(isJsonWith(j -> j.path("loggerName").asText().startsWith("s3ish.storage")
          && requestId.equals(j.path("mdc").path("requestId").asText())), WAIT));
      assertEquals("DEBUG", storage.path("level").asText());

      // a presigned URL's signature is in its query, which the access log leaves out
      String presignedId;
      try (S3Presigner presigner = S3Presigner.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
          .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
          .credentialsProvider(StaticCredentialsProvider.create(
              AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY))).build()) {
        URI url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofMinutes(5))
            .getObjectRequest(g -> g.bucket("logs").key("a/b.txt"))).url().toURI();
        HttpResponse<String> got = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
            HttpResponse.BodyHandlers.ofString());
        assertEquals(200, got.statusCode());
        presignedId = got.headers().firstValue("x-amz-request-id").orElseThrow();
      }
      JsonNode presignedLine = json(node.awaitStderr(isJsonWith(j -> presignedId.equals(kvp(j).get("request_id"))), WAIT));
      assertEquals("/logs/a/b.txt", kvp(presignedLine).get("path"));

      for (String line : node.stderr()) {
        assertTrue(line.startsWith("{") && JSON.readTree(line).isObject(), "not a JSON log line: " + line);
        assertFalse(line.contains(TestServer.SECRET_KEY), line);
        assertFalse(line.contains("Signature"), line);
      }
    }
  }

  private static Predicate<String> isJsonWith(Predicate<JsonNode> test) {
    return line -> {
      try {
        return line.startsWith("{") && test.test(JSON.readTree(line));
      } catch (Exception notJson) {
        return false;
      }
    };
  }

  private static JsonNode json(String line) throws Exception {
    return JSON.readTree(line);
  }

  /** Logback's JsonEncoder writes key-value pairs as a list of one-entry objects. */
  private static Map<String, String> kvp(JsonNode event) {
    Map<String, String> map = new HashMap<>();
    JsonNode list = event.path("kvpList");
    if (list.isArray()) {
      list.forEach(entry -> entry.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText())));
    } else if (list.isObject()) {
      list.fields().forEachRemaining(f -> map.put(f.getKey(), f.getValue().asText()));
    }
    return map;
  }
}
