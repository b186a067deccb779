package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import s3ish.TestServer;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.async.AsyncRequestBody;
import software.amazon.awssdk.core.async.AsyncResponseTransformer;
import software.amazon.awssdk.http.async.SdkAsyncHttpClient;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3AsyncClient;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.transfer.s3.S3TransferManager;
import software.amazon.awssdk.transfer.s3.model.CompletedFileDownload;
import software.amazon.awssdk.transfer.s3.model.CompletedFileUpload;

/**
 * The SDK v2 async client on its Netty HTTP client, and the S3 Transfer Manager, with the SDK's default
 * settings: no checksum opt-outs, so uploads arrive as aws-chunked bodies with a CRC trailer, as a user's
 * unmodified client sends them. The SDK's netty-nio-client is built for Netty 4.1; here it runs on the
 * Netty 4.2 that the Vert.x BOM pins for the server (see docs/QUICK_START_S3.md, "SDK for Java v2").
 */
class S3AsyncClientTest {
  private static final long MIB = 1024 * 1024;
  private static final Duration CALL = Duration.ofSeconds(30);

  static TestServer server;
  static SdkAsyncHttpClient http;
  static S3AsyncClient s3;

  @BeforeAll
  static void start() {
    server = TestServer.start();
    http = NettyNioAsyncHttpClient.builder().build();
    s3 = defaultAsyncClient().build();
  }

  @AfterAll
  static void stop() {
    s3.close();
    http.close();
    server.close();
  }

  /** Everything at the SDK's default except what pointing at a local node needs. */
  private static software.amazon.awssdk.services.s3.S3AsyncClientBuilder defaultAsyncClient() {
    return S3AsyncClient.builder()
        .endpointOverride(server.endpoint())
        .region(Region.US_EAST_1)
        .forcePathStyle(true)
        .credentialsProvider(StaticCredentialsProvider.create(
            AwsBasicCredentials.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY)))
        .httpClient(http);
  }

  private static <T> T await(java.util.concurrent.CompletableFuture<T> call) throws Exception {
    return call.get(CALL.toMillis(), TimeUnit.MILLISECONDS);
  }

  @Test
  void theNettyAsyncClientCreatesListsAndDeletesABucket() throws Exception {
    String bucket = S3TestSupport.bucketName("async-bucket");
    await(s3.createBucket(b -> b.bucket(bucket)));
    await(s3.headBucket(b -> b.bucket(bucket)));
    assertTrue(await(s3.listBuckets()).buckets().stream().map(Bucket::name).anyMatch(bucket::equals));
    await(s3.deleteBucket(b -> b.bucket(bucket)));
  }

  @Test
  void theNettyAsyncClientPutsAndGetsAnObjectWithDefaultChecksums() throws Exception {
    String bucket = S3TestSupport.bucketName("async-object");
    await(s3.createBucket(b -> b.bucket(bucket)));
    byte[] data = S3TestSupport.randomBytes(3 * 1024 * 1024 + 17, 11);

    // default settings: aws-chunked body, signed chunks, x-amz-checksum-crc32 in the trailer
    await(s3.putObject(b -> b.bucket(bucket).key("dir/object.bin"), AsyncRequestBody.fromBytes(data)));

    HeadObjectResponse head = await(s3.headObject(b -> b.bucket(bucket).key("dir/object.bin")));
    assertEquals(data.length, head.contentLength());
    assertEquals("\"" + S3TestSupport.md5Hex(data) + "\"", head.eTag());
    ResponseBytes<GetObjectResponse> got = await(
        s3.getObject(b -> b.bucket(bucket).key("dir/object.bin"), AsyncResponseTransformer.toBytes()));
    assertArrayEquals(data, got.asByteArray());
    // the Content-Encoding: aws-chunked of the upload is transport only, never stored
    assertEquals(null, got.response().contentEncoding());

    await(s3.deleteObject(b -> b.bucket(bucket).key("dir/object.bin")));
    await(s3.deleteBucket(b -> b.bucket(bucket)));
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void theTransferManagerUploadsAndDownloads100MiB(@TempDir Path dir) throws Exception {
    long size = 100 * MIB;
    Path source = dir.resolve("source.bin");
    String sent = writePattern(source, size);
    String bucket = S3TestSupport.bucketName("transfer");
    await(s3.createBucket(b -> b.bucket(bucket)));

    // Everything at the default, multipart and checksums included.
    try (S3AsyncClient client = defaultAsyncClient().build();
        S3TransferManager tm = S3TransferManager.builder().s3Client(client).build()) {
      CompletedFileUpload up = tm.uploadFile(u -> u.source(source)
          .putObjectRequest(p -> p.bucket(bucket).key("big/100MiB.bin"))).completionFuture()
          .get(3, TimeUnit.MINUTES);
      assertTrue(up.response().eTag() != null && !up.response().eTag().isEmpty(), "ETag of the upload");

      Path target = dir.resolve("target.bin");
      CompletedFileDownload down = tm.downloadFile(d -> d.destination(target)
          .getObjectRequest(g -> g.bucket(bucket).key("big/100MiB.bin"))).completionFuture()
          .get(3, TimeUnit.MINUTES);
      assertEquals(size, down.response().contentLength());
      assertEquals(size, Files.size(target));
      try (InputStream in = Files.newInputStream(target)) {
        assertEquals(sent, S3TestSupport.sha256Hex(in));
      }
    }
    await(s3.deleteObject(b -> b.bucket(bucket).key("big/100MiB.bin")));
    await(s3.deleteBucket(b -> b.bucket(bucket)));
  }

  /** Writes {@code size} pseudo-random bytes to {@code file} and returns their SHA-256. */
  private static String writePattern(Path file, long size) throws IOException {
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new LargeObjectTest.PatternStream(size, 42);
          OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
        in.transferTo(out);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
