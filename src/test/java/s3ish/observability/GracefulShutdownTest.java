package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import software.amazon.awssdk.services.s3.S3Client;

/** SIGTERM while a 100 MiB upload is in flight: the upload completes, new work is refused, the node exits 0. */
@Timeout(180)
class GracefulShutdownTest {
  private static final long SIZE = 100L << 20;
  private static final int BLOCK = 1 << 20;

  @Test
  void uploadInFlightAtSigtermCompletesThenTheNodeExitsZero(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    try (ServerProcess node = ServerProcess.builder().name("drain").workDir(dir)
        .jvmArgs("-Xmx256m", "-XX:MaxDirectMemorySize=512m")
        .env("S3ISH_LOG", "s3ish.storage=debug")
        .args("-p", "http", "-l", "127.0.0.1:0", "-a", "creds.txt").start()) {
      int port = node.awaitReady(Duration.ofSeconds(60)).port();
      URI endpoint = URI.create("http://127.0.0.1:" + port);
      try (S3Client s3 = TestServer.client(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        s3.createBucket(b -> b.bucket("drain"));
      }
      MessageDigest md5 = MessageDigest.getInstance("MD5");
      try (Socket socket = new Socket("127.0.0.1", port)) {
        OutputStream out = socket.getOutputStream();
        out.write(("PUT /drain/big.bin HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\n"
            + "x-access-key: " + TestServer.ACCESS_KEY + "\r\nx-secret-key: " + TestServer.SECRET_KEY + "\r\n"
            + "Content-Length: " + SIZE + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        long sent = write(out, md5, 0, 8 * BLOCK);
        // storage opened the upload stream: the request is authenticated and its body is flowing
        node.awaitStderr(line -> line.contains("object.put OK"), Duration.ofSeconds(30));

        node.terminate();
        node.awaitStderr(line -> line.contains("SIGTERM received"), Duration.ofSeconds(30));
        assertNotServingNewRequests(endpoint);

        write(out, md5, sent, SIZE);
        Map<String, String> response = readResponseHead(socket);
        assertEquals("HTTP/1.1 200 OK", response.get(":status"), response.toString());
        assertEquals("\"" + HexFormat.of().formatHex(md5.digest()) + "\"", response.get("etag"));
      }
      node.awaitStderr(line -> line.contains("PUT /drain/big.bin 200 PutObject in=" + SIZE), Duration.ofSeconds(30));
      assertEquals(0, node.awaitExit(Duration.ofSeconds(60)), node.output());
    }
  }

  /** Draining: a new connection is refused, or if it still got in, /_ready answers 503. */
  private static void assertNotServingNewRequests(URI endpoint) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    try {
      HttpResponse<String> ready = client.send(HttpRequest.newBuilder(endpoint.resolve("/_ready"))
          .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(503, ready.statusCode(), ready.body());
    } catch (ConnectException refused) {
      // the listener is closed: what a draining node should do
    } catch (IOException closed) {
      // accepted while closing and then closed: no request was served
    }
  }

  /** Writes bytes {@code from..to} of a deterministic body, feeding the digest; returns {@code to}. */
  private static long write(OutputStream out, MessageDigest md5, long from, long to) throws IOException {
    byte[] block = new byte[BLOCK];
    for (long offset = from; offset < to; offset += BLOCK) {
      for (int i = 0; i < BLOCK; i++) {
        block[i] = (byte) ((offset + i) * 31 >>> 3);
      }
      int n = (int) Math.min(BLOCK, to - offset);
      out.write(block, 0, n);
      md5.update(block, 0, n);
    }
    out.flush();
    return to;
  }

  private static Map<String, String> readResponseHead(Socket socket) throws IOException {
    BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.ISO_8859_1));
    Map<String, String> head = new TreeMap<>();
    head.put(":status", in.readLine());
    for (String line; (line = in.readLine()) != null && !line.isEmpty(); ) {
      int colon = line.indexOf(':');
      head.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
    }
    return head;
  }
}
