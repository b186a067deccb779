package s3ish.storage;

import io.vertx.core.Future;
import java.util.List;
import s3ish.bus.StorageMessages.BucketInfo;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.DeleteResult;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;

/**
 * Where buckets and objects live. Every operation is asynchronous (a file backend does I/O) and thread-safe:
 * several storage verticle instances call one backend from their own event loops. Failures are
 * {@link s3ish.bus.S3Exception}s carrying the S3 error code.
 */
public interface StorageBackend {

  /** Short name reported by the storage ping, e.g. "memory". */
  String name();

  Future<List<BucketInfo>> listBuckets();

  Future<BucketInfo> createBucket(String bucket, String region);

  Future<BucketInfo> headBucket(String bucket);

  Future<Void> deleteBucket(String bucket);

  /**
   * Starts an upload after checking the bucket, the key and the declared size. Nothing is visible until
   * {@link ObjectWriter#commit} succeeds.
   */
  Future<ObjectWriter> openWrite(PutObject put);

  /**
   * Resolves an object, evaluates {@code conditions} and {@code range} (nullable) against the version found,
   * and returns what will be read plus a way to stream those bytes.
   */
  Future<ReadableObject> openRead(String bucket, String key, ByteRange range, ReadConditions conditions);

  Future<ObjectInfo> copyObject(CopyObject copy);

  /** Idempotent: a missing key is not an error, a missing bucket is. */
  Future<Void> deleteObject(String bucket, String key);

  Future<DeleteResult> deleteObjects(String bucket, List<String> keys);

  Future<ListResult> listObjects(ListObjects list);
}
