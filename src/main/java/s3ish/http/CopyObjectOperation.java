package s3ish.http;

import s3ish.bus.S3Names;
import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.Locale;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.WriteConditions;

/** CopyObject, by PUT (AWS) or PATCH (the seed) with x-amz-copy-source; storage copies without the body passing here. */
final class CopyObjectOperation implements S3Operation {
  private final StorageClient storage;

  CopyObjectOperation(StorageClient storage) {
    this.storage = storage;
  }

  @Override
  public Future<Void> handle(RequestContext context, HttpServerRequest request) {
    CopyObject copy = prepare(context);
    return storage.copyObject(copy)
        .compose(info -> Responses.xml(request.response(),
            new CopyObjectResult(HttpDates.iso(info.lastModified()), info.etag())));
  }

  static CopyObject prepare(RequestContext context) {
    S3Names.checkKey(context.key());
    CopySource source = CopySource.parse(context.header("x-amz-copy-source"));
    boolean replace = replaceMetadata(context.header("x-amz-metadata-directive"));
    if (!replace && source.bucket().equals(context.bucket()) && source.key().equals(context.key())) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "This copy request is illegal because it is trying to copy "
          + "an object to itself without changing the object's metadata, storage class, website redirect location "
          + "or encryption attributes.");
    }
    ObjectMetadata metadata = replace ? ObjectHeaders.metadata(context.headers()) : null;
    ReadConditions sourceConditions = GetObjectOperation.conditions(
        context.header("x-amz-copy-source-if-match"),
        context.header("x-amz-copy-source-if-none-match"),
        context.header("x-amz-copy-source-if-modified-since"),
        context.header("x-amz-copy-source-if-unmodified-since"));
    WriteConditions conditions = PutObjectOperation.writeConditions(context);
    return new CopyObject(source.bucket(), source.key(), context.bucket(), context.key(), sourceConditions,
        metadata, conditions);
  }

  /** COPY (the default) keeps the source's metadata; REPLACE takes this request's headers. */
  static boolean replaceMetadata(String directive) {
    if (directive == null || directive.equalsIgnoreCase("COPY")) {
      return false;
    }
    if (directive.toUpperCase(Locale.ROOT).equals("REPLACE")) {
      return true;
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Unknown metadata directive.")
        .with("ArgumentName", "x-amz-metadata-directive")
        .with("ArgumentValue", directive);
  }
}
