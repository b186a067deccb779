package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages;

/** DeleteObject and DeleteObjects. */
final class DeleteOperations {
  static final int MAX_KEYS = 1000;

  private final StorageClient storage;

  DeleteOperations(StorageClient storage) {
    this.storage = storage;
  }

  /** Idempotent: deleting a missing key is a success. */
  Future<Void> deleteObject(RequestContext context, HttpServerRequest request) {
    return storage.deleteObject(context.bucket(), context.key())
        .recover(e -> e instanceof S3Exception s3 && s3.code() == S3ErrorCode.NO_SUCH_KEY
            ? Future.succeededFuture()
            : Future.failedFuture(e))
        .compose(v -> Responses.empty(request.response(), 204));
  }

  Future<Void> deleteObjects(RequestContext context, HttpServerRequest request) {
    return RequestBodies.collectXml(request)
        .map(body -> parse(body, context.header("Content-MD5")))
        .compose(delete -> storage.deleteObjects(context.bucket(), keys(delete))
            .map(result -> deleteResult(result, Boolean.TRUE.equals(delete.quiet))))
        .compose(document -> Responses.xml(request.response(), document));
  }

  /** The Delete document; Content-MD5, when sent, must match the body. */
  static Delete parse(Buffer body, String contentMd5) {
    if (contentMd5 != null) {
      String expected = UploadBody.validMd5(contentMd5);
      if (!expected.equals(md5(body))) {
        throw new S3Exception(S3ErrorCode.BAD_DIGEST);
      }
    }
    Delete delete = S3Xml.parse(body, Delete.class);
    if (delete.objects == null || delete.objects.isEmpty() || delete.objects.size() > MAX_KEYS) {
      throw S3Xml.malformed();
    }
    for (Delete.ObjectIdentifier o : delete.objects) {
      if (o == null || o.key == null || o.key.isEmpty()) {
        throw S3Xml.malformed();
      }
    }
    return delete;
  }

  static List<String> keys(Delete delete) {
    List<String> keys = new ArrayList<>(delete.objects.size());
    delete.objects.forEach(o -> keys.add(o.key));
    return keys;
  }

  /** Quiet mode reports only the errors. */
  static DeleteResult deleteResult(StorageMessages.DeleteResult result, boolean quiet) {
    List<DeleteResult.Deleted> deleted = quiet ? null
        : result.deleted().stream().map(DeleteResult.Deleted::new).toList();
    List<DeleteResult.Error> errors = result.errors().stream()
        .map(e -> new DeleteResult.Error(e.key(), e.code(), e.message()))
        .toList();
    return new DeleteResult(deleted, errors);
  }

  private static String md5(Buffer body) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body.getBytes()));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
