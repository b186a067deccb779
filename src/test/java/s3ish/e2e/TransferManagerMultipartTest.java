package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

/**
 * The S3 Transfer Manager on the async client with multipart on: 256 MiB go up as parallel 8 MiB parts
 * (aws-chunked with CRC trailers, the SDK default) and come back down, byte for byte.
 */
class TransferManagerMultipartTest {
  private static final long MIB = 1024 * 1024;

  @Test
  @Timeout(value = 8, unit = TimeUnit.MINUTES)
  void uploadsAndDownloads256MiBInParallelParts(@TempDir Path dir) throws Exception {
    long size = 256 * MIB;
    Path source = dir.resolve("source.bin");
    String sent = writePattern(source, size);
    try (TestServer server = TestServer.start();
        SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(8).build();
        S3AsyncClient s3 = S3AsyncClient.builder()
            .endpointOverride(server.endpoint())
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(StaticCredentialsProvider.create(
                AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY)))
            .httpClient(http)
            .multipartEnabled(true)
            .multipartConfiguration(m -> m.minimumPartSizeInBytes(8 * MIB).thresholdInBytes(8 * MIB))
            .build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(s3).build()) {
      String bucket = S3TestSupport.bucketName("tm-multipart");
      s3.createBucket(b -> b.bucket(bucket)).get(30, TimeUnit.SECONDS);

      CompletedFileUpload up = tm.uploadFile(u -> u.source(source)
          .putObjectRequest(p -> p.bucket(bucket).key("big/256MiB.bin"))).completionFuture()
          .get(4, TimeUnit.MINUTES);
      // 256 MiB / 8 MiB: a multipart ETag names its 32 parts
      assertTrue(up.response().eTag().endsWith("-32\""), up.response().eTag());

      Path target = dir.resolve("target.bin");
      CompletedFileDownload down = tm.downloadFile(d -> d.destination(target)
          .getObjectRequest(g -> g.bucket(bucket).key("big/256MiB.bin"))).completionFuture()
          .get(4, TimeUnit.MINUTES);
      assertEquals(size, Files.size(target));
      try (InputStream in = Files.newInputStream(target)) {
        assertEquals(sent, S3TestSupport.sha256Hex(in));
      }
      assertEquals(32, s3.headObject(b -> b.bucket(bucket).key("big/256MiB.bin")).get(30, TimeUnit.SECONDS)
          .partsCount());
    }
  }

  /** Writes {@code size} pseudo-random bytes to {@code file} and returns their SHA-256. */
  private static String writePattern(Path file, long size) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    try (InputStream in = new LargeObjectTest.PatternStream(size, 256);
        OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
      in.transferTo(out);
    }
    return HexFormat.of().formatHex(sha.digest());
  }
}
