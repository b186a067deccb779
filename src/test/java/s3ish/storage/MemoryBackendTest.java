package s3ish.storage;

import static s3ish.storage.BackendFutures.exception;
import static s3ish.storage.BackendFutures.failure;
import static s3ish.storage.BackendFutures.ok;

import s3ish.bus.S3Names;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.WriteConditions;

class MemoryBackendTest {
  private static final long MiB = 1024 * 1024;
  private MemoryBackend backend;

  @BeforeEach
  void setUp() {
    backend = new MemoryBackend(16 * MiB, 8 * MiB);
    ok(backend.createBucket("bk1", "us-east-1"));
  }

  // ---- buckets

  @Test
  void bucketNamesFollowS3Rules() {
    for (String good : List.of("abc", "a.b-c", "my-bucket.2024", "a".repeat(63), "1bucket")) {
      assertTrue(S3Names.validBucket(good), good);
    }
    for (String bad : List.of("ab", "a".repeat(64), "Upper", "under_score", "-start", "end-", ".dot", "dot.",
        "a..b", "192.168.1.1", "xn--bucket", "sthree-x", "name-s3alias", "name--ol-s3", "spa ce")) {
      assertFalse(S3Names.validBucket(bad), bad);
    }
    assertEquals(S3ErrorCode.INVALID_BUCKET_NAME, failure(backend.createBucket("Bad_Name", null)));
  }

  @Test
  void creatingAnExistingBucketIsAlreadyOwned() {
    assertEquals(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU, failure(backend.createBucket("bk1", null)));
  }

