package s3ish.grpc;

import io.vertx.core.Future;
import java.util.List;
import java.util.Objects;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.BucketRequest;
import s3ish.grpc.v1.CompleteMultipartUploadRequest;
import s3ish.grpc.v1.CopyObjectRequest;
import s3ish.grpc.v1.CreateMultipartUploadRequest;
import s3ish.grpc.v1.CreateBucketRequest;
import s3ish.grpc.v1.DeleteObjectsRequest;
import s3ish.grpc.v1.DeleteObjectsResponse;
import s3ish.grpc.v1.Empty;
import s3ish.grpc.v1.HeadObjectRequest;
import s3ish.grpc.v1.KeyError;
import s3ish.grpc.v1.ListBucketsResponse;
import s3ish.grpc.v1.ListMultipartUploadsRequest;
import s3ish.grpc.v1.ListMultipartUploadsResponse;
import s3ish.grpc.v1.ListObjectsRequest;
import s3ish.grpc.v1.ListObjectsResponse;
import s3ish.grpc.v1.ListPartsRequest;
import s3ish.grpc.v1.ListPartsResponse;
import s3ish.grpc.v1.MultipartUpload;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectKey;
import s3ish.grpc.v1.ObjectSummary;
import s3ish.grpc.v1.Part;
import s3ish.grpc.v1.UploadKey;
import s3ish.grpc.v1.UploadPartCopyRequest;
import s3ish.grpc.v1.UploadSummary;

/** The unary calls of {@code ObjectStore} (multipart ones included), each one request to storage. */
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
    int maxKeys = pageSize(request.getMaxKeys());
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

  // ---- multipart

  Future<MultipartUpload> createMultipartUpload(CreateMultipartUploadRequest request) {
    Checksum algorithm = null;
    if (request.hasChecksumAlgorithm()) {
      algorithm = Checksum.ofAlgorithm(request.getChecksumAlgorithm());
      if (algorithm == null || !algorithm.isObjectChecksum()) {
        return Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "checksum_algorithm must be one of CRC32, CRC32C, CRC64NVME, SHA1, SHA256"));
      }
    }
    return storage.createMultipartUpload(new StorageMessages.CreateMultipartUpload(request.getBucket(),
            request.getKey(), Messages.metadata(request.getContentType(), request.getMetadataMap()), algorithm))
        .map(created -> MultipartUpload.newBuilder().setBucket(created.bucket()).setKey(created.key())
            .setUploadId(created.uploadId()).setInitiated(created.initiated()).build());
  }

  Future<Part> uploadPartCopy(UploadPartCopyRequest request) {
    if (request.hasRangeFirst() != request.hasRangeLast()) {
      return Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "range_first and range_last go together"));
    }
    StorageMessages.ByteRange range = request.hasRangeFirst()
        ? new StorageMessages.ByteRange(request.getRangeFirst(), request.getRangeLast(), null)
        : null;
    return storage.uploadPartCopy(new StorageMessages.UploadPartCopy(request.getBucket(), request.getKey(),
            request.getUploadId(), request.getPartNumber(), request.getSourceBucket(), request.getSourceKey(), range,
            Messages.conditions(request.hasSourceIfMatch() ? request.getSourceIfMatch() : null,
                request.hasSourceIfNoneMatch() ? request.getSourceIfNoneMatch() : null)))
        .map(Messages::part);
  }

  Future<ObjectInfo> completeMultipartUpload(CompleteMultipartUploadRequest request) {
    // Order, ETags and sizes are storage's to judge (InvalidPartOrder, InvalidPart, EntityTooSmall).
    List<StorageMessages.CompletedPart> parts = request.getPartsList().stream()
        .map(p -> StorageMessages.CompletedPart.asSent(p.getPartNumber(), p.getEtag()))
        .toList();
    return storage.completeMultipartUpload(new StorageMessages.CompleteMultipartUpload(request.getBucket(),
            request.getKey(), request.getUploadId(), parts, StorageMessages.WriteConditions.NONE))
        .map(Messages::info);
  }

  Future<Empty> abortMultipartUpload(UploadKey request) {
    return storage.abortMultipartUpload(request.getBucket(), request.getKey(), request.getUploadId()).map(EMPTY);
  }

  Future<ListPartsResponse> listParts(ListPartsRequest request) {
    return storage.listParts(new StorageMessages.ListParts(request.getBucket(), request.getKey(),
            request.getUploadId(), Math.max(0, request.getPartNumberMarker()), pageSize(request.getMaxParts())))
        .map(list -> ListPartsResponse.newBuilder()
            .addAllParts(list.parts().stream().map(Messages::part).toList())
            .setTruncated(list.truncated())
            .setNextPartNumberMarker(list.truncated() ? list.nextPartNumberMarker() : 0)
            .setInitiated(list.initiated())
            .build());
  }

  Future<ListMultipartUploadsResponse> listMultipartUploads(ListMultipartUploadsRequest request) {
    return storage.listMultipartUploads(new StorageMessages.ListMultipartUploads(request.getBucket(),
            Messages.emptyToNull(request.getPrefix()), Messages.emptyToNull(request.getDelimiter()),
            Messages.emptyToNull(request.getKeyMarker()), Messages.emptyToNull(request.getUploadIdMarker()),
            pageSize(request.getMaxUploads())))
        .map(list -> {
          ListMultipartUploadsResponse.Builder b = ListMultipartUploadsResponse.newBuilder()
              .addAllCommonPrefixes(list.commonPrefixes())
              .setTruncated(list.truncated());
          list.uploads().forEach(u -> b.addUploads(UploadSummary.newBuilder()
              .setKey(u.key()).setUploadId(u.uploadId()).setInitiated(u.initiated())));
          if (list.truncated()) {
            b.setNextKeyMarker(Objects.toString(list.nextKeyMarker(), ""))
                .setNextUploadIdMarker(Objects.toString(list.nextUploadIdMarker(), ""));
          }
          return b.build();
        });
  }

  /** 0 (unset) is the default page; more than the default is capped, as S3 does. */
  private static int pageSize(int requested) {
    return requested <= 0 ? DEFAULT_MAX_KEYS : Math.min(requested, DEFAULT_MAX_KEYS);
  }
}
