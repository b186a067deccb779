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
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
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
  default Future<ReadableObject> openRead(String bucket, String key, ByteRange range, ReadConditions conditions) {
    return openRead(bucket, key, range, conditions, null);
  }

  /**
   * As above; {@code partNumber} (nullable) selects one part of a multipart object (part 1 of an object written
   * in one piece is the whole object), read as a range.
   */
  Future<ReadableObject> openRead(String bucket, String key, ByteRange range, ReadConditions conditions,
      Integer partNumber);

  Future<ObjectInfo> copyObject(CopyObject copy);

  /** Idempotent: a missing key is not an error, a missing bucket is. */
  Future<Void> deleteObject(String bucket, String key);

  Future<DeleteResult> deleteObjects(String bucket, List<String> keys);

  Future<ListResult> listObjects(ListObjects list);

  // ---- multipart uploads

  Future<UploadCreated> createMultipartUpload(CreateMultipartUpload create);

  /** Checks the upload, part number and declared size; the part replaces any of the same number at commit. */
  Future<BodyWriter<PartInfo>> openPartWrite(UploadPart part);

  /** A part made of (a range of) an existing object, sharing its bytes. */
  Future<PartInfo> uploadPartCopy(UploadPartCopy copy);

  /** Publishes the object made of the listed parts (no byte is copied) and ends the upload. */
  Future<ObjectInfo> completeMultipartUpload(CompleteMultipartUpload complete);

  Future<Void> abortMultipartUpload(UploadKey upload);

  Future<PartList> listParts(ListParts list);

  Future<UploadList> listMultipartUploads(ListMultipartUploads list);

  /** The janitor's sweep: aborts every upload initiated before {@code epochMillis}; returns those it aborted. */
  Future<List<UploadKey>> abortUploadsInitiatedBefore(long epochMillis);
}
