package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.CreateMultipartUpload;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.UploadCreated;
import s3ish.bus.StorageMessages.UploadPart;
import s3ish.bus.StorageMessages.WriteConditions;

/**
 * The memory backend driven by fuzzed operation sequences and checked, after every step, against a reference
 * model: a TreeMap of key to bytes and ETag. A mismatch, an unexpected error code or any exception other than
 * the S3Exception the model predicts is a finding.
 */
class StorageBackendFuzzTest {
  private static final String BUCKET = "fuzz";
  private static final int MAX_OBJECT = 4096;
  private static final int MIN_PART = 8;
  private static final String KEY_ALPHABET = "ab/.-\u00e9";

  private record Entry(byte[] data, String etag) {}

  private static Vertx vertx;

  @AfterAll
  static void closeVertx() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @FuzzTest
  void operationSequencesMatchAReferenceModel(FuzzedDataProvider in) {
    run(new MemoryBackend(1024 * 1024, MAX_OBJECT, MIN_PART), in);
  }

  /** The same sequences against the file backend on a fresh root (blobs, metadata files, fsyncs), all asynchronous. */
  @FuzzTest
  void fileBackendSequencesMatchAReferenceModel(FuzzedDataProvider in) throws IOException {
    if (vertx == null) {
      vertx = Vertx.vertx();
    }
    Path root = Files.createTempDirectory("s3ish-fuzz-file");
    try {
      FileBlobStore blobs = FileBlobStore.open(vertx, root.resolve("blobs")).await();
      run(FileBackend.open(vertx, root, blobs, MAX_OBJECT, MIN_PART).await(), in);
    } finally {
      try (var paths = Files.walk(root)) {
        paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static void run(IndexedBackend backend, FuzzedDataProvider in) {
    done(backend.createBucket(BUCKET, "us-east-1"));
    TreeMap<String, Entry> model = new TreeMap<>();
    int steps = in.consumeInt(1, 24);
    for (int i = 0; i < steps && in.remainingBytes() > 0; i++) {
      switch (in.consumeInt(0, 7)) {
        case 0 -> put(backend, model, in);
        case 1 -> abandonedPut(backend, in);
        case 2 -> get(backend, model, in);
        case 3 -> delete(backend, model, in);
        case 4 -> copy(backend, model, in);
        case 5 -> list(backend, model, in);
        case 6 -> multipart(backend, model, in);
        default -> deleteMany(backend, model, in);
      }
    }
    for (Map.Entry<String, Entry> e : model.entrySet()) {
      assertArrayEquals(e.getValue().data(), read(backend, e.getKey(), null, null), e.getKey());
    }
    done(backend.deleteObjects(BUCKET, new ArrayList<>(model.keySet())));
    assertEquals(0, used(backend), "every byte freed once every object is deleted");
  }

  private static String key(FuzzedDataProvider in) {
    int length = in.consumeInt(1, 4);
    StringBuilder key = new StringBuilder();
    for (int i = 0; i < length; i++) {
      key.append(KEY_ALPHABET.charAt(in.consumeInt(0, KEY_ALPHABET.length() - 1)));
    }
    return key.toString();
  }

  private static WriteConditions writeConditions(FuzzedDataProvider in, TreeMap<String, Entry> model, String key) {
    return switch (in.consumeInt(0, 3)) {
      case 1 -> new WriteConditions(null, "*");
      case 2 -> new WriteConditions(etagOrJunk(in, model, key), null);
      default -> null;
    };
  }

  private static String etagOrJunk(FuzzedDataProvider in, TreeMap<String, Entry> model, String key) {
    Entry current = model.get(key);
    // Junk without '*', ',' or "W/", so that it matches nothing (the list and wildcard forms are Preconditions' unit tests).
    return current != null && in.consumeBoolean() ? current.etag()
        : "\"" + in.consumeString(8).replaceAll("[^A-Za-z0-9]", "") + "\"";
  }

  /** Whether a write guarded by {@code c} may replace what the model holds at {@code key}. */
  private static boolean allowed(WriteConditions c, Entry current) {
    if (c == null) {
      return true;
    }
    if (c.ifNoneMatch() != null && current != null) {
      return false;
    }
    return c.ifMatch() == null || (current != null && current.etag().equals(c.ifMatch()));
  }

  private static void put(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String key = key(in);
    byte[] data = in.consumeBytes(in.consumeInt(0, MAX_OBJECT + 16));
    WriteConditions conditions = writeConditions(in, model, key);
    boolean lie = in.consumeInt(0, 7) == 0;
    long declared = lie ? data.length + 1 : data.length;
    Future<ObjectWriter> opened = backend.openWrite(new PutObject(BUCKET, key, null, declared, Map.of(), conditions));
    if (declared > MAX_OBJECT) {
      assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, failure(opened));
      return;
    }
    ObjectWriter writer = done(opened);
    appendInPieces(writer, data, in);
    Future<ObjectInfo> committed = writer.commit(Map.of());
    if (lie) {
      assertEquals(S3ErrorCode.INCOMPLETE_BODY, failure(committed));
    } else if (!allowed(conditions, model.get(key))) {
      assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(committed));
    } else {
      ObjectInfo info = done(committed);
      assertEquals("\"" + md5Hex(data) + "\"", info.etag());
      model.put(key, new Entry(data, info.etag()));
    }
  }

  private static void appendInPieces(BodyWriter<?> writer, byte[] data, FuzzedDataProvider in) {
    int at = 0;
    while (at < data.length) {
      int n = Math.min(data.length - at, in.consumeInt(1, 1024));
      done(writer.append(Buffer.buffer(Arrays.copyOfRange(data, at, at + n))));
      at += n;
    }
  }

  private static void abandonedPut(IndexedBackend backend, FuzzedDataProvider in) {
    long used = used(backend);
    ObjectWriter writer = done(backend.openWrite(new PutObject(BUCKET, key(in), null, -1, Map.of(), null)));
    done(writer.append(Buffer.buffer(in.consumeBytes(in.consumeInt(1, 512)))));
    done(writer.discard());
    assertEquals(used, used(backend), "a discarded write frees what it held");
  }

  private static void get(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String key = key(in);
    ByteRange range = switch (in.consumeInt(0, 3)) {
      case 1 -> new ByteRange(in.consumeLong(-2, MAX_OBJECT + 2), null, null);
      case 2 -> new ByteRange(in.consumeLong(-2, MAX_OBJECT + 2), in.consumeLong(-2, MAX_OBJECT + 2), null);
      case 3 -> new ByteRange(null, null, in.consumeLong(-2, MAX_OBJECT + 2));
      default -> null;
    };
    String ifMatch = in.consumeBoolean() ? etagOrJunk(in, model, key) : null;
    String ifNoneMatch = in.consumeBoolean() ? etagOrJunk(in, model, key) : null;
    ReadConditions conditions = new ReadConditions(ifMatch, ifNoneMatch, null, null);
    Entry entry = model.get(key);
    S3ErrorCode expected = entry == null ? S3ErrorCode.NO_SUCH_KEY
        : ifMatch != null && !ifMatch.equals(entry.etag()) ? S3ErrorCode.PRECONDITION_FAILED
        : ifNoneMatch != null && ifNoneMatch.equals(entry.etag()) ? S3ErrorCode.NOT_MODIFIED
        : null;
    int[] span = expected == null ? referenceSpan(range, entry.data().length) : null;
    if (expected == null && span == null) {
      expected = S3ErrorCode.INVALID_RANGE;
    }
    if (expected != null) {
      assertEquals(expected, failure(backend.openRead(BUCKET, key, range, conditions)));
      return;
    }
    assertArrayEquals(Arrays.copyOfRange(entry.data(), span[0], span[1]), read(backend, key, range, conditions));
  }

  /**
   * [from, to) of the bytes a Range selects (RFC 9110: a first-last range with last before first is ignored),
   * or null when it is unsatisfiable.
   */
  private static int[] referenceSpan(ByteRange range, int size) {
    if (range == null || (range.first() == null && range.suffixLength() == null)) {
      return new int[] {0, size};
    }
    if (range.first() == null) {
      long n = range.suffixLength();
      return n <= 0 || size == 0 ? null : new int[] {(int) Math.max(0, size - n), size};
    }
    long first = range.first();
    if (range.last() != null && range.last() < first) {
      return new int[] {0, size};
    }
    if (first < 0 || first >= size) {
      return null;
    }
    long last = range.last() == null ? size - 1 : Math.min(range.last(), size - 1);
    return new int[] {(int) first, (int) last + 1};
  }

  private static byte[] read(IndexedBackend backend, String key, ByteRange range, ReadConditions conditions) {
    ReadableObject object = done(backend.openRead(BUCKET, key, range, conditions));
    byte[] bytes = bodyBytes(object);
    assertEquals(object.read().length(), bytes.length);
    return bytes;
  }

  private static void delete(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String key = key(in);
    done(backend.deleteObject(BUCKET, key));
    model.remove(key);
  }

  private static void deleteMany(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    List<String> keys = new ArrayList<>();
    for (int n = in.consumeInt(0, 4); n > 0; n--) {
      keys.add(key(in));
    }
    done(backend.deleteObjects(BUCKET, keys));
    keys.forEach(model::remove);
  }

  private static void copy(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String source = key(in);
    String target = key(in);
    WriteConditions conditions = writeConditions(in, model, target);
    Future<ObjectInfo> copied = backend.copyObject(new CopyObject(BUCKET, source, BUCKET, target, null, null,
        conditions));
    Entry from = model.get(source);
    if (from == null) {
      assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(copied));
    } else if (source.equals(target)) {
      // S3 refuses a copy onto itself that changes nothing; either way the bytes must survive.
      if (copied.succeeded()) {
        model.put(target, new Entry(from.data(), copied.result().etag()));
      }
    } else if (!allowed(conditions, model.get(target))) {
      assertEquals(S3ErrorCode.PRECONDITION_FAILED, failure(copied));
    } else {
      ObjectInfo info = done(copied);
      assertEquals(from.etag(), info.etag(), "a copy keeps the source's ETag");
      model.put(target, new Entry(from.data(), info.etag()));
    }
  }

