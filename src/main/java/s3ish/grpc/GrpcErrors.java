package s3ish.grpc;

import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.InvalidMessageException;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.server.GrpcServerResponse;
import s3ish.bus.BusErrors;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** The one mapping of the contract's error vocabulary to gRPC: a status, with the S3 code in a trailer. */
public final class GrpcErrors {
  /** Trailer carrying the S3 error code (e.g. {@code NoSuchKey}), so clients can tell codes of one status apart. */
  public static final String CODE_TRAILER = "s3-error-code";

  private GrpcErrors() {}

  public static GrpcStatus status(S3ErrorCode code) {
    // An exhaustive switch: a new S3ErrorCode does not compile until it is mapped here.
    return switch (code) {
      case NO_SUCH_BUCKET, NO_SUCH_KEY, NO_SUCH_UPLOAD -> GrpcStatus.NOT_FOUND;
      case BUCKET_ALREADY_OWNED_BY_YOU, BUCKET_ALREADY_EXISTS -> GrpcStatus.ALREADY_EXISTS;
      // NotModified is the answer to a failed If-None-Match: a condition that did not hold, like 412.
      case BUCKET_NOT_EMPTY, PRECONDITION_FAILED, NOT_MODIFIED -> GrpcStatus.FAILED_PRECONDITION;
      case ACCESS_DENIED, SIGNATURE_DOES_NOT_MATCH, INVALID_ACCESS_KEY_ID, REQUEST_TIME_TOO_SKEWED ->
          GrpcStatus.PERMISSION_DENIED;
      case INVALID_RANGE, INVALID_PART_NUMBER -> GrpcStatus.OUT_OF_RANGE;
      case ENTITY_TOO_LARGE, STORAGE_FULL -> GrpcStatus.RESOURCE_EXHAUSTED;
      case SERVICE_UNAVAILABLE, SLOW_DOWN -> GrpcStatus.UNAVAILABLE;
      case NOT_IMPLEMENTED -> GrpcStatus.UNIMPLEMENTED;
      case REQUEST_TIMEOUT -> GrpcStatus.DEADLINE_EXCEEDED;
      case INVALID_BUCKET_NAME, KEY_TOO_LONG, METADATA_TOO_LARGE, ENTITY_TOO_SMALL, INCOMPLETE_BODY, BAD_DIGEST,
          INVALID_DIGEST, CONTENT_SHA256_MISMATCH, MALFORMED_XML, INVALID_ARGUMENT, INVALID_REQUEST,
          MISSING_CONTENT_LENGTH, INVALID_PART, INVALID_PART_ORDER, MALFORMED_DATE, INVALID_STORAGE_CLASS,
          MALFORMED_TRAILER, AUTHORIZATION_HEADER_MALFORMED, AUTHORIZATION_QUERY_PARAMETERS_ERROR,
          MISSING_SECURITY_HEADER, METHOD_NOT_ALLOWED, INVALID_URI, REQUEST_HEADER_SECTION_TOO_LARGE ->
          GrpcStatus.INVALID_ARGUMENT;
      case INTERNAL_ERROR, NO_SUCH_STREAM, STREAM_PROTOCOL -> GrpcStatus.INTERNAL;
    };
  }

  /** Ends the call with the status of {@code error} (any failure; non-S3 ones are InternalError). */
  public static void fail(GrpcServerResponse<?, ?> response, Throwable error) {
    S3Exception s3 = BusErrors.toS3(error);
    end(response, status(s3.code()), s3.code(), s3.getMessage());
  }

  /** A message the server would not read: over the size limit (EntityTooLarge), or else malformed. */
  public static S3Exception refusedMessage(InvalidMessageException invalid) {
    return invalid instanceof MessageSizeOverflowException tooLarge
        ? new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE, "a message of " + tooLarge.messageSize()
            + " bytes is over the server's limit")
        : new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "a message could not be read: " + invalid.getMessage());
  }

  /** A call without credentials: UNAUTHENTICATED, which no S3 code maps to (S3 says AccessDenied). */
  public static void unauthenticated(GrpcServerResponse<?, ?> response) {
    end(response, GrpcStatus.UNAUTHENTICATED, S3ErrorCode.ACCESS_DENIED,
        "the call carries no x-access-key / x-secret-key metadata");
  }

  private static void end(GrpcServerResponse<?, ?> response, GrpcStatus status, S3ErrorCode code, String message) {
    try {
      response.status(status)
          .statusMessage(message == null ? code.defaultMessage() : message);
      response.trailers().set(CODE_TRAILER, code.code());
      response.end();
    } catch (IllegalStateException alreadyEnded) {
      // the call ended (cancelled by the client, or the body failed after the end): nothing left to tell
    }
  }
}
