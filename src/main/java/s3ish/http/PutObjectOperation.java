package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.streams.ReadStream;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import s3ish.auth.ChunkSignatureChain;
import s3ish.bus.S3Names;
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageClient.Upload;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.WriteConditions;
import s3ish.bus.Streams;

/**
 * PutObject: validates the headers, opens the upload at storage, then streams the request body into it.
 * Nothing is buffered beyond the stream window; a body that breaks off aborts the upload, so no object appears.
 */
final class PutObjectOperation implements S3Operation {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** The one aws-chunked variant that allows no trailers. */
  private static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

  private final StorageClient storage;
  private final long maxObjectSize;

  PutObjectOperation(StorageClient storage, long maxObjectSize) {
    this.storage = storage;
    this.maxObjectSize = maxObjectSize;
  }

  @Override
  public Future<Void> handle(RequestContext context, HttpServerRequest request) {
    PutObject put = prepare(context, maxObjectSize);
    boolean awsChunked = isAwsChunked(context);
    ChunkSigning signing = context.identity().chunkSigning();
    return storage.putObject(put)
        .compose(upload -> transfer(request, upload, awsChunked, trailersAllowed(context), signing, put))
        .compose(info -> {
          ChecksumHeaders.write(request.response().headers(), info.checksums());
          return request.response()
              .putHeader("ETag", info.etag())
              .putHeader("Content-Length", "0")
              .setStatusCode(200)
              .end();
        });
  }

  /** Everything checked before storage is asked and before a body byte is read. */
  static PutObject prepare(RequestContext context, long maxObjectSize) {
    S3Names.checkKey(context.key());
    long length = contentLength(context);
    if (length > maxObjectSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE)
          .with("ProposedSize", String.valueOf(length))
          .with("MaxSizeAllowed", String.valueOf(maxObjectSize));
    }
    Map<Checksum, String> expected = new EnumMap<>(Checksum.class);
    String md5 = context.header("Content-MD5");
    if (md5 != null) {
      expected.put(Checksum.MD5, validMd5(md5));
    }
    String sha256 = context.identity().payloadSha256();
    if (sha256 != null && HEX_SHA256.matcher(sha256).matches()) {
      expected.put(Checksum.CONTENT_SHA256, sha256);
    }
    ChecksumHeaders.Requested checksum = ChecksumHeaders.requested(context.headers(), trailersAllowed(context));
    if (checksum.kind() != null && !checksum.isTrailer()) {
      expected.put(checksum.kind(), checksum.value());
    }
    WriteConditions conditions = context.header("If-Match") == null && context.header("If-None-Match") == null
        ? WriteConditions.NONE
        : new WriteConditions(context.header("If-Match"), context.header("If-None-Match"));
    return new PutObject(context.bucket(), context.key(), ObjectHeaders.metadata(context.headers()), length,
        Map.copyOf(expected), conditions, checksum.isTrailer() ? Set.of(checksum.kind()) : Set.of());
  }

  /** Bytes of the object: the decoded length of an aws-chunked body, else Content-Length; -1 when chunked. */
  static long contentLength(RequestContext context) {
    String header = isAwsChunked(context) ? context.header("x-amz-decoded-content-length")
        : context.header("Content-Length");
    if (header == null) {
      String te = context.header("Transfer-Encoding");
      if (!isAwsChunked(context) && te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        return -1;
      }
      if (!isAwsChunked(context) && te == null) {
        // HTTP/1.1 framing: neither Content-Length nor Transfer-Encoding means an empty body (curl -X PUT).
        return 0;
      }
      throw new S3Exception(S3ErrorCode.MISSING_CONTENT_LENGTH);
    }
    try {
      long length = Long.parseLong(header.trim());
      if (length < 0) {
        throw new NumberFormatException();
      }
      return length;
    } catch (NumberFormatException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid content length.");
    }
  }

  /** Content-MD5 must be base64 of 16 bytes; storage compares it with what it received. */
  static String validMd5(String header) {
    String value = header.trim();
    try {
      if (Base64.getDecoder().decode(value).length == 16) {
        return value;
      }
    } catch (IllegalArgumentException notBase64) {
      // falls through
    }
    throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
  }

  static boolean isAwsChunked(RequestContext context) {
    String encoding = context.header("Content-Encoding");
    String sha = context.header("x-amz-content-sha256");
    return (encoding != null && encoding.toLowerCase(Locale.ROOT).contains("aws-chunked"))
        || (sha != null && sha.startsWith("STREAMING-"));
  }

  /** Every aws-chunked body may end with trailers except the signed variant without them. */
  static boolean trailersAllowed(RequestContext context) {
    return isAwsChunked(context) && !STREAMING_SIGNED.equals(context.header("x-amz-content-sha256"));
  }

  private Future<ObjectInfo> transfer(HttpServerRequest request, Upload upload, boolean awsChunked,
      boolean trailersAllowed, ChunkSigning signing, PutObject put) {
    if (!RequestBodies.present(request)) {
      if (signing != null) {
        // A signed aws-chunked body has at least its signed final chunk: nothing at all is not a valid body.
        S3Exception missing = new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The aws-chunked body is missing.");
        upload.body().abort(missing);
        return Future.failedFuture(missing);
      }
      // No body events will come (the request may already have ended): just close the stream.
      upload.body().end();
      return upload.committed();
    }
    RequestBodies.continueIfExpected(request);
    request.response().closeHandler(v ->
        upload.body().abort(new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The client closed the connection.")));
    ReadStream<Buffer> body = request;
    if (awsChunked) {
      // Signed chunks are verified here, each before its data goes on; storage only ever sees verified bytes.
      // A declared trailer (e.g. x-amz-checksum-crc32) goes with the upload's End, where storage compares it.
      Checksum trailer = put.trailing().stream().findFirst().orElse(null);
      body = new AwsChunkedDecoder(request, signing == null ? null : new ChunkSignatureChain(signing),
          put.contentLength(), trailersAllowed, trailer)
          .trailerHandler(upload.body()::trailer);
    }
    return Streams.forward(body, upload.body());
  }
}
