package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.randomBytes;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.config.Setting;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * The file backend through the SDK v2 client: put/get/list/multipart/copy/delete, and everything still there
 * after the server is stopped and a new one starts on the same storage_root.
 */
class FileBackendTest {
  private static final int MIN_PART = 64 * 1024;

  private Path root;
  private TestServer server;
  private S3Client s3;

  @BeforeEach
  void start() throws IOException {
    root = Files.createTempDirectory("s3ish-file-root");
    restart();
  }

  @AfterEach
  void stop() throws IOException {
    shutdown();
    deleteTree(root);
  }

  static JsonObject fileConfig(Path root) {
    return new JsonObject()
        .put(Setting.STORAGE_BACKEND.key(), "file")
        .put(Setting.STORAGE_ROOT.key(), root.toString())
        .put(Setting.MULTIPART_MIN_PART_SIZE.key(), MIN_PART);
  }

  private void restart() {
    shutdown();
    server = TestServer.start(fileConfig(root));
    s3 = server.client();
  }

  private void shutdown() {
    if (s3 != null) {
      s3.close();
      server.close();
      s3 = null;
    }
  }

  @Test
  void objectsBucketsAndMetadataSurviveARestart() {
    s3.createBucket(b -> b.bucket("data"));
    s3.createBucket(b -> b.bucket("empty"));
    byte[] big = randomBytes(700_000, 1); // several chunks
    s3.putObject(b -> b.bucket("data").key("big").contentType("application/x-test").metadata(java.util.Map.of("who", "me")),
        RequestBody.fromBytes(big));
    s3.putObject(b -> b.bucket("data").key("zero"), RequestBody.empty());
    String etag = s3.headObject(b -> b.bucket("data").key("big")).eTag();

    restart();

    assertEquals(List.of("data", "empty"), s3.listBuckets().buckets().stream().map(b -> b.name()).toList());
    var got = s3.getObjectAsBytes(b -> b.bucket("data").key("big"));
    assertArrayEquals(big, got.asByteArray());
    assertEquals(etag, got.response().eTag());
    assertEquals("application/x-test", got.response().contentType());
    assertEquals("me", got.response().metadata().get("who"));
    assertEquals(0, s3.getObjectAsBytes(b -> b.bucket("data").key("zero")).asByteArray().length);
    byte[] range = s3.getObjectAsBytes(b -> b.bucket("data").key("big").range("bytes=100000-100099")).asByteArray();
    assertArrayEquals(java.util.Arrays.copyOfRange(big, 100_000, 100_100), range);
  }