  private static void list(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String prefix = in.consumeBoolean() ? key(in) : null;
    String delimiter = in.consumeBoolean() ? "/" : in.consumeBoolean() ? key(in) : null;
    String startAfter = in.consumeBoolean() ? key(in) : null;
    int maxKeys = in.consumeInt(0, 6);
    ListResult result = done(backend.listObjects(new ListObjects(BUCKET, prefix, delimiter, startAfter,
        maxKeys)));
    // The reference: every key and common prefix in order, then the first maxKeys of them.
    List<String> entries = new ArrayList<>();
    List<Boolean> isPrefix = new ArrayList<>();
    String p = prefix == null ? "" : prefix;
    for (String key : model.keySet()) {
      if (!key.startsWith(p) || (startAfter != null && key.compareTo(startAfter) <= 0)) {
        continue;
      }
      int cut = delimiter == null ? -1 : key.indexOf(delimiter, p.length());
      String entry = cut < 0 ? key : key.substring(0, cut + delimiter.length());
      if (cut >= 0 && (entry.equals(startAfter) || (!entries.isEmpty() && entries.get(entries.size() - 1).equals(entry)))) {
        continue;
      }
      entries.add(entry);
      isPrefix.add(cut >= 0);
    }
    int shown = Math.min(maxKeys, entries.size());
    List<String> keys = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    for (int i = 0; i < shown; i++) {
      (isPrefix.get(i) ? prefixes : keys).add(entries.get(i));
    }
    String request = "prefix=" + prefix + " delimiter=" + delimiter + " startAfter=" + startAfter + " max=" + maxKeys;
    assertEquals(keys, result.contents().stream().map(s -> s.key()).toList(), request);
    assertEquals(prefixes, result.commonPrefixes(), request);
    assertEquals(maxKeys > 0 && entries.size() > shown, result.truncated(), request);
    for (var summary : result.contents()) {
      assertEquals(model.get(summary.key()).data().length, summary.size());
      assertEquals(model.get(summary.key()).etag(), summary.etag());
    }
  }

