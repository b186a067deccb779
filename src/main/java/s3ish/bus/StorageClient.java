package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.buffer.Buffer;
import java.util.List;
import s3ish.observability.S3ishMetrics;
import s3ish.bus.StorageMessages.BucketInfo;
import s3ish.bus.StorageMessages.PutInline;
import s3ish.bus.StorageMessages.BucketList;
import s3ish.bus.StorageMessages.BucketName;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.CreateBucket;
import s3ish.bus.StorageMessages.DeleteObjects;
import s3ish.bus.StorageMessages.DeleteResult;
import s3ish.bus.StorageMessages.GetObject;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectKey;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.Ping;
import s3ish.bus.StorageMessages.Pong;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.StreamOpened;

/**
 * The storage role as seen by a caller: HTTP and gRPC verticles and internal tools alike. Every method is one
 * request over the bus; bodies stream through the caller's {@link StreamEndpoint}. Failures are always
 * {@link S3Exception}s. Use from the context that created the endpoint.
 */
public final class StorageClient {
  private final Vertx vertx;
  private final StreamEndpoint endpoint;
  private final DeliveryOptions options;
  private final Lanes lanes;
  private final S3ishMetrics metrics = S3ishMetrics.get();

  public StorageClient(Vertx vertx, StreamEndpoint endpoint) {
    this.vertx = vertx;
    this.endpoint = endpoint;
    this.options = new DeliveryOptions().setSendTimeout(endpoint.settings().idleTimeoutMs());
    this.lanes = Lanes.of(vertx);
  }

  /** A body being uploaded: write to {@link #body()}, end it, then {@link #committed()} has the object. */
  public record Upload(OutboundStream body) {
    public Future<ObjectInfo> committed() {
      return body.result();
    }
  }

  /** One part's body being uploaded: write to {@link #body()}, end it, then {@link #uploaded()} has the part. */
  public record PartUpload(OutboundStream body) {
    public Future<StorageMessages.PartInfo> uploaded() {
      return body.result();
    }
  }

  /**
   * An object being read: {@code info}, the byte span, and its bytes: {@link #inline()} when storage sent them
   * in its reply (at most one chunk), else streaming in {@code body}; neither for HEAD or zero length.
   */
  public record Download(ObjectRead read, ReadStream<Buffer> body, InboundStream stream) {
    public ObjectInfo info() {
      return read.info();
    }

    public Buffer inline() {
      return read.body();
    }

    /** Releases the body when the caller will not read it to the end. */
    public void cancel() {
      if (stream != null) {
        stream.cancel(new S3Exception(S3ErrorCode.REQUEST_TIMEOUT, "reader went away"));
      }
    }
  }

  public Future<Pong> ping() {
    return request(Addresses.STORAGE_PING, new Ping());
  }

  public Future<List<BucketInfo>> listBuckets() {
    return this.<BucketList>request(Addresses.BUCKET_LIST, new Ping()).map(BucketList::buckets);
  }

  public Future<BucketInfo> createBucket(String bucket, String region) {
    return request(Addresses.BUCKET_CREATE, new CreateBucket(bucket, region));
  }

  public Future<BucketInfo> headBucket(String bucket) {
    return request(Addresses.BUCKET_HEAD, new BucketName(bucket));
  }

  public Future<Void> deleteBucket(String bucket) {
    return request(Addresses.BUCKET_DELETE, new BucketName(bucket)).mapEmpty();
  }

  /** Opens an upload; storage has checked the bucket and limits before the first byte is sent. */
  public Future<Upload> putObject(PutObject put) {
    return this.<StreamOpened>request(Addresses.OBJECT_PUT, put)
        .map(opened -> new Upload(endpoint.connect(opened.endpoint(), opened.streamId(), opened.window())));
  }

  /** Stores an object whose body ({@code body}, at most one chunk) is already read; no stream is opened. */
  public Future<ObjectInfo> putObject(PutObject put, Buffer body) {
    return request(Addresses.OBJECT_PUT_INLINE, new PutInline(put, body));
  }

