package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Slowloris: many connections each dripping a request head a byte at a time (so no idle timeout ever fires)
 * while a normal SDK client works. Every slow connection is closed by the server once the head timeout passes,
 * and the normal client is served throughout. Bounded: 200 connections, a 2 s head timeout, 30 s at most.
 */
class SlowlorisTest {
  private static final int SLOW_CONNECTIONS = 200;
  private static final String HEAD = "GET /slow-bucket/slow-key HTTP/1.1\r\nHost: 127.0.0.1\r\n"
      + "x-access-key: demo\r\nx-secret-key: demo-secret\r\nx-padding: " + "p".repeat(4000) + "\r\n\r\n";

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void dripFedConnectionsAreClosedAndANormalClientIsServedMeanwhile() throws Exception {
    try (TestServer server = TestServer.start(new JsonObject()
            .put(Setting.HTTP_HEADER_TIMEOUT_SECS.key(), 2)
            .put(Setting.HTTP_IDLE_TIMEOUT_SECS.key(), 60));
        S3Client s3 = server.client()) {
      ExecutorService pool = Executors.newFixedThreadPool(SLOW_CONNECTIONS);
      try {
        List<Future<String>> slow = new ArrayList<>();
        for (int i = 0; i < SLOW_CONNECTIONS; i++) {
          slow.add(pool.submit(() -> drip(server.port())));
        }
        // Served while the slow connections are open and dripping.
        s3.createBucket(b -> b.bucket("normal"));
        for (int i = 0; i < 20; i++) {
          String key = "k" + i;
          byte[] data = S3TestSupport.randomBytes(10_000, i);
          s3.putObject(b -> b.bucket("normal").key(key), RequestBody.fromBytes(data));
          assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket("normal").key(key)).asByteArray());
        }
        for (Future<String> outcome : slow) {
          assertEquals("closed by the server", outcome.get());
        }
      } finally {
        pool.shutdownNow();
      }
      // ...and still served once they are gone.
      assertEquals(20, s3.listObjectsV2(b -> b.bucket("normal")).keyCount());
    }
  }

  /**
   * Each response starts a new head timeout on its connection: requests 1.2 s apart are all served across three
   * times the original 2 s (so the first deadline did not stand), and a head dripped after the last response is
   * cut off. The pauses are the client's behaviour under test, not waits for the server.
   */
  @Test
  @Timeout(value = 60, unit = TimeUnit.SECONDS)
  void aKeptAliveConnectionGetsAFreshHeadTimeoutAfterEachResponse() throws Exception {
    try (TestServer server = TestServer.start(new JsonObject()
            .put(Setting.HTTP_HEADER_TIMEOUT_SECS.key(), 2)
            .put(Setting.HTTP_IDLE_TIMEOUT_SECS.key(), 60));
        Socket socket = new Socket("127.0.0.1", server.port())) {
      byte[] listBuckets = ("GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nx-access-key: demo\r\n"
          + "x-secret-key: demo-secret\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      long start = System.nanoTime();
      for (int i = 0; i < 6; i++) {
        socket.getOutputStream().write(listBuckets);
        assertTrue(readResponse(socket.getInputStream()).startsWith("HTTP/1.1 200"), "request " + i);
        Thread.sleep(1200);
      }
      assertTrue(System.nanoTime() - start > TimeUnit.SECONDS.toNanos(6));
      assertEquals("closed by the server", drip(socket));
    }
  }

  /** One response's status line and headers, its Content-Length body read and dropped. */
  private static String readResponse(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("connection closed after: " + head);
      }
      head.append((char) b);
    }
    long length = 0;
    for (String line : head.toString().split("\r\n")) {
      if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
        length = Long.parseLong(line.substring(15).trim());
      }
    }
    in.readNBytes(Math.toIntExact(length));
    return head.toString();
  }

  /**
   * Opens a connection and sends the head one byte at a time, far slower than the head timeout allows in total;
   * returns how it ended. Each byte resets any idle timer, so only the head timeout can close it.
   */
  private static String drip(int port) throws IOException, InterruptedException {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return drip(socket);
    }
  }

  private static String drip(Socket socket) throws IOException, InterruptedException {
    OutputStream out = socket.getOutputStream();
    InputStream in = socket.getInputStream();
    for (byte b : HEAD.getBytes(StandardCharsets.US_ASCII)) {
      try {
        out.write(b);
        out.flush();
      } catch (SocketException closed) {
        return "closed by the server";
      }
      if (in.available() > 0 || socketClosed(socket)) {
        return "closed by the server";
      }
      Thread.sleep(50); // the drip: 4 KiB at 20 bytes/s would take minutes
    }
    return "the whole head got through";
  }

  /** Whether the server closed the connection: a read sees end of stream at once. */
  private static boolean socketClosed(Socket socket) throws IOException {
    socket.setSoTimeout(1);
    try {
      return socket.getInputStream().read() < 0;
    } catch (java.net.SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }
}
