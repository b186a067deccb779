package s3ish.storage;

import s3ish.bus.S3Names;
import io.vertx.core.Future;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.BucketInfo;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.DeleteResult;
import s3ish.bus.StorageMessages.KeyError;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.ObjectSummary;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.WriteConditions;
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.CreateMultipartUpload;
import s3ish.bus.StorageMessages.ListMultipartUploads;
import s3ish.bus.StorageMessages.ListParts;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.PartList;
import s3ish.bus.StorageMessages.UploadCreated;
import s3ish.bus.StorageMessages.UploadKey;
import s3ish.bus.StorageMessages.UploadList;
import s3ish.bus.StorageMessages.UploadPart;
import s3ish.bus.StorageMessages.UploadPartCopy;

/**
 * The S3 semantics every backend shares, over an in-memory index: buckets, an ordered key index per bucket,
 * multipart uploads. An object is its metadata plus a {@link StoredBody}; where body bytes live (direct buffers,
 * blobs) and whether changes are persisted is the subclass's. Every change of what is visible is made under the
 * key's lock, persisted first ({@link #persistObject} and friends) and then applied to the index, so readers see
 * either the old or the new version, never a partial one. Thread-safe.
 */
public abstract class IndexedBackend implements StorageBackend {
  private static final int KEY_LOCKS = 256;

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  /** Multipart uploads in progress, by id; {@link #uploadIndex} orders the same ones for listing. */
  private final ConcurrentHashMap<String, MultipartUpload> uploads = new ConcurrentHashMap<>();
  private final ConcurrentSkipListMap<MultipartUpload.Order, MultipartUpload> uploadIndex = new ConcurrentSkipListMap<>();
  private final java.util.concurrent.atomic.AtomicLong uploadSequence = new java.util.concurrent.atomic.AtomicLong();
  private final SecureRandom random = new SecureRandom();
  private final Object[] keyLocks = new Object[KEY_LOCKS];
  private final long maxObjectSize;
  private final long minPartSize;

  /**
   * @param maxObjectSize largest single object or part (EntityTooLarge above)
   * @param minPartSize smallest part but the last of a completed multipart upload (EntityTooSmall below)
   */
  IndexedBackend(long maxObjectSize, long minPartSize) {
    this.maxObjectSize = maxObjectSize;
    this.minPartSize = minPartSize;
    for (int i = 0; i < KEY_LOCKS; i++) {
      keyLocks[i] = new Object();
    }
  }

  // ---- what a backend provides

  /**
   * Runs index work (which calls the persist hooks) as a Future: inline when nothing blocks, on a worker
   * thread when persisting does file I/O. Any exception becomes the failure.
   */
  abstract <T> Future<T> attempt(Supplier<T> work);

  /** Where the bytes of a new body of {@code contentLength} bytes (-1: unknown) go. */
  abstract Future<BodySink> newBody(long contentLength);

  /** Streams {@code length} bytes of {@code body} from {@code start}. */
  abstract ReadableObject.Body read(StoredBody body, long start, long length);

  /** Makes a bucket durable; called before it becomes visible. */
  void persistBucket(BucketInfo bucket) {}

  void forgetBucket(String bucket) {}

  /** Makes an object version durable (replacing the key's previous one); called under the key's lock. */
  void persistObject(StoredObject object) {}

  void forgetObject(String bucket, String key) {}

  void persistUpload(MultipartUpload upload) {}

  /** Makes a part durable (replacing one of the same number); called under the upload's monitor. */
  void persistPart(MultipartUpload upload, MultipartUpload.Part part) {}

  void forgetUpload(MultipartUpload upload) {}

  /** For a backend restoring its state at start-up, before serving. */
  void restoreBucket(BucketInfo info) {
    buckets.put(info.name(), new Bucket(info.name(), info.creationDate(), info.region(), new ConcurrentSkipListMap<>()));
  }

  /** As above: false when the object's bucket is unknown. Takes over the body's reference. */
  boolean restoreObject(StoredObject object) {
    Bucket b = buckets.get(object.info().bucket());
    if (b == null) {
      return false;
    }
    StoredObject old = b.objects().put(object.info().key(), object);
    if (old != null) {
      old.body().release();
    }
    return true;
  }

  /** As above, in initiation order; false when the upload's bucket is unknown. */
  boolean restoreUpload(MultipartUpload upload) {
    if (!buckets.containsKey(upload.bucket)) {
      return false;
    }
    uploads.put(upload.id, upload);
    uploadIndex.put(upload.order(), upload);
    return true;
  }