  /**
   * Reads an object or a range of it. The body (if any) starts streaming at once and is held, at most one
   * window, until the caller sets a handler or pipes it.
   */
  public Future<Download> getObject(String bucket, String key, StorageMessages.ByteRange range,
      StorageMessages.ReadConditions conditions, boolean headOnly) {
    return getObject(bucket, key, range, conditions, headOnly, null);
  }

  /** As above; {@code partNumber} (nullable) reads one part of a multipart object, like a range. */
  public Future<Download> getObject(String bucket, String key, StorageMessages.ByteRange range,
      StorageMessages.ReadConditions conditions, boolean headOnly, Integer partNumber) {
    InboundStream stream = headOnly ? null : endpoint.accept().answerEndOnDelivery();
    // A body of at most one chunk comes back in the reply: two round trips fewer for small objects.
    GetObject get = new GetObject(bucket, key, range, conditions, headOnly, endpoint.address(),
        stream == null ? null : stream.id(), endpoint.settings().window(), partNumber,
        headOnly ? 0 : endpoint.settings().chunkSize());
    return this.<ObjectRead>request(Addresses.OBJECT_GET, get)
        .onFailure(e -> {
          if (stream != null) {
            stream.cancel(new S3Exception(S3ErrorCode.NO_SUCH_STREAM));
          }
        })
        .map(read -> {
          if (stream == null) {
            return new Download(read, null, null);
          }
          if (read.length() == 0 || read.body() != null) {
            stream.unused(); // nothing streams: no bytes, or they came inline
            return new Download(read, null, null);
          }
          return new Download(read, stream, stream);
        });
  }

  public Future<ObjectInfo> copyObject(CopyObject copy) {
    return request(Addresses.OBJECT_COPY, copy);
  }

  public Future<Void> deleteObject(String bucket, String key) {
    return request(Addresses.OBJECT_DELETE, new ObjectKey(bucket, key)).mapEmpty();
  }

  public Future<DeleteResult> deleteObjects(String bucket, List<String> keys) {
    return request(Addresses.OBJECTS_DELETE, new DeleteObjects(bucket, keys));
  }

  public Future<ListResult> listObjects(ListObjects list) {
    return request(Addresses.OBJECT_LIST, list);
  }

  // ---- multipart

  public Future<StorageMessages.UploadCreated> createMultipartUpload(StorageMessages.CreateMultipartUpload create) {
    return request(Addresses.MULTIPART_CREATE, create);
  }

  /** Opens one part's upload; storage has checked the upload id, part number and limits before the first byte. */
  public Future<PartUpload> uploadPart(StorageMessages.UploadPart part) {
    return this.<StreamOpened>request(Addresses.MULTIPART_PART, part)
        .map(opened -> new PartUpload(endpoint.connect(opened.endpoint(), opened.streamId(), opened.window())));
  }

  public Future<StorageMessages.PartInfo> uploadPartCopy(StorageMessages.UploadPartCopy copy) {
    return request(Addresses.MULTIPART_PART_COPY, copy);
  }

  public Future<ObjectInfo> completeMultipartUpload(StorageMessages.CompleteMultipartUpload complete) {
    return request(Addresses.MULTIPART_COMPLETE, complete);
  }

  public Future<Void> abortMultipartUpload(String bucket, String key, String uploadId) {
    return request(Addresses.MULTIPART_ABORT, new StorageMessages.UploadKey(bucket, key, uploadId)).mapEmpty();
  }

  public Future<StorageMessages.PartList> listParts(StorageMessages.ListParts list) {
    return request(Addresses.MULTIPART_PARTS, list);
  }

  public Future<StorageMessages.UploadList> listMultipartUploads(StorageMessages.ListMultipartUploads list) {
    return request(Addresses.MULTIPART_UPLOADS, list);
  }

  private <T> Future<T> request(String address, Object body) {
    long started = System.nanoTime();
    return lanes.<T>request(address, body, options)
        .transform(ar -> {
          S3Exception failure = ar.succeeded() ? null : BusErrors.toS3(ar.cause());
          metrics.busRequest(address, failure == null ? "OK" : failure.code().code(), System.nanoTime() - started);
          return failure == null ? Future.succeededFuture(ar.result().body()) : Future.failedFuture(failure);
        });
  }
}
