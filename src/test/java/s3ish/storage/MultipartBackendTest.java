package s3ish.storage;

import static s3ish.storage.BackendFutures.exception;
import static s3ish.storage.BackendFutures.failure;
import static s3ish.storage.BackendFutures.ok;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.CreateMultipartUpload;
import s3ish.bus.StorageMessages.ListMultipartUploads;
import s3ish.bus.StorageMessages.ListParts;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.PartList;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.UploadKey;
import s3ish.bus.StorageMessages.UploadList;
import s3ish.bus.StorageMessages.UploadPart;
import s3ish.bus.StorageMessages.UploadPartCopy;
import s3ish.bus.StorageMessages.WriteConditions;

class MultipartBackendTest {
  private static final long KiB = 1024;
  private static final long MIN_PART = 100 * KiB;
  private MemoryBackend backend;

  @BeforeEach
  void setUp() {
    backend = new MemoryBackend(64 * 1024 * KiB, 8 * 1024 * KiB, MIN_PART);
    ok(backend.createBucket("bk1", null));
  }

  @Test
  void completedObjectReadsBackAsTheConcatenationWithTheS3Etag() {
    String id = create("k");
    byte[] p1 = bytes(150 * 1024, 1);
    byte[] p2 = bytes(100 * 1024, 2);
    byte[] p3 = bytes(7, 3);
    PartInfo i1 = part(id, "k", 1, p1);
    PartInfo i2 = part(id, "k", 2, p2);
    PartInfo i3 = part(id, "k", 3, p3);
    assertEquals("\"" + hex(md5(p1)) + "\"", i1.etag());

    ObjectInfo info = ok(complete(id, "k", List.of(done(i1), done(i2), done(i3)), null));
    // Computed independently: md5 over the binary part MD5s, then "-N".
    byte[] joined = concat(md5(p1), md5(p2), md5(p3));
    assertEquals("\"" + hex(md5(joined)) + "-3\"", info.etag());
    assertEquals(3, info.partsCount());
    assertEquals(p1.length + p2.length + p3.length, info.size());
    assertArrayEquals(concat(p1, p2, p3), read("k", null));
    assertEquals(0, backend.uploadsInProgress());
  }