  long nextUploadSequence() {
    return uploadSequence.incrementAndGet();
  }

  record Bucket(String name, long creationDate, String region, ConcurrentSkipListMap<String, StoredObject> objects) {}

  /** {@code partSizes}: the size of each part of a multipart object, in order; empty for one written in one piece. */
  record StoredObject(ObjectInfo info, StoredBody body, List<Long> partSizes) {
    StoredObject(ObjectInfo info, StoredBody body) {
      this(info, body, List.of());
    }
  }

  // ---- buckets

  @Override
  public Future<List<BucketInfo>> listBuckets() {
    return now(() -> buckets.values().stream()
        .sorted(Comparator.comparing(Bucket::name))
        .map(IndexedBackend::info)
        .toList());
  }

  @Override
  public Future<BucketInfo> createBucket(String bucket, String region) {
    return attempt(() -> {
      S3Names.checkBucket(bucket);
      Bucket created = new Bucket(bucket, System.currentTimeMillis(), region, new ConcurrentSkipListMap<>());
      synchronized (buckets) {
        if (buckets.containsKey(bucket)) {
          throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU).with("BucketName", bucket);
        }
        persistBucket(info(created));
        buckets.put(bucket, created);
      }
      return info(created);
    });
  }

  @Override
  public Future<BucketInfo> headBucket(String bucket) {
    return now(() -> info(bucket(bucket)));
  }

  @Override
  public Future<Void> deleteBucket(String bucket) {
    return attempt(() -> {
      synchronized (buckets) {
        Bucket b = bucket(bucket);
        if (!b.objects().isEmpty()) {
          throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY).with("BucketName", bucket);
        }
        forgetBucket(bucket);
        buckets.remove(bucket);
      }
      // Uploads in progress die with their bucket (their space is freed).
      for (MultipartUpload u : List.copyOf(uploadIndex.subMap(
          new MultipartUpload.Order(bucket, "", Long.MIN_VALUE, ""), new MultipartUpload.Order(bucket + "\0", "", Long.MIN_VALUE, "")).values())) {
        abort(u);
      }
      return null;
    });
  }

  // ---- objects

  @Override
  public Future<ObjectWriter> openWrite(PutObject put) {
    Bucket b;
    try {
      b = bucket(put.bucket());
      S3Names.checkKey(put.key());
      checkSize(put.contentLength());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return newBody(put.contentLength()).map(sink -> new ObjectUpload(b, put, sink));
  }

  @Override
  public Future<ReadableObject> openRead(String bucket, String key, ByteRange range, ReadConditions conditions,
      Integer partNumber) {
    return now(() -> {
      if (partNumber != null && range != null && (range.first() != null || range.suffixLength() != null)) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Cannot specify both Range header and partNumber query parameter");
      }
      if (partNumber != null) {
        checkPartNumber(partNumber);
      }
      StoredObject object = object(bucket(bucket), key);
      Preconditions.checkRead(object.info(), conditions);
      Preconditions.Span span = partNumber == null
          ? Preconditions.resolve(range, object.info().size())
          : partSpan(object, partNumber);
      ObjectRead read = new ObjectRead(object.info(), span.start(), span.length(), span.ranged());
      Supplier<ReadableObject.Body> body = () -> read(object.body(), span.start(), span.length());
      return new ReadableObject(read, body);
    });
  }

  @Override
  public Future<ObjectInfo> copyObject(CopyObject copy) {
    return attempt(() -> {
      StoredObject source = object(bucket(copy.sourceBucket()), copy.sourceKey());
      Preconditions.checkCopySource(source.info(), copy.sourceConditions());
      Bucket target = bucket(copy.bucket());
      S3Names.checkKey(copy.key());
      if (copy.replaceMetadata() == null
          && copy.sourceBucket().equals(copy.bucket()) && copy.sourceKey().equals(copy.key())) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to copy "
            + "an object to itself without changing the object's metadata, storage class, website redirect "
            + "location or encryption attributes.");
      }
      if (!source.body().retain()) {
        throw noSuchKey(copy.sourceKey()); // deleted between lookup and now
      }
      ObjectInfo s = source.info();
      ObjectInfo info = new ObjectInfo(copy.bucket(), copy.key(), s.size(), s.etag(), System.currentTimeMillis(),
          copy.replaceMetadata() == null ? s.metadata() : copy.replaceMetadata(), s.checksums(), s.partsCount());
      install(target, new StoredObject(info, source.body(), source.partSizes()), copy.conditions());
      return info;
    });
  }

  @Override
  public Future<Void> deleteObject(String bucket, String key) {
    return attempt(() -> {
      remove(bucket(bucket), key);
      return null;
    });
  }

  @Override
  public Future<DeleteResult> deleteObjects(String bucket, List<String> keys) {
    return attempt(() -> {
      Bucket b = bucket(bucket);
      List<String> deleted = new ArrayList<>();
      List<KeyError> errors = new ArrayList<>();
      for (String key : keys) {
        try {
          S3Names.checkKey(key);
          remove(b, key);
          deleted.add(key);
        } catch (S3Exception e) {
          errors.add(new KeyError(key, e.code().code(), e.getMessage()));
        }
      }
      return new DeleteResult(deleted, errors);
    });
  }

  @Override
  public Future<ListResult> listObjects(ListObjects list) {
    return now(() -> ObjectListing.list(bucket(list.bucket()).objects(), list));
  }


  // ---- multipart uploads

  @Override
  public Future<UploadCreated> createMultipartUpload(CreateMultipartUpload create) {
    return attempt(() -> {
      bucket(create.bucket());
      S3Names.checkKey(create.key());
      byte[] id = new byte[24];
      random.nextBytes(id);
      MultipartUpload upload = new MultipartUpload(Base64.getUrlEncoder().withoutPadding().encodeToString(id),
          create.bucket(), create.key(), create.metadata(), create.checksumAlgorithm(), System.currentTimeMillis(),
          uploadSequence.incrementAndGet());
      persistUpload(upload);
      uploads.put(upload.id, upload);
      uploadIndex.put(upload.order(), upload);
      return new UploadCreated(upload.bucket, upload.key, upload.id, upload.initiated);
    });
  }

  @Override
  public Future<BodyWriter<PartInfo>> openPartWrite(UploadPart part) {
    MultipartUpload upload;
    try {
      bucket(part.bucket());
      checkPartNumber(part.partNumber());
      upload = upload(part.bucket(), part.key(), part.uploadId());
      checkSize(part.contentLength());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return newBody(part.contentLength()).map(sink -> new VerifyingBodyWriter<PartInfo>(part.contentLength(),
        part.expected(), part.trailing(), computedFor(upload), maxObjectSize, sink) {
      @Override
      Future<PartInfo> publish(StoredBody body, String md5Hex, Map<Checksum, String> checksums) {
        PartInfo info = new PartInfo(part.partNumber(), quote(md5Hex), body.size(), System.currentTimeMillis(),
            checksums);
        return putPart(upload, new MultipartUpload.Part(info, body)).map(info);
      }
    });
  }

  private void checkSize(long contentLength) {
    if (contentLength > maxObjectSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE)
          .with("ProposedSize", Long.toString(contentLength))
          .with("MaxSizeAllowed", Long.toString(maxObjectSize));
    }
  }

  /** Adds (or replaces) a part, persisted first; owns the part's body. */
  private Future<Void> putPart(MultipartUpload upload, MultipartUpload.Part part) {
    return attempt(() -> {
      try {
        upload.putPart(part, () -> persistPart(upload, part));
      } catch (RuntimeException e) {
        part.body().release();
        throw e;
      }
      return null;
    });
  }

  @Override
  public Future<PartInfo> uploadPartCopy(UploadPartCopy copy) {
    record Source(MultipartUpload upload, StoredBody body) {}
    return attempt(() -> {
      bucket(copy.bucket());
      checkPartNumber(copy.partNumber());
      MultipartUpload upload = upload(copy.bucket(), copy.key(), copy.uploadId());
      StoredObject source = object(bucket(copy.sourceBucket()), copy.sourceKey());
      Preconditions.checkCopySource(source.info(), copy.sourceConditions());
      Preconditions.Span span = Preconditions.resolve(copy.sourceRange(), source.info().size());
      if (span.length() > maxObjectSize) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).with("MaxSizeAllowed", Long.toString(maxObjectSize));
      }
      StoredBody body = source.body().slice(span.start(), span.length())
          .orElseThrow(() -> noSuchKey(copy.sourceKey())); // deleted between lookup and now
      return new Source(upload, body);
    }).compose(source -> digest(source.body(), computedFor(source.upload()))
        .onFailure(e -> source.body().release())
        .compose(digests -> {
          PartInfo info = new PartInfo(copy.partNumber(), quote(digests.md5Hex()), source.body().size(),
              System.currentTimeMillis(), digests.objectChecksums());
          return putPart(source.upload(), new MultipartUpload.Part(info, source.body())).map(info);
        }));
  }

  /** The part's ETag is the MD5 of its bytes: digest the shared bytes where they are (nothing is copied). */
  private Future<BodyDigests> digest(StoredBody body, Set<Checksum> computed) {
    BodyDigests digests = new BodyDigests(Map.of(), computed);
    io.vertx.core.Promise<BodyDigests> done = io.vertx.core.Promise.promise();
    ReadableObject.Body bytes = read(body, 0, body.size());
    bytes.exceptionHandler(done::tryFail);
    bytes.endHandler(v -> done.tryComplete(digests));
    bytes.handler(data -> digests.update(((io.vertx.core.internal.buffer.BufferInternal) data).getByteBuf()
        .nioBuffer(0, data.length())));
    return done.future().onComplete(ar -> bytes.close());
  }

  @Override
  public Future<ObjectInfo> completeMultipartUpload(CompleteMultipartUpload complete) {
    return attempt(() -> {
      Bucket b = bucket(complete.bucket());
      MultipartUpload upload = upload(complete.bucket(), complete.key(), complete.uploadId());
      List<CompletedPart> listed = complete.parts() == null ? List.of() : complete.parts();
      if (listed.isEmpty()) {
        throw new S3Exception(S3ErrorCode.MALFORMED_XML);
      }
      for (int i = 1; i < listed.size(); i++) {
        if (listed.get(i).partNumber() <= listed.get(i - 1).partNumber()) {
          throw new S3Exception(S3ErrorCode.INVALID_PART_ORDER);
        }
      }
      // One complete at a time per upload; parts arriving meanwhile wait (they would be dropped anyway).
      synchronized (upload) {
        upload.requireOpen();
        Map<Integer, MultipartUpload.Part> parts = upload.parts();
        List<MultipartUpload.Part> chosen = new ArrayList<>(listed.size());
        for (CompletedPart c : listed) {
          MultipartUpload.Part p = parts.get(c.partNumber());
          if (p == null || c.etag() == null || !unquote(c.etag()).equals(unquote(p.info().etag()))) {
            throw new S3Exception(S3ErrorCode.INVALID_PART)
                .with("UploadId", upload.id).with("PartNumber", Integer.toString(c.partNumber()));
          }
          chosen.add(p);
        }
        for (int i = 0; i < chosen.size() - 1; i++) {
          if (chosen.get(i).info().size() < minPartSize) {
            throw new S3Exception(S3ErrorCode.ENTITY_TOO_SMALL)
                .with("ProposedSize", Long.toString(chosen.get(i).info().size()))
                .with("MinSizeAllowed", Long.toString(minPartSize))
                .with("PartNumber", Integer.toString(chosen.get(i).info().partNumber()));
          }
        }
        List<StoredBody> bodies = new ArrayList<>(chosen.size());
        List<Long> sizes = new ArrayList<>(chosen.size());
        for (MultipartUpload.Part p : chosen) {
          p.body().retain(); // cannot fail: the open upload holds a reference
          bodies.add(p.body());
          sizes.add(p.info().size());
        }
        StoredBody body = StoredBody.concat(bodies);
        ObjectInfo info = new ObjectInfo(upload.bucket, upload.key, body.size(), multipartEtag(chosen),
            System.currentTimeMillis(), upload.metadata, compositeChecksums(upload.algorithm, chosen), chosen.size());
        // Fails on the write conditions with the upload still open, so the client may retry or abort.
        install(b, new StoredObject(info, body, sizes), complete.conditions());
        forget(upload);
        forgetUpload(upload);
        upload.close(); // frees the parts not listed; the listed ones live on in the object
        return info;
      }
    });
  }

  @Override
  public Future<Void> abortMultipartUpload(UploadKey key) {
    return attempt(() -> {
      bucket(key.bucket());
      if (!abort(upload(key.bucket(), key.key(), key.uploadId()))) {
        throw MultipartUpload.noSuchUpload(key.uploadId());
      }
      return null;
    });
  }

  @Override
  public Future<PartList> listParts(ListParts list) {
    return now(() -> {
      bucket(list.bucket());
      MultipartUpload upload = upload(list.bucket(), list.key(), list.uploadId());
      int max = Math.max(0, Math.min(list.maxParts(), 1000));
      boolean[] truncated = new boolean[1];
      List<PartInfo> parts = upload.partsAfter(Math.max(0, list.partNumberMarker()), max, truncated);
      int next = parts.isEmpty() ? Math.max(0, list.partNumberMarker()) : parts.get(parts.size() - 1).partNumber();
      return new PartList(upload.bucket, upload.key, upload.id, upload.initiated, parts, truncated[0], next);
    });
  }

  @Override
  public Future<UploadList> listMultipartUploads(ListMultipartUploads list) {
    return now(() -> {
      bucket(list.bucket());
      return UploadListing.list(uploadIndex, list);
    });
  }

  @Override
  public Future<List<UploadKey>> abortUploadsInitiatedBefore(long epochMillis) {
    return attempt(() -> {
      List<UploadKey> aborted = new ArrayList<>();
      for (MultipartUpload u : List.copyOf(uploads.values())) {
        if (u.initiated < epochMillis && abort(u)) {
          aborted.add(new UploadKey(u.bucket, u.key, u.id));
        }
      }
      return aborted;
    });
  }

  /** Number of multipart uploads in progress. */
  public int uploadsInProgress() {
    return uploads.size();
  }

  /** Ends an upload and frees its parts; false when it had already ended (idempotent, e.g. two janitors). */
  private boolean abort(MultipartUpload upload) {
    synchronized (upload) {
      if (!upload.isOpen()) {
        return false;
      }
      forgetUpload(upload);
      forget(upload);
      return upload.close();
    }
  }

  private void forget(MultipartUpload upload) {
    uploads.remove(upload.id, upload);
    uploadIndex.remove(upload.order(), upload);
  }

  private MultipartUpload upload(String bucket, String key, String uploadId) {
    MultipartUpload u = uploadId == null ? null : uploads.get(uploadId);
    if (u == null || !u.bucket.equals(bucket) || !u.key.equals(key)) {
      throw MultipartUpload.noSuchUpload(uploadId);
    }
    return u;
  }

  private static Set<Checksum> computedFor(MultipartUpload upload) {
    return upload.algorithm == null ? Set.of() : Set.of(upload.algorithm);
  }

  private static void checkPartNumber(int partNumber) {
    if (partNumber < 1 || partNumber > MultipartUpload.MAX_PARTS) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT,
          "Part number must be an integer between 1 and 10000, inclusive")
          .with("ArgumentName", "partNumber").with("ArgumentValue", Integer.toString(partNumber));
    }
  }

  /** One part of an object as a range; part 1 of an object written in one piece is all of it (as in S3). */
  private static Preconditions.Span partSpan(StoredObject object, int partNumber) {
    List<Long> sizes = object.partSizes();
    if (sizes.isEmpty()) {
      if (partNumber != 1) {
        throw new S3Exception(S3ErrorCode.INVALID_PART_NUMBER);
      }
      return new Preconditions.Span(0, object.info().size(), true);
    }
    if (partNumber > sizes.size()) {
      throw new S3Exception(S3ErrorCode.INVALID_PART_NUMBER);
    }
    long start = 0;
    for (int i = 0; i < partNumber - 1; i++) {
      start += sizes.get(i);
    }
    return new Preconditions.Span(start, sizes.get(partNumber - 1), true);
  }

  /** {@code "<hex md5 of the concatenated binary part MD5s>-N"}, as S3 computes it. */
  static String multipartEtag(List<MultipartUpload.Part> parts) {
    BodyDigests digests = new BodyDigests(Map.of(), Set.of());
    for (MultipartUpload.Part p : parts) {
      digests.update(java.nio.ByteBuffer.wrap(HexFormat.of().parseHex(unquote(p.info().etag()))));
    }
    return quote(digests.md5Hex() + "-" + parts.size());
  }

  /**
   * The upload's checksum algorithm over the parts' checksums, {@code "<base64>-N"} (S3's composite checksum);
   * none when no algorithm was chosen at create.
   */
  private static Map<Checksum, String> compositeChecksums(Checksum algorithm, List<MultipartUpload.Part> parts) {
    if (algorithm == null) {
      return Map.of();
    }
    BodyDigests digests = new BodyDigests(Map.of(), Set.of(algorithm));
    for (MultipartUpload.Part p : parts) {
      String partSum = p.info().checksums().get(algorithm);
      if (partSum == null) {
        return Map.of();
      }
      digests.update(java.nio.ByteBuffer.wrap(Base64.getDecoder().decode(partSum)));
    }
    String value = digests.objectChecksums().get(algorithm);
    return value == null ? Map.of() : Map.of(algorithm, value + "-" + parts.size());
  }

  private static String quote(String etag) {
    return "\"" + etag + "\"";
  }

  private static String unquote(String etag) {
    String e = etag.trim();
    return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
  }

  /** A PutObject's body: commit installs it as the key's visible version. */
  private final class ObjectUpload extends VerifyingBodyWriter<ObjectInfo> implements ObjectWriter {
    private final Bucket bucket;
    private final PutObject put;

    ObjectUpload(Bucket bucket, PutObject put, BodySink sink) {
      super(put.contentLength(), put.expected(), put.trailing(), Set.of(), maxObjectSize, sink);
      this.bucket = bucket;
      this.put = put;
    }

    @Override
    Future<ObjectInfo> publish(StoredBody body, String md5Hex, Map<Checksum, String> checksums) {
      ObjectMetadata metadata = put.metadata() == null ? ObjectMetadata.EMPTY : put.metadata();
      ObjectInfo info = new ObjectInfo(put.bucket(), put.key(), body.size(), quote(md5Hex),
          System.currentTimeMillis(), metadata, checksums);
      return attempt(() -> {
        install(bucket, new StoredObject(info, body), put.conditions());
        return info;
      });
    }
  }

  // ---- for the writers

  /**
   * Makes {@code object} the visible version of its key, if the write conditions hold against the current one.
   * Owns the object's body reference: released when the install fails.
   */
  void install(Bucket bucket, StoredObject object, WriteConditions conditions) {
    String key = object.info().key();
    StoredObject replaced;
    try {
      synchronized (lockFor(bucket.name(), key)) {
        StoredObject current = bucket.objects().get(key);
        Preconditions.checkWrite(current == null ? null : current.info(), conditions);
        persistObject(object);
        bucket.objects().put(key, object);
        replaced = current;
      }
    } catch (RuntimeException e) {
      object.body().release();
      throw e;
    }
    if (replaced != null) {
      replaced.body().release(); // after the change is durable: a crash before leaves an orphan, never a hole
    }
    if (buckets.get(bucket.name()) != bucket) {
      // The bucket was deleted while this write was open: withdraw it.
      synchronized (lockFor(bucket.name(), key)) {
        if (bucket.objects().get(key) == object) {
          forgetObject(bucket.name(), key);
          bucket.objects().remove(key, object);
          object.body().release();
        }
      }
      throw noSuchBucket(bucket.name());
    }
  }

  private Object lockFor(String bucket, String key) {
    return keyLocks[Math.floorMod(bucket.hashCode() * 31 + key.hashCode(), KEY_LOCKS)];
  }

  // ---- internals

  private Bucket bucket(String name) {
    Bucket b = name == null ? null : buckets.get(name);
    if (b == null) {
      throw noSuchBucket(name);
    }
    return b;
  }

  private static StoredObject object(Bucket bucket, String key) {
    StoredObject o = key == null ? null : bucket.objects().get(key);
    if (o == null) {
      throw noSuchKey(key);
    }
    return o;
  }

  private void remove(Bucket bucket, String key) {
    StoredObject old;
    synchronized (lockFor(bucket.name(), key)) {
      old = bucket.objects().get(key);
      if (old == null) {
        return;
      }
      forgetObject(bucket.name(), key);
      bucket.objects().remove(key);
    }
    old.body().release();
  }

  private static BucketInfo info(Bucket b) {
    return new BucketInfo(b.name(), b.creationDate(), b.region());
  }

  private static S3Exception noSuchBucket(String name) {
    return new S3Exception(S3ErrorCode.NO_SUCH_BUCKET).with("BucketName", String.valueOf(name));
  }

  private static S3Exception noSuchKey(String key) {
    return new S3Exception(S3ErrorCode.NO_SUCH_KEY).with("Key", String.valueOf(key));
  }

  /** Runs synchronous work as a Future; any exception becomes the failure. */
  static <T> Future<T> now(Supplier<T> work) {
    try {
      return Future.succeededFuture(work.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
