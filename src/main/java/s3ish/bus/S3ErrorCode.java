package s3ish.bus;

import java.util.HashMap;
import java.util.Map;

/**
 * The one error vocabulary of the contract: S3 error codes with their HTTP status and default message.
 * Errors cross the event bus as {@link #busCode()} (a stable number, never the ordinal) and are mapped once
 * to HTTP (by the http package) and once to gRPC (by the grpc package).
 */
public enum S3ErrorCode {
  // 3xx/4xx that are not failures of the server
  NOT_MODIFIED(1, "NotModified", 304, "Not Modified"),
  PRECONDITION_FAILED(2, "PreconditionFailed", 412, "At least one of the pre-conditions you specified did not hold"),
  INVALID_RANGE(3, "InvalidRange", 416, "The requested range is not satisfiable"),

  NO_SUCH_BUCKET(10, "NoSuchBucket", 404, "The specified bucket does not exist"),
  NO_SUCH_KEY(11, "NoSuchKey", 404, "The specified key does not exist."),
  NO_SUCH_UPLOAD(12, "NoSuchUpload", 404, "The specified multipart upload does not exist."),
  BUCKET_ALREADY_OWNED_BY_YOU(13, "BucketAlreadyOwnedByYou", 409,
      "Your previous request to create the named bucket succeeded and you already own it."),
  BUCKET_ALREADY_EXISTS(14, "BucketAlreadyExists", 409,
      "The requested bucket name is not available."),
  BUCKET_NOT_EMPTY(15, "BucketNotEmpty", 409, "The bucket you tried to delete is not empty"),
  INVALID_BUCKET_NAME(16, "InvalidBucketName", 400, "The specified bucket is not valid."),
  KEY_TOO_LONG(17, "KeyTooLongError", 400, "Your key is too long"),
  METADATA_TOO_LARGE(18, "MetadataTooLarge", 400,
      "Your metadata headers exceed the maximum allowed metadata size."),
  ENTITY_TOO_LARGE(19, "EntityTooLarge", 400, "Your proposed upload exceeds the maximum allowed object size."),
  ENTITY_TOO_SMALL(20, "EntityTooSmall", 400, "Your proposed upload is smaller than the minimum allowed object size."),
  INCOMPLETE_BODY(21, "IncompleteBody", 400,
      "You did not provide the number of bytes specified by the Content-Length HTTP header."),
  BAD_DIGEST(22, "BadDigest", 400, "The Content-MD5 or checksum value that you specified did not match what the server received."),
  INVALID_DIGEST(23, "InvalidDigest", 400, "The Content-MD5 or checksum value that you specified is not valid."),
  CONTENT_SHA256_MISMATCH(24, "XAmzContentSHA256Mismatch", 400,
      "The provided 'x-amz-content-sha256' header does not match what was computed."),
  MALFORMED_XML(25, "MalformedXML", 400,
      "The XML you provided was not well-formed or did not validate against our published schema."),
  INVALID_ARGUMENT(26, "InvalidArgument", 400, "Invalid Argument"),
  INVALID_REQUEST(27, "InvalidRequest", 400, "Invalid Request"),
  MISSING_CONTENT_LENGTH(28, "MissingContentLength", 411, "You must provide the Content-Length HTTP header."),
  INVALID_PART(29, "InvalidPart", 400, "One or more of the specified parts could not be found."),
  INVALID_PART_ORDER(30, "InvalidPartOrder", 400, "The list of parts was not in ascending order."),
  MALFORMED_DATE(31, "InvalidArgument", 400, "The date could not be parsed."),
  INVALID_STORAGE_CLASS(32, "InvalidStorageClass", 400, "The storage class you specified is not valid."),
  MALFORMED_TRAILER(35, "MalformedTrailerError", 400,
      "The request contained trailing data that was not well-formed or did not conform to our published schema."),
  INVALID_URI(37, "InvalidURI", 400, "Couldn't parse the specified URI."),
  REQUEST_HEADER_SECTION_TOO_LARGE(38, "RequestHeaderSectionTooLarge", 400,
      "Your request header section exceeds the maximum allowed size."),
  INVALID_PART_NUMBER(36, "InvalidPartNumber", 416, "The requested partnumber is not satisfiable"),

  ACCESS_DENIED(40, "AccessDenied", 403, "Access Denied"),
  SIGNATURE_DOES_NOT_MATCH(41, "SignatureDoesNotMatch", 403,
      "The request signature we calculated does not match the signature you provided. Check your key and signing method."),
  INVALID_ACCESS_KEY_ID(42, "InvalidAccessKeyId", 403,
      "The AWS access key Id you provided does not exist in our records."),
  REQUEST_TIME_TOO_SKEWED(43, "RequestTimeTooSkewed", 403,
      "The difference between the request time and the server's time is too large."),
  AUTHORIZATION_HEADER_MALFORMED(44, "AuthorizationHeaderMalformed", 400,
      "The authorization header you provided is invalid."),
  AUTHORIZATION_QUERY_PARAMETERS_ERROR(45, "AuthorizationQueryParametersError", 400,
      "Error parsing the X-Amz-Credential parameter."),
  MISSING_SECURITY_HEADER(46, "MissingSecurityHeader", 400, "Your request is missing a required header."),

  METHOD_NOT_ALLOWED(50, "MethodNotAllowed", 405, "The specified method is not allowed against this resource."),
  NOT_IMPLEMENTED(51, "NotImplemented", 501, "A header or query you provided implies functionality that is not implemented."),
  REQUEST_TIMEOUT(52, "RequestTimeout", 400,
      "Your socket connection to the server was not read from or written to within the timeout period."),

  INTERNAL_ERROR(90, "InternalError", 500, "We encountered an internal error. Please try again."),
  SERVICE_UNAVAILABLE(91, "ServiceUnavailable", 503, "Service is unable to handle request."),
  SLOW_DOWN(92, "SlowDown", 503, "Please reduce your request rate."),
  STORAGE_FULL(93, "StorageFull", 507, "The storage backend has reached its capacity."),

  /** Contract-internal: a stream id that the receiving endpoint does not know (aborted, timed out, finished). */
  NO_SUCH_STREAM(95, "InternalError", 500, "The body stream was aborted."),
  /** Contract-internal: a stream message arrived out of order or after the end. */
  STREAM_PROTOCOL(96, "InternalError", 500, "The body stream broke the stream protocol.");

  private static final Map<Integer, S3ErrorCode> BY_BUS_CODE = new HashMap<>();

  static {
    for (S3ErrorCode c : values()) {
      if (BY_BUS_CODE.put(c.busCode, c) != null) {
        throw new IllegalStateException("duplicate bus code " + c.busCode);
      }
    }
  }

  private final int busCode;
  private final String code;
  private final int httpStatus;
  private final String defaultMessage;

  S3ErrorCode(int busCode, String code, int httpStatus, String defaultMessage) {
    this.busCode = busCode;
    this.code = code;
    this.httpStatus = httpStatus;
    this.defaultMessage = defaultMessage;
  }

  /** Stable number carried by {@code Message.fail(code, ...)}. Offset keeps clear of Vert.x's own small codes. */
  public int busCode() {
    return 4000 + busCode;
  }

  /** The wire code, as S3 spells it in {@code <Code>}. */
  public String code() {
    return code;
  }

  public int httpStatus() {
    return httpStatus;
  }

  public String defaultMessage() {
    return defaultMessage;
  }

  public static S3ErrorCode fromBusCode(int busCode) {
    return BY_BUS_CODE.get(busCode - 4000);
  }
}
