package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * PUTs of at most one chunk with a plain body that the client sends without waiting for 100 Continue (as
 * rclone, curl and most load generators do) travel to storage inside one request instead of a stream
 * ({@link TestServer#plainBodyClient}; MetricsScrapeTest sees them counted as such). Everything S3 promises for
 * a PUT must hold on this path too.
 */
class InlinePutTest {
  static final int CHUNK = 64 * 1024;
  static TestServer server;
  static S3Client s3;
  static String bucket;

  @BeforeAll
  static void start(TestInfo info) {
    server = TestServer.start(OnFileBackend.configFor(info).put(Setting.CHUNK_SIZE.key(), CHUNK));
    s3 = TestServer.plainBodyClient(server.endpoint(), TestServer.ACCESS_KEY, TestServer.SECRET_KEY);
    bucket = S3TestSupport.bucketName("inline");
    s3.createBucket(b -> b.bucket(bucket));
  }

  @AfterAll
  static void stop() {
    s3.close();
    server.close();
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 4096, CHUNK - 1, CHUNK, CHUNK + 1})
  void objectsUpToAChunkAndJustOverRoundTripWithTheirMd5AsEtag(int size) {
    byte[] body = S3TestSupport.randomBytes(size, size);
    String key = "sized-" + size;
    String etag = s3.putObject(b -> b.bucket(bucket).key(key).contentType("application/x-test")
        .metadata(java.util.Map.of("origin", "inline")), RequestBody.fromBytes(body)).eTag();
    assertEquals("\"" + S3TestSupport.md5Hex(body) + "\"", etag);
    var read = s3.getObjectAsBytes(b -> b.bucket(bucket).key(key));
    assertArrayEquals(body, read.asByteArray());
    assertEquals(etag, read.response().eTag());
    assertEquals("application/x-test", read.response().contentType());
    assertEquals("inline", read.response().metadata().get("origin"));
  }

  @Test
  void aBodyThatDoesNotMatchItsContentMd5IsBadDigestAndChangesNothing() {
    byte[] original = S3TestSupport.randomBytes(1000, 1);
    s3.putObject(b -> b.bucket(bucket).key("digest"), RequestBody.fromBytes(original));
    assertS3Error(400, "BadDigest", () -> s3.putObject(b -> b.bucket(bucket).key("digest")
        .contentMD5("1B2M2Y8AsgTpgAmY7PhCfg=="), RequestBody.fromBytes(new byte[1000])));
    assertArrayEquals(original, s3.getObjectAsBytes(b -> b.bucket(bucket).key("digest")).asByteArray());
  }

  @Test
  void ifNoneMatchStarRefusesToReplaceAnObject() {
    s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"), RequestBody.fromString("first"));
    assertS3Error(412, "PreconditionFailed", () -> s3.putObject(b -> b.bucket(bucket).key("once").ifNoneMatch("*"),
        RequestBody.fromString("second")));
    assertEquals("first", s3.getObjectAsBytes(b -> b.bucket(bucket).key("once")).asUtf8String());
  }

  @Test
  void aPutIntoAMissingBucketIsNoSuchBucketAndCreatesNothing() {
    String missing = S3TestSupport.bucketName("inline-missing");
    assertS3Error(404, "NoSuchBucket", () -> s3.putObject(b -> b.bucket(missing).key("k"),
        RequestBody.fromString("body")));
    assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(missing)));
  }
}