  @Test
  void listingIsSortedAndPaginatedAfterARestart() {
    s3.createBucket(b -> b.bucket("list"));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      String key = (i % 2 == 0 ? "dir/" : "") + "k" + String.format("%02d", 24 - i);
      keys.add(key);
      s3.putObject(b -> b.bucket("list").key(key), RequestBody.fromString(key));
    }
    restart();
    List<String> listed = new ArrayList<>();
    s3.listObjectsV2Paginator(b -> b.bucket("list").maxKeys(4)).contents().forEach(o -> listed.add(o.key()));
    assertEquals(keys.stream().sorted().toList(), listed);
    var grouped = s3.listObjectsV2(b -> b.bucket("list").delimiter("/"));
    assertEquals(List.of("dir/"), grouped.commonPrefixes().stream().map(p -> p.prefix()).toList());
  }

  @Test
  void multipartUploadsSurviveARestartBeforeAndAfterComplete() {
    s3.createBucket(b -> b.bucket("mpu"));
    String id = s3.createMultipartUpload(b -> b.bucket("mpu").key("obj")).uploadId();
    byte[] p1 = randomBytes(MIN_PART + 10, 2);
    byte[] p2 = randomBytes(1000, 3);
    String e1 = s3.uploadPart(b -> b.bucket("mpu").key("obj").uploadId(id).partNumber(1), RequestBody.fromBytes(p1)).eTag();

    restart(); // an upload in progress keeps its parts

    assertEquals(List.of(1), s3.listParts(b -> b.bucket("mpu").key("obj").uploadId(id)).parts().stream()
        .map(p -> p.partNumber()).toList());
    String e2 = s3.uploadPart(b -> b.bucket("mpu").key("obj").uploadId(id).partNumber(2), RequestBody.fromBytes(p2)).eTag();
    s3.completeMultipartUpload(b -> b.bucket("mpu").key("obj").uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build())));

    restart();

    byte[] both = new byte[p1.length + p2.length];
    System.arraycopy(p1, 0, both, 0, p1.length);
    System.arraycopy(p2, 0, both, p1.length, p2.length);
    assertArrayEquals(both, s3.getObjectAsBytes(b -> b.bucket("mpu").key("obj")).asByteArray());
    assertArrayEquals(p2, s3.getObjectAsBytes(b -> b.bucket("mpu").key("obj").partNumber(2)).asByteArray());
    assertTrue(s3.listMultipartUploads(b -> b.bucket("mpu")).uploads().isEmpty());
    assertS3Error(404, "NoSuchUpload", () -> s3.listParts(b -> b.bucket("mpu").key("obj").uploadId(id)));
  }

  @Test
  void copiesShareBlobsAndOutliveTheirSource() throws IOException {
    s3.createBucket(b -> b.bucket("cpy"));
    byte[] data = randomBytes(300_000, 4);
    s3.putObject(b -> b.bucket("cpy").key("src"), RequestBody.fromBytes(data));
    s3.copyObject(b -> b.sourceBucket("cpy").sourceKey("src").destinationBucket("cpy").destinationKey("dst"));
    String id = s3.createMultipartUpload(b -> b.bucket("cpy").key("mp")).uploadId();
    String e1 = s3.uploadPartCopy(b -> b.sourceBucket("cpy").sourceKey("src").copySourceRange("bytes=0-99999")
        .destinationBucket("cpy").destinationKey("mp").uploadId(id).partNumber(1)).copyPartResult().eTag();
    assertEquals("\"" + S3TestSupport.md5Hex(java.util.Arrays.copyOf(data, 100_000)) + "\"", e1);
    s3.completeMultipartUpload(b -> b.bucket("cpy").key("mp").uploadId(id).multipartUpload(m -> m.parts(
        CompletedPart.builder().partNumber(1).eTag(e1).build())));
    assertEquals(1, blobCount(), "copy and part copy share the source's blob");

    s3.deleteObject(b -> b.bucket("cpy").key("src"));
    restart();

    assertArrayEquals(data, s3.getObjectAsBytes(b -> b.bucket("cpy").key("dst")).asByteArray());
    assertArrayEquals(java.util.Arrays.copyOf(data, 100_000),
        s3.getObjectAsBytes(b -> b.bucket("cpy").key("mp")).asByteArray());
    s3.deleteObject(b -> b.bucket("cpy").key("dst"));
    s3.deleteObject(b -> b.bucket("cpy").key("mp"));
    restart(); // the blob may be deleted asynchronously; start-up removes it at the latest
    assertEquals(0, blobCount());
  }

  @Test
  void deletesAndOverwritesArePersistentToo() throws IOException {
    s3.createBucket(b -> b.bucket("del"));
    s3.putObject(b -> b.bucket("del").key("a"), RequestBody.fromString("one"));
    s3.putObject(b -> b.bucket("del").key("a"), RequestBody.fromString("two"));
    s3.putObject(b -> b.bucket("del").key("b"), RequestBody.fromString("bee"));
    s3.deleteObject(b -> b.bucket("del").key("b"));
    s3.createBucket(b -> b.bucket("gone"));
    s3.deleteBucket(b -> b.bucket("gone"));
    restart();
    assertEquals("two", s3.getObjectAsBytes(b -> b.bucket("del").key("a")).asUtf8String());
    assertS3Error(404, "NoSuchKey", () -> s3.getObject(b -> b.bucket("del").key("b")));
    assertS3Error(404, "NoSuchBucket", () -> s3.headBucket(b -> b.bucket("gone")));
    assertEquals(List.of("a"), s3.listObjectsV2(b -> b.bucket("del")).contents().stream().map(S3Object::key).toList());
    assertEquals(1, blobCount(), "the overwritten and deleted versions' blobs are gone");
  }

  @Test
  void leftoversOfAnInterruptedRunAreCleanedAtStartup() throws IOException {
    s3.createBucket(b -> b.bucket("left"));
    s3.putObject(b -> b.bucket("left").key("kept"), RequestBody.fromString("kept"));
    shutdown();
    // What a crash can leave: a half-written blob, a sealed blob nobody refers to, a metadata temp file.
    Files.writeString(root.resolve("blobs/incoming/00aa"), "half");
    Files.createDirectories(root.resolve("blobs/ab"));
    Files.writeString(root.resolve("blobs/ab/abcdef"), "orphan");
    Files.writeString(root.resolve("buckets/x.json.tmp-1"), "{");
    restart();
    assertEquals("kept", s3.getObjectAsBytes(b -> b.bucket("left").key("kept")).asUtf8String());
    assertTrue(Files.notExists(root.resolve("blobs/incoming/00aa")));
    assertTrue(Files.notExists(root.resolve("blobs/ab/abcdef")));
    assertTrue(Files.notExists(root.resolve("buckets/x.json.tmp-1")));
    assertEquals(1, blobCount());
  }

  @Test
  void aMissingOrUnusableRootIsAStartupError() throws IOException {
    shutdown();
    Path missing = root.resolve("does-not-exist");
    RuntimeException e = assertThrows(RuntimeException.class, () -> TestServer.start(fileConfig(missing)));
    assertTrue(String.valueOf(e.getMessage()).contains("not an existing directory"), e.getMessage());
    Path file = Files.writeString(root.resolve("a-file"), "x");
    assertThrows(RuntimeException.class, () -> TestServer.start(fileConfig(file)));
    assertThrows(RuntimeException.class, () -> TestServer.start(fileConfig(missing).put(Setting.STORAGE_ROOT.key(), "")));
  }

  private long blobCount() throws IOException {
    try (Stream<Path> files = Files.walk(root.resolve("blobs"))) {
      return files.filter(Files::isRegularFile).filter(p -> !p.getParent().getFileName().toString().equals("incoming"))
          .count();
    }
  }

  static void deleteTree(Path dir) throws IOException {
    if (Files.exists(dir)) {
      try (Stream<Path> files = Files.walk(dir)) {
        for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
          Files.delete(p);
        }
      }
    }
  }
}
