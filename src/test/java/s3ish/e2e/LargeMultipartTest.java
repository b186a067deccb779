package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import s3ish.cli.ServerProcess;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * A large multipart upload with the server at a small heap. CI runs 16 parts of 8 MiB;
 * {@code -Ds3ish.largeMultipartParts=512 -Ds3ish.largeMultipartPartMiB=10} is the 5 GiB run recorded in
 * docs/PERFORMANCE.md ({@code -Ds3ish.largeObjectServerOpts=...} adds server JVM options, e.g. GC logging).
 */
class LargeMultipartTest {
  private static final long MIB = 1024 * 1024;

  @Test
  void aLargeMultipartUploadStreamsThroughASmallHeap(@TempDir Path dir) throws Exception {
    int parts = Integer.getInteger("s3ish.largeMultipartParts", 16);
    int partSize = (int) (Integer.getInteger("s3ish.largeMultipartPartMiB", 8) * MIB);
    long size = (long) parts * partSize;
    Files.writeString(dir.resolve("creds.txt"), TestServer.ACCESS_KEY + ":" + TestServer.SECRET_KEY + "\n");
    List<String> jvm = new ArrayList<>(List.of("-Xmx256m", "-XX:MaxDirectMemorySize=" + (size / MIB + 512) + "m"));
    String extra = System.getProperty("s3ish.largeObjectServerOpts", "").trim();
    if (!extra.isEmpty()) {
      jvm.addAll(List.of(extra.split("\\s+")));
    }
    try (ServerProcess server = ServerProcess.builder().name("large-multipart").workDir(dir)
        .jvmArgs(jvm.toArray(String[]::new)).args("-l", "127.0.0.1:0", "-a", "creds.txt").start()) {
      URI endpoint = URI.create("http://127.0.0.1:" + server.awaitReady(Duration.ofSeconds(60)).port());
      try (S3Client s3 = TestServer.client(endpoint, TestServer.ACCESS_KEY, TestServer.SECRET_KEY)) {
        s3.createBucket(b -> b.bucket("large"));
        String uploadId = s3.createMultipartUpload(b -> b.bucket("large").key("big.bin")).uploadId();
        MessageDigest sent = MessageDigest.getInstance("SHA-256");
        List<CompletedPart> completed = new ArrayList<>();
        byte[] buffer = new byte[partSize];
        try (InputStream pattern = new LargeObjectTest.PatternStream(size, 11)) {
          for (int n = 1; n <= parts; n++) {
            int partNumber = n;
            pattern.readNBytes(buffer, 0, partSize);
            sent.update(buffer);
            String etag = s3.uploadPart(b -> b.bucket("large").key("big.bin").uploadId(uploadId).partNumber(partNumber),
                RequestBody.fromBytes(buffer)).eTag();
            completed.add(CompletedPart.builder().partNumber(partNumber).eTag(etag).build());
          }
        }
        String etag = s3.completeMultipartUpload(b -> b.bucket("large").key("big.bin").uploadId(uploadId)
            .multipartUpload(m -> m.parts(completed))).eTag();
        assertEquals(true, etag.endsWith("-" + parts + "\""), etag);
        String received;
        try (InputStream in = s3.getObject(b -> b.bucket("large").key("big.bin"))) {
          received = S3TestSupport.sha256Hex(in);
        }
        assertEquals(HexFormat.of().formatHex(sent.digest()), received);
      }
    }
  }
}
