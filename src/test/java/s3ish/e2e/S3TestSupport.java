package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.function.Executable;
import s3ish.TestServer;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Shared helpers of the end-to-end tests: raw HTTP with the seed's header auth, payloads, error checks. */
final class S3TestSupport {
  private static final AtomicInteger BUCKETS = new AtomicInteger();
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private S3TestSupport() {}

  /** A fresh valid bucket name per call, so tests in one class do not see each other's data. */
  static String bucketName(String hint) {
    return (hint + "-" + BUCKETS.incrementAndGet() + "-" + Long.toHexString(System.nanoTime())).toLowerCase();
  }

  static byte[] randomBytes(int size, long seed) {
    byte[] data = new byte[size];
    new Random(seed).nextBytes(data);
    return data;
  }

  static String md5Hex(byte[] data) {
    return HexFormat.of().formatHex(digest("MD5", data));
  }

  static String sha256Hex(byte[] data) {
    return HexFormat.of().formatHex(digest("SHA-256", data));
  }

  static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  static String sha256Hex(InputStream in) throws IOException {
    try {
      MessageDigest md = MessageDigest.getInstance("SHA-256");
      byte[] buf = new byte[1 << 16];
      int n;
      while ((n = in.read(buf)) > 0) {
        md.update(buf, 0, n);
      }
      return HexFormat.of().formatHex(md.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Asserts the SDK call fails with this HTTP status and S3 error code. */
  static S3Exception assertS3Error(int status, String code, Executable call) {
    S3Exception e = assertThrows(S3Exception.class, call);
    assertEquals(status, e.statusCode(), () -> "status of " + e.getMessage());
    if (code != null) {
      assertEquals(code, e.awsErrorDetails().errorCode(), () -> "code of " + e.getMessage());
    }
    return e;
  }

  /** A request builder carrying the seed's header credentials. */
  static HttpRequest.Builder seedRequest(TestServer server, String pathAndQuery) {
    return HttpRequest.newBuilder(URI.create(server.endpoint() + pathAndQuery))
        .header("x-access-key", TestServer.ACCESS_KEY)
        .header("x-secret-key", TestServer.SECRET_KEY);
  }

  static HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
