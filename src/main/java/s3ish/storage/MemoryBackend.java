package s3ish.storage;

import s3ish.bus.S3Names;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Supplier;
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
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.ObjectSummary;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.WriteConditions;

/**
 * Buckets and objects in this JVM. Each bucket keeps an ordered key index; an object is its metadata plus an
 * immutable list of off-heap chunks. Every change of what is visible is one map operation, so readers see
 * either the old or the new version, never a partial one. Thread-safe.
 */
public final class MemoryBackend implements StorageBackend {
  static final String NAME = "memory";

  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final Capacity capacity;
  private final long maxObjectSize;

  /**
   * @param capacityBytes bytes of object data this backend may hold; 0: the JVM's direct memory limit
   * @param maxObjectSize largest single object (EntityTooLarge above)
   */
  public MemoryBackend(long capacityBytes, long maxObjectSize) {
    this.capacity = Capacity.of(capacityBytes);
    this.maxObjectSize = maxObjectSize;
  }

  record Bucket(String name, long creationDate, String region, ConcurrentSkipListMap<String, StoredObject> objects) {}

  record StoredObject(ObjectInfo info, StoredBody body) {}

  @Override
  public String name() {
    return NAME;
  }

  /** Bytes of object data currently accounted against the capacity. */
  public long usedBytes() {
    return capacity.used();
  }

  public long capacityBytes() {
    return capacity.max();
  }

  // ---- buckets

  @Override
  public Future<List<BucketInfo>> listBuckets() {
    return attempt(() -> buckets.values().stream()
        .sorted(Comparator.comparing(Bucket::name))
        .map(MemoryBackend::info)
        .toList());
  }

  @Override
  public Future<BucketInfo> createBucket(String bucket, String region) {
    return attempt(() -> {
      S3Names.checkBucket(bucket);
      Bucket created = new Bucket(bucket, System.currentTimeMillis(), region, new ConcurrentSkipListMap<>());
      if (buckets.putIfAbsent(bucket, created) != null) {
        throw new S3Exception(S3ErrorCode.BUCKET_ALREADY_OWNED_BY_YOU).with("BucketName", bucket);
      }
      return info(created);
    });
  }

  @Override
  public Future<BucketInfo> headBucket(String bucket) {
    return attempt(() -> info(bucket(bucket)));
  }

  @Override
  public Future<Void> deleteBucket(String bucket) {
    return attempt(() -> {
      boolean[] found = new boolean[1];
      buckets.computeIfPresent(bucket, (name, b) -> {
        found[0] = true;
        if (!b.objects().isEmpty()) {
          throw new S3Exception(S3ErrorCode.BUCKET_NOT_EMPTY).with("BucketName", bucket);
        }
        return null;
      });
      if (!found[0]) {
        throw noSuchBucket(bucket);
      }
      return null;
    });
  }

  // ---- objects

  @Override
  public Future<ObjectWriter> openWrite(PutObject put) {
    return attempt(() -> {
      Bucket b = bucket(put.bucket());
      S3Names.checkKey(put.key());
      if (put.contentLength() > maxObjectSize) {
        throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE)
            .with("ProposedSize", Long.toString(put.contentLength()))
            .with("MaxSizeAllowed", Long.toString(maxObjectSize));
      }
      return new MemoryObjectWriter(this, b, put, maxObjectSize, capacity);
    });
  }

  @Override
  public Future<ReadableObject> openRead(String bucket, String key, ByteRange range, ReadConditions conditions) {
    return attempt(() -> {
      StoredObject object = object(bucket(bucket), key);
      Preconditions.checkRead(object.info(), conditions);
      Preconditions.Span span = Preconditions.resolve(range, object.info().size());
      ObjectRead read = new ObjectRead(object.info(), span.start(), span.length(), span.ranged());
      Supplier<ReadableObject.Body> body = () -> new ChunkReadStream(object.body(), span.start(), span.length());
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
          copy.replaceMetadata() == null ? s.metadata() : copy.replaceMetadata(), s.checksums());
      install(target, new StoredObject(info, source.body()), copy.conditions());
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
    return attempt(() -> ObjectListing.list(bucket(list.bucket()).objects(), list));
  }

  // ---- for the writer

  /**
   * Makes {@code object} the visible version of its key, if the write conditions hold against the current one.
   * Owns the object's body reference: released when the install fails.
   */
  void install(Bucket bucket, StoredObject object, WriteConditions conditions) {
    String key = object.info().key();
    StoredObject[] replaced = new StoredObject[1];
    try {
      // compute() may run the function more than once; the last run is the one that took effect.
      bucket.objects().compute(key, (k, current) -> {
        Preconditions.checkWrite(current == null ? null : current.info(), conditions);
        replaced[0] = current;
        return object;
      });
    } catch (RuntimeException e) {
      object.body().release();
      throw e;
    }
    if (replaced[0] != null) {
      replaced[0].body().release();
    }
    if (buckets.get(bucket.name()) != bucket) {
      // The bucket was deleted while this write was open: withdraw it.
      if (bucket.objects().remove(key, object)) {
        object.body().release();
      }
      throw noSuchBucket(bucket.name());
    }
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

  private static void remove(Bucket bucket, String key) {
    StoredObject old = bucket.objects().remove(key);
    if (old != null) {
      old.body().release();
    }
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
  static <T> Future<T> attempt(Supplier<T> work) {
    try {
      return Future.succeededFuture(work.get());
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }
}