  private static void multipart(IndexedBackend backend, TreeMap<String, Entry> model, FuzzedDataProvider in) {
    String key = key(in);
    UploadCreated upload = done(backend.createMultipartUpload(
        new CreateMultipartUpload(BUCKET, key, null, null)));
    TreeMap<Integer, byte[]> parts = new TreeMap<>();
    TreeMap<Integer, String> etags = new TreeMap<>();
    for (int n = in.consumeInt(1, 4); n > 0; n--) {
      int number = in.consumeInt(1, 5);
      byte[] data = in.consumeBytes(in.consumeInt(0, 64));
      BodyWriter<PartInfo> writer = done(backend.openPartWrite(
          new UploadPart(BUCKET, key, upload.uploadId(), number, data.length, null, null)));
      appendInPieces(writer, data, in);
      PartInfo part = done(writer.commit(Map.of()));
      parts.put(number, data);
      etags.put(number, part.etag());
    }
    if (in.consumeBoolean()) {
      done(backend.abortMultipartUpload(new s3ish.bus.StorageMessages.UploadKey(BUCKET, key,
          upload.uploadId())));
      return;
    }
    List<CompletedPart> listed = new ArrayList<>();
    etags.forEach((number, etag) -> listed.add(new CompletedPart(number, etag)));
    Future<ObjectInfo> completed = backend.completeMultipartUpload(new CompleteMultipartUpload(BUCKET, key,
        upload.uploadId(), listed, null));
    boolean tooSmall = parts.headMap(parts.lastKey()).values().stream().anyMatch(p -> p.length < MIN_PART);
    if (tooSmall) {
      assertEquals(S3ErrorCode.ENTITY_TOO_SMALL, failure(completed));
      done(backend.abortMultipartUpload(new s3ish.bus.StorageMessages.UploadKey(BUCKET, key,
          upload.uploadId())));
      return;
    }
    ObjectInfo info = done(completed);
    byte[] whole = parts.values().stream().collect(java.io.ByteArrayOutputStream::new,
        (out, p) -> out.writeBytes(p), (a, b) -> a.writeBytes(b.toByteArray())).toByteArray();
    assertTrue(info.etag().endsWith("-" + parts.size() + "\""), info.etag());
    model.put(key, new Entry(whole, info.etag()));
  }

