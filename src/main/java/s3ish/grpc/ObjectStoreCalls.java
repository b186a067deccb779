package s3ish.grpc;

import io.vertx.core.Future;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.BucketRequest;
import s3ish.grpc.v1.CopyObjectRequest;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.DeleteObjectsRequest;
import s3ish.grpc.v1.DeleteObjectsResponse;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.HeadObjectRequest;
import s3ish.grpc.v1.KeyError;
import s3ish.grpc.v1.ListBucketsResponse;
import s3ish.grpc.v1.ListObjectsRequest;
import s3ish.grpc.v1.ListObjectsResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectKey;
import s3ish.grpc.v1.ObjectSummary;

/** The unary calls of {@code ObjectStore}, each one request to storage. */
final class ObjectStoreCalls {
  private static final int DEFAULT_MAX_KEYS = 1000;
  private static final Empty EMPTY = Empty.getDefaultInstance();

  private final StorageClient storage;

  ObjectStoreCalls(StorageClient storage) {
    this.storage = storage;
  }

  Future<Bucket> createBucket(CreateBucketRequest request) {
    return storage.createBucket(request.getBucket(), Messages.emptyToNull(request.getRegion())).map(Messages::bucket);
  }

  Future<Empty> deleteBucket(BucketRequest request) {
    return storage.deleteBucket(request.getBucket()).map(EMPTY);
  }

  Future<ListBucketsResponse> listBuckets(Empty request) {
    return storage.listBuckets().map(buckets -> ListBucketsResponse.newBuilder()
        .addAllBuckets(buckets.stream().map(Messages::bucket).toList()).build());
  }

  Future<Bucket> headBucket(BucketRequest request) {
    return storage.headBucket(request.getBucket()).map(Messages::bucket);
  }

  Future<ObjectInfo> headObject(HeadObjectRequest request) {
    StorageMessages.ReadConditions conditions = Messages.conditions(
        request.hasIfMatch() ? request.getIfMatch() : null, request.hasIfNoneMatch() ? request.getIfNoneMatch() : null);
    return storage.getObject(request.getBucket(), request.getKey(), null, conditions, true)
        .map(download -> Messages.info(download.info()));
  }

  Future<Empty> deleteObject(ObjectKey request) {
    return storage.deleteObject(request.getBucket(), request.getKey()).map(EMPTY);
  }

  /** The continuation token is the last key (or common prefix) of the previous page, as storage's marker. */
  Future<ListObjectsResponse> listObjects(ListObjectsRequest request) {
    int maxKeys = request.getMaxKeys() <= 0 ? DEFAULT_MAX_KEYS : Math.min(request.getMaxKeys(), DEFAULT_MAX_KEYS);
    return storage.listObjects(new StorageMessages.ListObjects(request.getBucket(),
            Messages.emptyToNull(request.getPrefix()), Messages.emptyToNull(request.getDelimiter()),
            Messages.emptyToNull(request.getContinuationToken()), maxKeys))
        .map(result -> {
          ListObjectsResponse.Builder b = ListObjectsResponse.newBuilder()
              .addAllCommonPrefixes(result.commonPrefixes())
              .setTruncated(result.truncated());
          result.contents().forEach(o -> b.addObjects(ObjectSummary.newBuilder()
              .setKey(o.key()).setSize(o.size()).setEtag(o.etag()).setLastModified(o.lastModified())));
          if (result.truncated() && result.nextMarker() != null) {
            b.setNextContinuationToken(result.nextMarker());
          }
          return b.build();
        });
  }

  Future<ObjectInfo> copyObject(CopyObjectRequest request) {
    return storage.copyObject(new StorageMessages.CopyObject(request.getSourceBucket(), request.getSourceKey(),
            request.getBucket(), request.getKey(), StorageMessages.ReadConditions.NONE, null,
            StorageMessages.WriteConditions.NONE))
        .map(Messages::info);
  }

  Future<DeleteObjectsResponse> deleteObjects(DeleteObjectsRequest request) {
    return storage.deleteObjects(request.getBucket(), request.getKeysList()).map(result -> {
      DeleteObjectsResponse.Builder b = DeleteObjectsResponse.newBuilder().addAllDeleted(result.deleted());
      result.errors().forEach(e -> b.addErrors(KeyError.newBuilder()
          .setKey(e.key()).setCode(e.code()).setMessage(e.message() == null ? "" : e.message())));
      return b.build();
    });
  }
}
