package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageClient.Download;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.ReadConditions;

/**
 * GetObject and HeadObject: range or part number, conditions, response overrides; the body streams with
 * backpressure. Objects completed from parts say how many in {@code x-amz-mp-parts-count}.
 */
final class GetObjectOperation {
  static final String PARTS_COUNT = "x-amz-mp-parts-count";

  private final StorageClient storage;

  GetObjectOperation(StorageClient storage) {
    this.storage = storage;
  }

  Future<Void> getObject(RequestContext context, HttpServerRequest request) {
    return read(context, false).compose(download -> respond(context, request, download));
  }

  Future<Void> headObject(RequestContext context, HttpServerRequest request) {
    return read(context, true).compose(download -> respond(context, request, download));
  }

  private Future<Download> read(RequestContext context, boolean headOnly) {
    Integer partNumber = partNumber(context);
    ByteRange range = RangeHeader.parse(context.header("Range"));
    return storage.getObject(context.bucket(), context.key(), range, conditions(context), headOnly, partNumber);
  }

  /** {@code partNumber=N} reads one part like a range; null when absent. A Range as well is ambiguous. */
  static Integer partNumber(RequestContext context) {
    String value = context.param("partNumber");
    if (value == null) {
      return null;
    }
    int n = MultipartOperations.partNumber(value);
    if (context.header("Range") != null) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Cannot specify both Range header and partNumber query parameter");
    }
    return n;
  }

  /** The four conditional headers; unparseable dates are ignored, as S3 does. */
  static ReadConditions conditions(RequestContext context) {
    return conditions(context.header("If-Match"), context.header("If-None-Match"),
        context.header("If-Modified-Since"), context.header("If-Unmodified-Since"));
  }

  static ReadConditions conditions(String ifMatch, String ifNoneMatch, String ifModifiedSince,
      String ifUnmodifiedSince) {
    ReadConditions c = new ReadConditions(ifMatch, ifNoneMatch, HttpDates.parseHttp(ifModifiedSince),
        HttpDates.parseHttp(ifUnmodifiedSince));
    return c.equals(ReadConditions.NONE) ? ReadConditions.NONE : c;
  }

  private Future<Void> respond(RequestContext context, HttpServerRequest request, Download download) {
    ObjectRead read = download.read();
    HttpServerResponse response = request.response();
    ObjectHeaders.write(response, read.info(), context.query());
    if (read.info().partsCount() > 0) {
      response.putHeader(PARTS_COUNT, String.valueOf(read.info().partsCount()));
    }
    if (!read.ranged() && ChecksumHeaders.modeEnabled(context.headers())) {
      // As S3: the stored checksums describe the whole object, so a range gets none.
      ChecksumHeaders.write(response.headers(), read.info().checksums());
    }
    response.setStatusCode(read.ranged() ? 206 : 200);
    response.putHeader("Content-Length", String.valueOf(read.length()));
    if (read.ranged()) {
      long last = read.start() + read.length() - 1;
      response.putHeader("Content-Range", "bytes " + read.start() + "-" + last + "/" + read.info().size());
    }
    if (download.inline() != null) {
      return response.end(download.inline());
    }
    if (download.body() == null) {
      return response.end();
    }
    // The client going away must release the storage side at once, not after its idle timeout.
    response.closeHandler(v -> download.cancel());
    return download.body().pipe()
        .endOnFailure(false)
        .to(response)
        .onFailure(cause -> download.cancel());
  }
}