  private static String md5Hex(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }


  // ---- outcomes: the memory backend completes inline, the file backend on worker threads and event loops

  private static <T> T done(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("unexpected failure", e.getCause());
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome", e);
    }
  }

  private static S3Exception exception(Future<?> f) {
    try {
      Object result = f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ExecutionException e) {
      return (S3Exception) e.getCause();
    } catch (InterruptedException | TimeoutException e) {
      throw new AssertionError("no outcome", e);
    }
  }

  private static S3ErrorCode failure(Future<?> f) {
    return exception(f).code();
  }

  private static byte[] bodyBytes(ReadableObject object) {
    Buffer all = Buffer.buffer();
    CompletableFuture<Void> ended = new CompletableFuture<>();
    ReadableObject.Body body = object.body().get();
    body.exceptionHandler(ended::completeExceptionally);
    body.endHandler(v -> ended.complete(null));
    body.handler(all::appendBuffer);
    try {
      ended.get(30, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new AssertionError("body did not end", e);
    } finally {
      body.close();
    }
    return all.getBytes();
  }

  /** Bytes a memory backend holds (the file backend's blobs are checked by its own tests). */
  private static long used(IndexedBackend backend) {
    return backend instanceof MemoryBackend memory ? memory.usedBytes() : 0;
  }
}
