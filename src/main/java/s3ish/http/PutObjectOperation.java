package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.S3Names;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.WriteConditions;

/**
 * PutObject: validates the headers, opens the upload at storage, then streams the request body into it
 * ({@link UploadBody}, shared with UploadPart). If-None-Match / If-Match go to storage, which checks them at commit.
 * A plain body of at most one chunk that the client sends at once is read first and goes inside the request.
 */
final class PutObjectOperation implements S3Operation {
  private final StorageClient storage;
  private final long maxObjectSize;
  private final int inlineMax;

  /** {@code inlineMax}: the largest body sent inside the request (the chunk size; 0: always stream). */
  PutObjectOperation(StorageClient storage, long maxObjectSize, int inlineMax) {
    this.storage = storage;
    this.maxObjectSize = maxObjectSize;
    this.inlineMax = inlineMax;
  }

  @Override
  public Future<Void> handle(RequestContext context, HttpServerRequest request) {
    S3Names.checkKey(context.key());
    UploadBody body = UploadBody.of(context, maxObjectSize);
    PutObject put = new PutObject(context.bucket(), context.key(), ObjectHeaders.metadata(context.headers()),
        body.contentLength(), body.expected(), writeConditions(context), body.trailing());
    Future<ObjectInfo> stored = body.fitsInline(request, inlineMax)
        // Content-Length bounds what is read; a client that breaks off fails the read and nothing is sent.
        ? RequestBodies.collect(request, inlineMax, () -> new S3Exception(S3ErrorCode.INCOMPLETE_BODY,
                "The body is longer than its Content-Length."))
            .compose(bytes -> storage.putObject(put, bytes))
        : storage.putObject(put).compose(upload -> body.<ObjectInfo>transfer(request, upload.body()));
    return stored
        .compose(info -> {
          ChecksumHeaders.write(request.response().headers(), info.checksums());
          return request.response()
              .putHeader("ETag", info.etag())
              .putHeader("Content-Length", "0")
              .setStatusCode(200)
              .end();
        });
  }

  /** If-Match / If-None-Match of a write (PutObject, CopyObject, CompleteMultipartUpload), checked by storage. */
  static WriteConditions writeConditions(RequestContext context) {
    return context.header("If-Match") == null && context.header("If-None-Match") == null
        ? WriteConditions.NONE
        : new WriteConditions(context.header("If-Match"), context.header("If-None-Match"));
  }
}
