package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.util.List;
import s3ish.bus.S3Names;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.BucketInfo;

/** ListBuckets, CreateBucket, HeadBucket, DeleteBucket, GetBucketLocation, GetBucketVersioning. */
final class BucketOperations {
  static final String BUCKET_REGION = "x-amz-bucket-region";

  private final StorageClient storage;
  private final String region;

  BucketOperations(StorageClient storage, String region) {
    this.storage = storage;
    this.region = region;
  }

  Future<Void> listBuckets(RequestContext context, HttpServerRequest request) {
    return storage.listBuckets()
        .compose(buckets -> Responses.xml(request.response(), listAllMyBuckets(context.identity().accessKey(), buckets)));
  }

  static ListAllMyBucketsResult listAllMyBuckets(String accessKey, List<BucketInfo> buckets) {
    return new ListAllMyBucketsResult(Owner.of(accessKey), buckets.stream()
        .map(b -> new ListAllMyBucketsResult.Bucket(b.name(), HttpDates.iso(b.creationDate())))
        .toList());
  }

  Future<Void> createBucket(RequestContext context, HttpServerRequest request) {
    if (!S3Names.validBucket(context.bucket())) {
      return Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_BUCKET_NAME)
          .with("BucketName", context.bucket()));
    }
    return RequestBodies.collectXml(request)
        .map(BucketOperations::locationConstraint)
        .compose(location -> storage.createBucket(context.bucket(), location == null ? region : location))
        .compose(created -> request.response()
            .putHeader("Location", "/" + context.bucket())
            .putHeader("Content-Length", "0")
            .setStatusCode(200)
            .end());
  }

  /** The LocationConstraint of an optional CreateBucketConfiguration body; null when absent or empty. */
  static String locationConstraint(Buffer body) {
    if (body.length() == 0 || body.toString().isBlank()) {
      return null;
    }
    String location = S3Xml.parse(body, CreateBucketConfiguration.class).locationConstraint;
    return location == null || location.isBlank() ? null : location.trim();
  }

  Future<Void> headBucket(RequestContext context, HttpServerRequest request) {
    return storage.headBucket(context.bucket())
        .compose(info -> request.response()
            .putHeader(BUCKET_REGION, regionOf(info, region))
            .putHeader("Content-Length", "0")
            .setStatusCode(200)
            .end());
  }

  Future<Void> deleteBucket(RequestContext context, HttpServerRequest request) {
    return storage.deleteBucket(context.bucket())
        .compose(v -> Responses.empty(request.response(), 204));
  }

  Future<Void> getBucketLocation(RequestContext context, HttpServerRequest request) {
    return storage.headBucket(context.bucket())
        .compose(info -> Responses.xml(request.response(), LocationConstraint.of(regionOf(info, region))));
  }

  /** Versioning is never enabled: the empty document, which is what clients check for. */
  Future<Void> getBucketVersioning(RequestContext context, HttpServerRequest request) {
    return storage.headBucket(context.bucket())
        .compose(info -> Responses.xml(request.response(), VersioningConfiguration.NEVER_ENABLED));
  }

  /** The bucket's region; buckets that recorded none are in this server's. */
  static String regionOf(BucketInfo info, String serverRegion) {
    return info.region() == null || info.region().isEmpty() ? serverRegion : info.region();
  }
}
