package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageClient.Download;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.ReadConditions;

/** GetObject and HeadObject: range, conditions, response overrides; the body streams with backpressure. */
final class GetObjectOperation {
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
    ByteRange range = RangeHeader.parse(context.header("Range"));
    return storage.getObject(context.bucket(), context.key(), range, conditions(context), headOnly);
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
