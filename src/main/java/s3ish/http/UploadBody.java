package s3ish.http;

import s3ish.observability.S3ishMetrics;
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
import s3ish.bus.AuthMessages.ChunkSigning;
import s3ish.bus.Checksum;
import s3ish.bus.OutboundStream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.Streams;

/**
 * The body of a PutObject or an UploadPart, which S3 treats alike: its length, the digests it must match
 * (Content-MD5, x-amz-content-sha256, one x-amz-checksum-* header or trailer), and the transfer into a stream of
 * the contract: 100-continue, aws-chunked decoding with chunk signatures, trailers, abort on disconnect.
 * Nothing is buffered beyond the stream window; a body that breaks off aborts the stream, so nothing commits.
 */
record UploadBody(
    long contentLength,
    Map<Checksum, String> expected,
    Set<Checksum> trailing,
    boolean awsChunked,
    boolean trailersAllowed,
    ChunkSigning signing) {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  /** The one aws-chunked variant that allows no trailers. */
  private static final String STREAMING_SIGNED = "STREAMING-AWS4-HMAC-SHA256-PAYLOAD";

  /** Everything checked before storage is asked and before a body byte is read. */
  static UploadBody of(RequestContext context, long maxSize) {
    long length = contentLength(context);
    if (length > maxSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE)
          .with("ProposedSize", String.valueOf(length))
          .with("MaxSizeAllowed", String.valueOf(maxSize));
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
    boolean trailersAllowed = trailersAllowed(context);
    ChecksumHeaders.Requested checksum = ChecksumHeaders.requested(context.headers(), trailersAllowed);
    if (checksum.kind() != null && !checksum.isTrailer()) {
      expected.put(checksum.kind(), checksum.value());
    }
    if (isAwsChunked(context)) {
      S3ishMetrics.get().httpAwsChunked(awsChunkedMode(context.header("x-amz-content-sha256")));
    }
    return new UploadBody(length, Map.copyOf(expected),
        checksum.isTrailer() ? Set.of(checksum.kind()) : Set.of(), isAwsChunked(context), trailersAllowed,
        context.identity().chunkSigning());
  }

  /** Bytes of the object: the decoded length of an aws-chunked body, else Content-Length; -1 when chunked. */
  static long contentLength(RequestContext context) {
    boolean awsChunked = isAwsChunked(context);
    String header = awsChunked ? context.header("x-amz-decoded-content-length") : context.header("Content-Length");
    if (header == null) {
      String te = context.header("Transfer-Encoding");
      if (!awsChunked && te != null && te.toLowerCase(Locale.ROOT).contains("chunked")) {
        return -1;
      }
      if (!awsChunked && te == null) {
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

  /** The metrics label of an aws-chunked variant: signed or unsigned, with trailer or not. */
  static String awsChunkedMode(String contentSha256) {
    if (contentSha256 == null || !contentSha256.startsWith("STREAMING-")) {
      return "other";
    }
    String mode = contentSha256.contains("UNSIGNED") ? "unsigned" : "signed";
    return contentSha256.endsWith("-TRAILER") ? mode + "-trailer" : mode;
  }

  /** Every aws-chunked body may end with trailers except the signed variant without them. */
  static boolean trailersAllowed(RequestContext context) {
    return isAwsChunked(context) && !STREAMING_SIGNED.equals(context.header("x-amz-content-sha256"));
  }

  /**
   * Whether the body may be read before storage is asked and sent inside the request: a plain body of known
   * length, at most {@code inlineMax} bytes, that the client sends without waiting for 100 Continue (for one
   * that waits, storage must accept the upload first). Signed aws-chunked bodies and trailers always stream.
   */
  boolean fitsInline(HttpServerRequest request, int inlineMax) {
    return !awsChunked && contentLength >= 0 && contentLength <= inlineMax
        && !RequestBodies.expectsContinue(request);
  }

  /** Streams the request body into {@code target}; completes with storage's answer to the stream's End. */
  <T> Future<T> transfer(HttpServerRequest request, OutboundStream target) {
    if (!RequestBodies.present(request)) {
      if (signing != null) {
        // A signed aws-chunked body has at least its signed final chunk: nothing at all is not a valid body.
        S3Exception missing = new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The aws-chunked body is missing.");
        target.abort(missing);
        return Future.failedFuture(missing);
      }
      // No body events will come (the request may already have ended): just close the stream.
      target.end();
      return target.result();
    }
    RequestBodies.continueIfExpected(request);
    request.response().closeHandler(v ->
        target.abort(new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The client closed the connection.")));
    ReadStream<Buffer> body = request;
    if (awsChunked) {
      // Signed chunks are verified here, each before its data goes on; storage only ever sees verified bytes.
      // A declared trailer (e.g. x-amz-checksum-crc32) goes with the stream's End, where storage compares it.
      Checksum trailer = trailing.stream().findFirst().orElse(null);
      body = new AwsChunkedDecoder(request, signing == null ? null : new ChunkSignatureChain(signing),
          contentLength, trailersAllowed, trailer)
          .trailerHandler(target::trailer);
    }
    return Streams.forward(body, target);
  }
}