  @Test
  void deletingABucketRequiresItToExistAndBeEmpty() {
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.deleteBucket("nope")));
    put("bk1", "k", bytes(10));
    assertEquals(S3ErrorCode.BUCKET_NOT_EMPTY, failure(backend.deleteBucket("bk1")));
    ok(backend.deleteObject("bk1", "k"));
    ok(backend.deleteBucket("bk1"));
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.headBucket("bk1")));
  }

  @Test
  void bucketsAreListedByName() {
    ok(backend.createBucket("a00", null));
    ok(backend.createBucket("zz9", null));
    assertEquals(List.of("a00", "bk1", "zz9"), ok(backend.listBuckets()).stream().map(b -> b.name()).toList());
  }

  // ---- writes

  @Test
  void objectIsInvisibleUntilCommit() {
    ObjectWriter w = ok(backend.openWrite(putRequest("bk1", "k", -1)));
    ok(w.append(Buffer.buffer(bytes(100))));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.openRead("bk1", "k", null, null)));
    assertTrue(ok(backend.listObjects(new ListObjects("bk1", null, null, null, 1000))).contents().isEmpty());
    ok(w.commit(Map.of()));
    assertEquals(100, ok(backend.openRead("bk1", "k", null, null)).read().length());
  }

  @Test
  void etagIsTheQuotedHexMd5() throws Exception {
    byte[] data = bytes(70_000);
    ObjectInfo info = put("bk1", "k", data);
    String md5 = HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    assertEquals("\"" + md5 + "\"", info.etag());
    assertEquals(70_000, info.size());
  }

  @Test
  void discardLeavesNothingAndFreesCapacity() {
    ObjectWriter w = ok(backend.openWrite(putRequest("bk1", "k", -1)));
    ok(w.append(Buffer.buffer(bytes((int) MiB))));
    assertEquals(MiB, backend.usedBytes());
    ok(w.discard());
    assertEquals(0, backend.usedBytes());
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.openRead("bk1", "k", null, null)));
  }

  @Test
  void wrongContentMd5IsBadDigestAndStoresNothing() {
    PutObject put = new PutObject("bk1", "k", null, 5, Map.of(Checksum.MD5, base64Md5("other".getBytes())), null);
    ObjectWriter w = ok(backend.openWrite(put));
    ok(w.append(Buffer.buffer("hello")));
    assertEquals(S3ErrorCode.BAD_DIGEST, failure(w.commit(Map.of())));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.openRead("bk1", "k", null, null)));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void checksumsAreVerifiedFromOpenAndFromTheEnd() throws Exception {
    byte[] data = "hello".getBytes();
    String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    PutObject put = new PutObject("bk1", "k", null, -1, Map.of(Checksum.CONTENT_SHA256, sha), null);
    ObjectWriter right = ok(backend.openWrite(put));
    ok(right.append(Buffer.buffer(data)));
    ok(right.commit(Map.of(Checksum.MD5, base64Md5(data))));

    PutObject wrongSha = new PutObject("bk1", "k2", null, -1, Map.of(Checksum.CONTENT_SHA256, sha.replace('a', 'b')), null);
    ObjectWriter w = ok(backend.openWrite(wrongSha));
    ok(w.append(Buffer.buffer(data)));
    assertEquals(S3ErrorCode.CONTENT_SHA256_MISMATCH, failure(w.commit(Map.of())));

    ObjectWriter trailer = ok(backend.openWrite(putRequest("bk1", "k3", -1)));
    ok(trailer.append(Buffer.buffer(data)));
    assertEquals(S3ErrorCode.BAD_DIGEST, failure(trailer.commit(Map.of(Checksum.MD5, base64Md5("x".getBytes())))));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.openRead("bk1", "k3", null, null)));
  }

  @Test
  void declaredLengthMustArriveExactly() {
    ObjectWriter shortBody = ok(backend.openWrite(putRequest("bk1", "k", 10)));
    ok(shortBody.append(Buffer.buffer(bytes(9))));
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, failure(shortBody.commit(Map.of())));

    ObjectWriter longBody = ok(backend.openWrite(putRequest("bk1", "k", 10)));
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, failure(longBody.append(Buffer.buffer(bytes(11)))));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void objectsOverTheMaximumSizeAreRefusedAtOpenAndWhileStreaming() {
    assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, failure(backend.openWrite(putRequest("bk1", "k", 8 * MiB + 1))));
    ObjectWriter w = ok(backend.openWrite(putRequest("bk1", "k", -1)));
    ok(w.append(Buffer.buffer(bytes((int) (8 * MiB)))));
    assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, failure(w.append(Buffer.buffer(bytes(1)))));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void exceedingCapacityIsStorageFullAndReleasesTheReservation() {
    MemoryBackend small = new MemoryBackend(MiB, 8 * MiB);
    ok(small.createBucket("bk1", null));
    assertEquals(S3ErrorCode.STORAGE_FULL, failure(small.openWrite(putRequest("bk1", "declared", 2 * MiB))));
    ObjectWriter w = ok(small.openWrite(putRequest("bk1", "k", -1)));
    ok(w.append(Buffer.buffer(bytes((int) (MiB / 2)))));
    ok(w.append(Buffer.buffer(bytes((int) (MiB / 2)))));
    assertEquals(S3ErrorCode.STORAGE_FULL, failure(w.append(Buffer.buffer(bytes(1)))));
    assertEquals(0, small.usedBytes());
    // after the failure, the space is usable again
    ObjectWriter again = ok(small.openWrite(putRequest("bk1", "k", MiB)));
    ok(again.append(Buffer.buffer(bytes((int) MiB))));
    ok(again.commit(Map.of()));
    assertEquals(MiB, small.usedBytes());
  }

  @Test
  void overwritingAndDeletingReturnCapacity() {
    put("bk1", "k", bytes(1000));
    put("bk1", "k", bytes(300));
    assertEquals(300, backend.usedBytes());
    ok(backend.deleteObject("bk1", "k"));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void keysLongerThan1024Utf8BytesAreRefused() {
    assertEquals(S3ErrorCode.KEY_TOO_LONG, failure(backend.openWrite(putRequest("bk1", "é".repeat(513), -1))));
    ok(backend.openWrite(putRequest("bk1", "é".repeat(512), -1)));
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.openWrite(putRequest("nope", "k", -1))));
  }

  @Test
  void ifNoneMatchStarRefusesToOverwrite() {
    put("bk1", "k", bytes(10));
    PutObject put = new PutObject("bk1", "k", null, -1, Map.of(), new WriteConditions(null, "*"));
    ObjectWriter w = ok(backend.openWrite(put));
    ok(w.append(Buffer.buffer(bytes(5))));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(w.commit(Map.of())));
    assertEquals(10, ok(backend.openRead("bk1", "k", null, null)).read().length());
    assertEquals(10, backend.usedBytes());
  }

  @Test
  void ifMatchRequiresTheCurrentEtag() {
    ObjectInfo first = put("bk1", "k", bytes(10));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED,
        failure(commit(new PutObject("bk1", "k", null, -1, Map.of(), new WriteConditions("\"0000\"", null)), bytes(3))));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED,
        failure(commit(new PutObject("bk1", "missing", null, -1, Map.of(), new WriteConditions(first.etag(), null)), bytes(3))));
    ok(commit(new PutObject("bk1", "k", null, -1, Map.of(), new WriteConditions(first.etag(), null)), bytes(3)));
    assertEquals(3, ok(backend.openRead("bk1", "k", null, null)).read().length());
  }

  // ---- reads

  @Test
  void readingMissingThingsNamesWhatIsMissing() {
    S3Exception noBucket = exception(backend.openRead("nope", "k", null, null));
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, noBucket.code());
    assertEquals("nope", noBucket.details().get("BucketName"));
    S3Exception noKey = exception(backend.openRead("bk1", "k", null, null));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, noKey.code());
    assertEquals("k", noKey.details().get("Key"));
  }

  @Test
  void readConditionsFollowRfc7232Precedence() {
    ObjectInfo info = put("bk1", "k", bytes(10));
    String etag = info.etag();
    String bare = etag.substring(1, etag.length() - 1);
    long t = info.lastModified();
    long before = t - 5000;
    long after = t + 5000;
    assertRead(null, new ReadConditions(etag, null, null, null));
    assertRead(null, new ReadConditions(bare, null, null, null));
    assertRead(null, new ReadConditions("\"x\", " + etag, null, null, null));
    assertRead(null, new ReadConditions("*", null, null, null));
    assertRead(S3ErrorCode.PRECONDITION_FAILED, new ReadConditions("\"x\"", null, null, null));
    assertRead(S3ErrorCode.PRECONDITION_FAILED, new ReadConditions(null, null, null, before));
    // If-Match wins over a failing If-Unmodified-Since
    assertRead(null, new ReadConditions(etag, null, null, before));
    assertRead(S3ErrorCode.NOT_MODIFIED, new ReadConditions(null, etag, null, null));
    assertRead(S3ErrorCode.NOT_MODIFIED, new ReadConditions(null, bare, null, null));
    assertRead(S3ErrorCode.NOT_MODIFIED, new ReadConditions(null, null, after, null));
    assertRead(null, new ReadConditions(null, null, before, null));
    // If-None-Match not matching wins over an unmodified If-Modified-Since
    assertRead(null, new ReadConditions(null, "\"x\"", after, null));
    // second granularity: the same second counts as not modified
    assertRead(S3ErrorCode.NOT_MODIFIED, new ReadConditions(null, null, (t / 1000) * 1000, null));
    assertRead(null, new ReadConditions(null, null, null, (t / 1000) * 1000));
    // the guard conditions come first
    assertRead(S3ErrorCode.PRECONDITION_FAILED, new ReadConditions("\"x\"", etag, null, null));
  }

  @Test
  void rangesAreResolvedAgainstTheSize() {
    byte[] data = bytes(1000);
    put("bk1", "k", data);
    assertSpan(0, 1000, false, null);
    assertSpan(10, 11, true, new ByteRange(10L, 20L, null));
    assertSpan(990, 10, true, new ByteRange(990L, 5000L, null));
    assertSpan(500, 500, true, new ByteRange(500L, null, null));
    assertSpan(900, 100, true, new ByteRange(null, null, 100L));
    assertSpan(0, 1000, true, new ByteRange(null, null, 5000L));
    assertArrayEquals(slice(data, 10, 21), read("bk1", "k", new ByteRange(10L, 20L, null)));
    assertArrayEquals(slice(data, 900, 1000), read("bk1", "k", new ByteRange(null, null, 100L)));
  }

  @Test
  void unsatisfiableRangesReportTheActualSize() {
    put("bk1", "k", bytes(1000));
    put("bk1", "empty", new byte[0]);
    for (ByteRange r : List.of(new ByteRange(1000L, null, null), new ByteRange(1000L, 2000L, null),
        new ByteRange(null, null, 0L))) {
      S3Exception e = exception(backend.openRead("bk1", "k", r, null));
      assertEquals(S3ErrorCode.INVALID_RANGE, e.code(), r.toString());
      assertEquals("1000", e.details().get("ActualObjectSize"));
    }
    S3Exception empty = exception(backend.openRead("bk1", "empty", new ByteRange(0L, null, null), null));
    assertEquals(S3ErrorCode.INVALID_RANGE, empty.code());
    assertEquals("0", empty.details().get("ActualObjectSize"));
  }

  @Test
  void multiChunkObjectsReadBackAcrossChunkBoundaries() {
    byte[] data = bytes(10_000);
    ObjectWriter w = ok(backend.openWrite(putRequest("bk1", "k", -1)));
    for (int off = 0; off < data.length; off += 3000) {
      ok(w.append(Buffer.buffer(slice(data, off, Math.min(data.length, off + 3000)))));
    }
    ok(w.commit(Map.of()));
    assertArrayEquals(data, read("bk1", "k", null));
    assertArrayEquals(slice(data, 2999, 6001), read("bk1", "k", new ByteRange(2999L, 6000L, null)));
  }

  // ---- copy

  @Test
  void copySharesBytesKeepsEtagAndChoosesMetadata() {
    ObjectMetadata meta = new ObjectMetadata("text/plain", null, null, null, null, null, Map.of("a", "1"));
    byte[] data = bytes(5000);
    ObjectInfo src = ok(commit(new PutObject("bk1", "src", meta, -1, Map.of(), null), data));
    long used = backend.usedBytes();

    ObjectInfo kept = ok(backend.copyObject(copy("src", "bk1", "dst", null, null)));
    assertEquals(src.etag(), kept.etag());
    assertEquals(meta, kept.metadata());
    assertTrue(kept.lastModified() >= src.lastModified());
    assertEquals(used, backend.usedBytes(), "a copy shares the source's chunks");

    ObjectMetadata other = new ObjectMetadata("image/png", null, null, null, null, null, Map.of());
    assertEquals(other, ok(backend.copyObject(copy("src", "bk1", "dst2", null, other))).metadata());

    ok(backend.deleteObject("bk1", "src"));
    assertArrayEquals(data, read("bk1", "dst", null));
    assertEquals(used, backend.usedBytes(), "bytes stay accounted while a copy refers to them");
    ok(backend.deleteObject("bk1", "dst"));
    ok(backend.deleteObject("bk1", "dst2"));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void copyOntoItselfNeedsNewMetadata() {
    put("bk1", "k", bytes(10));
    S3Exception e = exception(backend.copyObject(copy("k", "bk1", "k", null, null)));
    assertEquals(S3ErrorCode.INVALID_REQUEST, e.code());
    assertTrue(e.getMessage().contains("copy an object to itself"));
    ok(backend.copyObject(copy("k", "bk1", "k", null, ObjectMetadata.EMPTY)));
  }

  @Test
  void everyFailedCopySourceConditionIsPreconditionFailed() {
    ObjectInfo info = put("bk1", "k", bytes(10));
    long after = info.lastModified() + 5000;
    long before = info.lastModified() - 5000;
    for (ReadConditions c : List.of(new ReadConditions("\"x\"", null, null, null),
        new ReadConditions(null, info.etag(), null, null),
        new ReadConditions(null, null, after, null),
        new ReadConditions(null, null, null, before))) {
      assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(backend.copyObject(copy("k", "bk1", "d", c, null))), c.toString());
    }
    ok(backend.copyObject(copy("k", "bk1", "d", new ReadConditions(info.etag(), null, null, null), null)));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.copyObject(copy("missing", "bk1", "d", null, null))));
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.copyObject(copy("k", "nope", "d", null, null))));
  }

  // ---- delete and list

  @Test
  void deletingMissingKeysSucceeds() {
    put("bk1", "a", bytes(1));
    ok(backend.deleteObject("bk1", "never-there"));
    var result = ok(backend.deleteObjects("bk1", List.of("a", "never-there")));
    assertEquals(List.of("a", "never-there"), result.deleted());
    assertTrue(result.errors().isEmpty());
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.deleteObject("nope", "a")));
  }

  @Test
  void listingFiltersByPrefixAndGroupsByDelimiter() {
    for (String k : List.of("a.txt", "photos/2024/x.jpg", "photos/2024/y.jpg", "photos/z.jpg", "videos/v.mp4", "zz")) {
      put("bk1", k, bytes(1));
    }
    ListResult top = ok(backend.listObjects(new ListObjects("bk1", null, "/", null, 1000)));
    assertEquals(List.of("a.txt", "zz"), keys(top));
    assertEquals(List.of("photos/", "videos/"), top.commonPrefixes());
    assertFalse(top.truncated());

    ListResult photos = ok(backend.listObjects(new ListObjects("bk1", "photos/", "/", null, 1000)));
    assertEquals(List.of("photos/z.jpg"), keys(photos));
    assertEquals(List.of("photos/2024/"), photos.commonPrefixes());

    ListResult flat = ok(backend.listObjects(new ListObjects("bk1", "photos/", null, null, 1000)));
    assertEquals(List.of("photos/2024/x.jpg", "photos/2024/y.jpg", "photos/z.jpg"), keys(flat));
  }

  @Test
  void pagingThroughCommonPrefixesNeverLoops() {
    for (String k : List.of("a", "photos/1", "photos/2", "photos/3", "q", "videos/1", "videos/2", "z")) {
      put("bk1", k, bytes(1));
    }
    List<String> seen = new ArrayList<>();
    String marker = null;
    for (int page = 0; page < 20; page++) {
      ListResult r = ok(backend.listObjects(new ListObjects("bk1", null, "/", marker, 2)));
      seen.addAll(keys(r));
      seen.addAll(r.commonPrefixes());
      assertTrue(keys(r).size() + r.commonPrefixes().size() <= 2);
      if (!r.truncated()) {
        assertEquals(List.of("a", "photos/", "q", "videos/", "z"), seen.stream().sorted().toList());
        return;
      }
      assertNotNull(r.nextMarker());
      marker = r.nextMarker();
    }
    fail("listing did not finish: " + seen);
  }

  @Test
  void nextMarkerIsTheLastEntryReturned() {
    for (String k : List.of("a", "b", "c")) {
      put("bk1", k, bytes(1));
    }
    ListResult first = ok(backend.listObjects(new ListObjects("bk1", null, null, null, 2)));
    assertEquals(List.of("a", "b"), keys(first));
    assertTrue(first.truncated());
    assertEquals("b", first.nextMarker());
    ListResult second = ok(backend.listObjects(new ListObjects("bk1", null, null, "b", 2)));
    assertEquals(List.of("c"), keys(second));
    assertFalse(second.truncated());
    assertEquals(null, second.nextMarker());
  }

  @Test
  void maxKeysZeroReturnsNoEntries() {
    put("bk1", "a", bytes(1));
    ListResult r = ok(backend.listObjects(new ListObjects("bk1", null, null, null, 0)));
    assertTrue(r.contents().isEmpty());
    assertTrue(r.commonPrefixes().isEmpty());
  }

  // ---- helpers

  private void assertRead(S3ErrorCode expected, ReadConditions conditions) {
    Future<ReadableObject> f = backend.openRead("bk1", "k", null, conditions);
    if (expected == null) {
      ok(f);
    } else {
      assertEquals(expected, failure(f), conditions.toString());
    }
  }

  private void assertSpan(long start, long length, boolean ranged, ByteRange range) {
    ObjectRead read = ok(backend.openRead("bk1", "k", range, null)).read();
    assertEquals(start, read.start(), String.valueOf(range));
    assertEquals(length, read.length(), String.valueOf(range));
    assertEquals(ranged, read.ranged(), String.valueOf(range));
  }

  private byte[] read(String bucket, String key, ByteRange range) {
    return BackendFutures.bodyBytes(ok(backend.openRead(bucket, key, range, null)));
  }

  private ObjectInfo put(String bucket, String key, byte[] data) {
    return ok(commit(putRequest(bucket, key, data.length), data));
  }

  private Future<ObjectInfo> commit(PutObject put, byte[] data) {
    ObjectWriter w = ok(backend.openWrite(put));
    ok(w.append(Buffer.buffer(data)));
    return w.commit(Map.of());
  }

  private static PutObject putRequest(String bucket, String key, long length) {
    return new PutObject(bucket, key, null, length, Map.of(), null);
  }

  private static CopyObject copy(String srcKey, String bucket, String key, ReadConditions c, ObjectMetadata meta) {
    return new CopyObject("bk1", srcKey, bucket, key, c, meta, null);
  }

  private static List<String> keys(ListResult r) {
    return r.contents().stream().map(s -> s.key()).toList();
  }

  static byte[] bytes(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  private static String base64Md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