  @Test
  void completingReferencesThePartsInsteadOfCopyingThem() {
    String id = create("k");
    PartInfo a = part(id, "k", 1, bytes((int) MIN_PART, 1));
    PartInfo b = part(id, "k", 2, bytes(5000, 2));
    long before = backend.usedBytes();
    assertEquals(MIN_PART + 5000, before);
    ok(complete(id, "k", List.of(done(a), done(b)), null));
    assertEquals(before, backend.usedBytes(), "capacity is not doubled by completing");
    ok(backend.deleteObject("bk1", "k"));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void partsNotListedAreFreedAtComplete() {
    String id = create("k");
    PartInfo a = part(id, "k", 1, bytes(1000, 1));
    part(id, "k", 2, bytes(3000, 2));
    ok(complete(id, "k", List.of(done(a)), null));
    assertEquals(1000, backend.usedBytes());
  }

  @Test
  void reuploadingAPartNumberReplacesItAndFreesTheOldBytes() {
    String id = create("k");
    part(id, "k", 1, bytes(4000, 1));
    byte[] second = bytes(1000, 9);
    PartInfo replaced = part(id, "k", 1, second);
    assertEquals(1000, backend.usedBytes());
    PartList parts = ok(backend.listParts(new ListParts("bk1", "k", id, 0, 1000)));
    assertEquals(List.of(replaced), parts.parts());
    ok(complete(id, "k", List.of(done(replaced)), null));
    assertArrayEquals(second, read("k", null));
  }

  @Test
  void abortFreesTheSpaceAndForgetsTheUpload() {
    String id = create("k");
    part(id, "k", 1, bytes(5000, 1));
    ok(backend.abortMultipartUpload(new UploadKey("bk1", "k", id)));
    assertEquals(0, backend.usedBytes());
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(backend.abortMultipartUpload(new UploadKey("bk1", "k", id))));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(backend.listParts(new ListParts("bk1", "k", id, 0, 10))));
  }

  @Test
  void unknownOrMismatchedUploadIsNoSuchUpload() {
    String id = create("k");
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(backend.openPartWrite(partRequest("nope", "k", 1, 1))));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(backend.openPartWrite(partRequest(id, "other", 1, 1))));
    ok(backend.createBucket("bk2", null));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(backend.openPartWrite(
        new UploadPart("bk2", "k", id, 1, 1, Map.of(), null))));
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(complete("nope", "k", List.of(new CompletedPart(1, "x")), null)));
    assertEquals(S3ErrorCode.NO_SUCH_BUCKET, failure(backend.createMultipartUpload(
        new CreateMultipartUpload("none", "k", null, null))));
  }

  @Test
  void partNumbersAreOneToTenThousand() {
    String id = create("k");
    for (int bad : new int[] {0, -1, 10_001}) {
      S3Exception e = exception(backend.openPartWrite(partRequest(id, "k", bad, 1)));
      assertEquals(S3ErrorCode.INVALID_ARGUMENT, e.code());
      assertEquals("Part number must be an integer between 1 and 10000, inclusive", e.getMessage());
    }
    ok(backend.openPartWrite(partRequest(id, "k", 10_000, 1)));
  }

  @Test
  void aPartLargerThanTheObjectLimitIsTooLarge() {
    String id = create("k");
    assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, failure(backend.openPartWrite(partRequest(id, "k", 1, 8 * 1024 * KiB + 1))));
  }

  @Test
  void completeChecksOrderPartsAndSizes() {
    String id = create("k");
    PartInfo small = part(id, "k", 1, bytes(10, 1));
    PartInfo p2 = part(id, "k", 2, bytes(10, 2));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(complete(id, "k", List.of(), null)));
    assertEquals(S3ErrorCode.INVALID_PART_ORDER, failure(complete(id, "k", List.of(done(p2), done(small)), null)));
    assertEquals(S3ErrorCode.INVALID_PART_ORDER, failure(complete(id, "k", List.of(done(small), done(small)), null)));
    assertEquals(S3ErrorCode.INVALID_PART, failure(complete(id, "k",
        List.of(done(small), new CompletedPart(3, p2.etag())), null)));
    assertEquals(S3ErrorCode.INVALID_PART, failure(complete(id, "k",
        List.of(new CompletedPart(1, "\"00000000000000000000000000000000\"")), null)));
    assertEquals(S3ErrorCode.ENTITY_TOO_SMALL, failure(complete(id, "k", List.of(done(small), done(p2)), null)));
    // Failed completes leave the upload usable; quotes around ETags are optional.
    ObjectInfo info = ok(complete(id, "k", List.of(new CompletedPart(2, p2.etag().replace("\"", ""))), null));
    assertEquals(1, info.partsCount());
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(complete(id, "k", List.of(done(p2)), null)));
  }

  @Test
  void uploadPartCopySharesTheSourceBytes() {
    byte[] source = bytes(300_000, 5);
    putObject("src", source);
    long before = backend.usedBytes();
    String id = create("k");
    PartInfo c1 = ok(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 1, "bk1", "src",
        new ByteRange(0L, 199_999L, null), null)));
    PartInfo c2 = ok(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 2, "bk1", "src",
        new ByteRange(200_000L, null, null), null)));
    assertEquals("\"" + hex(md5(slice(source, 0, 200_000))) + "\"", c1.etag());
    assertEquals(before, backend.usedBytes(), "no bytes were copied");
    ok(complete(id, "k", List.of(done(c1), done(c2)), null));
    // The object outlives its source.
    ok(backend.deleteObject("bk1", "src"));
    assertArrayEquals(source, read("k", null));
    ok(backend.deleteObject("bk1", "k"));
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void uploadPartCopyHonoursSourceConditionsAndRanges() {
    ObjectInfo src = putObject("src", bytes(100, 1));
    String id = create("k");
    assertEquals(S3ErrorCode.INVALID_RANGE, failure(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 1,
        "bk1", "src", new ByteRange(100L, 200L, null), null))));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 1,
        "bk1", "src", null, new ReadConditions("\"other\"", null, null, null)))));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 1,
        "bk1", "src", null, new ReadConditions(null, src.etag(), null, null)))));
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(backend.uploadPartCopy(new UploadPartCopy("bk1", "k", id, 1,
        "bk1", "missing", null, null))));
  }

  @Test
  void partNumberReadsOnePartAsARange() {
    String id = create("k");
    byte[] p1 = bytes((int) MIN_PART, 1);
    byte[] p2 = bytes(333, 2);
    ok(complete(id, "k", List.of(done(part(id, "k", 1, p1)), done(part(id, "k", 2, p2))), null));
    ObjectRead second = ok(backend.openRead("bk1", "k", null, null, 2)).read();
    assertEquals(MIN_PART, second.start());
    assertEquals(333, second.length());
    assertTrue(second.ranged());
    assertEquals(2, second.info().partsCount());
    assertArrayEquals(p2, read("k", 2));
    assertArrayEquals(p1, read("k", 1));
    assertEquals(S3ErrorCode.INVALID_PART_NUMBER, failure(backend.openRead("bk1", "k", null, null, 3)));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(backend.openRead("bk1", "k", null, null, 0)));
  }

  @Test
  void partOneOfASinglePieceObjectIsTheWholeObject() {
    byte[] data = bytes(500, 1);
    putObject("single", data);
    ObjectRead read = ok(backend.openRead("bk1", "single", null, null, 1)).read();
    assertEquals(0, read.start());
    assertEquals(500, read.length());
    assertArrayEquals(data, read("single", 1));
    assertEquals(S3ErrorCode.INVALID_PART_NUMBER, failure(backend.openRead("bk1", "single", null, null, 2)));
  }

  @Test
  void writeConditionsAreCheckedAtComplete() {
    ObjectInfo existing = putObject("k", bytes(10, 1));
    String id = create("k");
    PartInfo p = part(id, "k", 1, bytes(10, 2));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(complete(id, "k", List.of(done(p)),
        new WriteConditions(null, "*"))));
    assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(complete(id, "k", List.of(done(p)),
        new WriteConditions("\"other\"", null))));
    assertEquals(10 + 10, backend.usedBytes(), "a refused complete keeps the upload and its part");
    ok(complete(id, "k", List.of(done(p)), new WriteConditions(existing.etag(), null)));
    assertEquals(10, backend.usedBytes(), "the replaced object was freed");
  }

  @Test
  void concurrentConditionalCompletesAndPutsHaveExactlyOneWinner() throws Exception {
    int writers = 16;
    for (int round = 0; round < 20; round++) {
      String key = "race" + round;
      List<String> ids = new ArrayList<>();
      List<PartInfo> parts = new ArrayList<>();
      for (int i = 0; i < writers / 2; i++) {
        String id = create(key);
        ids.add(id);
        parts.add(part(id, key, 1, bytes(100, i)));
      }
      ExecutorService pool = Executors.newFixedThreadPool(writers);
      CountDownLatch go = new CountDownLatch(1);
      AtomicInteger won = new AtomicInteger();
      AtomicInteger refused = new AtomicInteger();
      List<Future<?>> unused = new ArrayList<>();
      for (int w = 0; w < writers; w++) {
        int n = w;
        pool.execute(() -> {
          try {
            go.await();
          } catch (InterruptedException e) {
            return;
          }
          WriteConditions onlyIfAbsent = new WriteConditions(null, "*");
          Future<ObjectInfo> f = n % 2 == 0
              ? complete(ids.get(n / 2), key, List.of(done(parts.get(n / 2))), onlyIfAbsent)
              : commit(new PutObject("bk1", key, null, 100, Map.of(), onlyIfAbsent), bytes(100, n));
          if (f.succeeded()) {
            won.incrementAndGet();
          } else if (((S3Exception) f.cause()).code() == S3ErrorCode.PRECONDITION_FAILED) {
            refused.incrementAndGet();
          }
        });
      }
      go.countDown();
      pool.shutdown();
      assertTrue(pool.awaitTermination(30, TimeUnit.SECONDS));
      assertEquals(1, won.get(), "round " + round);
      assertEquals(writers - 1, refused.get(), "round " + round);
    }
  }

  @Test
  void listPartsPaginatesByPartNumber() {
    String id = create("k");
    for (int n : new int[] {1, 2, 5, 9}) {
      part(id, "k", n, bytes(n, n));
    }
    PartList first = ok(backend.listParts(new ListParts("bk1", "k", id, 0, 2)));
    assertEquals(List.of(1, 2), numbers(first));
    assertTrue(first.truncated());
    assertEquals(2, first.nextPartNumberMarker());
    PartList rest = ok(backend.listParts(new ListParts("bk1", "k", id, first.nextPartNumberMarker(), 2)));
    assertEquals(List.of(5, 9), numbers(rest));
    assertFalse(rest.truncated());
    assertEquals(5, ok(backend.listParts(new ListParts("bk1", "k", id, 0, 5000))).parts().get(2).size());
  }

  @Test
  void listUploadsOrdersByKeyThenInitiationAndPaginates() {
    String b1 = create("b");
    String a = create("a");
    String b2 = create("b");
    String c = create("c");
    UploadList all = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", null, null, null, null, 1000)));
    assertEquals(List.of(a, b1, b2, c), ids(all));
    assertFalse(all.truncated());

    UploadList page1 = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", null, null, null, null, 2)));
    assertEquals(List.of(a, b1), ids(page1));
    assertTrue(page1.truncated());
    assertEquals("b", page1.nextKeyMarker());
    assertEquals(b1, page1.nextUploadIdMarker());
    UploadList page2 = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", null, null,
        page1.nextKeyMarker(), page1.nextUploadIdMarker(), 2)));
    assertEquals(List.of(b2, c), ids(page2));
    assertFalse(page2.truncated());
    // A key marker alone skips every upload of that key.
    assertEquals(List.of(c), ids(ok(backend.listMultipartUploads(
        new ListMultipartUploads("bk1", null, null, "b", null, 10)))));
  }

  @Test
  void listUploadsGroupsByDelimiterUnderAPrefix() {
    String top = create("dir/file");
    create("dir/sub/x");
    create("dir/sub/y");
    create("other");
    UploadList r = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", "dir/", "/", null, null, 10)));
    assertEquals(List.of(top), ids(r));
    assertEquals(List.of("dir/sub/"), r.commonPrefixes());
    UploadList one = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", "dir/", "/", null, null, 1)));
    assertTrue(one.truncated());
    UploadList next = ok(backend.listMultipartUploads(new ListMultipartUploads("bk1", "dir/", "/",
        one.nextKeyMarker(), one.nextUploadIdMarker(), 1)));
    assertEquals(List.of("dir/sub/"), next.commonPrefixes());
    assertFalse(next.truncated());
  }

  @Test
  void checksumAlgorithmOfTheUploadIsComputedPerPartAndComposed() {
    String id = ok(backend.createMultipartUpload(new CreateMultipartUpload("bk1", "k", ObjectMetadata.EMPTY,
        Checksum.CRC32))).uploadId();
    byte[] p1 = bytes((int) MIN_PART, 1);
    byte[] p2 = bytes(10, 2);
    PartInfo i1 = part(id, "k", 1, p1);
    PartInfo i2 = part(id, "k", 2, p2);
    assertEquals(crc32(p1), i1.checksums().get(Checksum.CRC32));
    ObjectInfo info = ok(complete(id, "k", List.of(done(i1), done(i2)), null));
    byte[] joined = concat(Base64.getDecoder().decode(crc32(p1)), Base64.getDecoder().decode(crc32(p2)));
    assertEquals(crc32(joined) + "-2", info.checksums().get(Checksum.CRC32));
  }

  @Test
  void theJanitorSweepAbortsOnlyOldUploads() throws Exception {
    String old = create("old");
    part(old, "old", 1, bytes(100, 1));
    long cutoff = System.currentTimeMillis() + 1;
    while (System.currentTimeMillis() <= cutoff) {
      Thread.onSpinWait(); // the next upload must be initiated after the cutoff
    }
    String young = create("young");
    List<UploadKey> aborted = ok(backend.abortUploadsInitiatedBefore(cutoff));
    assertEquals(List.of(new UploadKey("bk1", "old", old)), aborted);
    assertEquals(List.of(young), ids(ok(backend.listMultipartUploads(
        new ListMultipartUploads("bk1", null, null, null, null, 10)))));
    assertEquals(0, backend.usedBytes());
    assertTrue(ok(backend.abortUploadsInitiatedBefore(cutoff)).isEmpty(), "a second sweep finds nothing");
  }

  @Test
  void deletingABucketAbortsItsUploads() {
    create("k");
    ok(backend.deleteBucket("bk1"));
    assertEquals(0, backend.uploadsInProgress());
  }

  // ---- helpers

  private String create(String key) {
    return ok(backend.createMultipartUpload(new CreateMultipartUpload("bk1", key, null, null))).uploadId();
  }

  private PartInfo part(String id, String key, int n, byte[] data) {
    BodyWriter<PartInfo> w = ok(backend.openPartWrite(partRequest(id, key, n, data.length)));
    ok(w.append(Buffer.buffer(data)));
    return ok(w.commit(Map.of()));
  }

  private static UploadPart partRequest(String id, String key, int n, long length) {
    return new UploadPart("bk1", key, id, n, length, Map.of(), null);
  }

  private Future<ObjectInfo> complete(String id, String key, List<CompletedPart> parts, WriteConditions c) {
    return backend.completeMultipartUpload(new CompleteMultipartUpload("bk1", key, id, parts, c));
  }

  private static CompletedPart done(PartInfo p) {
    return new CompletedPart(p.partNumber(), p.etag());
  }

  private ObjectInfo putObject(String key, byte[] data) {
    return ok(commit(new PutObject("bk1", key, null, data.length, Map.of(), null), data));
  }

  private Future<ObjectInfo> commit(PutObject put, byte[] data) {
    Future<ObjectWriter> opened = backend.openWrite(put);
    if (opened.failed()) {
      return Future.failedFuture(opened.cause());
    }
    ObjectWriter w = opened.result();
    w.append(Buffer.buffer(data));
    return w.commit(Map.of());
  }

  private byte[] read(String key, Integer partNumber) {
    ReadableObject r = ok(backend.openRead("bk1", key, null, null, partNumber));
    Buffer all = Buffer.buffer();
    ReadableObject.Body body = r.body().get();
    body.handler(all::appendBuffer);
    return all.getBytes();
  }

  private static List<Integer> numbers(PartList l) {
    return l.parts().stream().map(PartInfo::partNumber).toList();
  }

  private static List<String> ids(UploadList l) {
    return l.uploads().stream().map(u -> u.uploadId()).toList();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    new Random(seed * 31L + n).nextBytes(b);
    return b;
  }

  private static byte[] slice(byte[] data, int from, int to) {
    return java.util.Arrays.copyOfRange(data, from, to);
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex(byte[] b) {
    return HexFormat.of().formatHex(b);
  }

  private static String crc32(byte[] data) {
    CRC32 crc = new CRC32();
    crc.update(data);
    long v = crc.getValue();
    return Base64.getEncoder().encodeToString(new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v});
  }
}
