package s3ish.http;

import io.vertx.core.MultiMap;
import java.util.Map;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * The object checksums of a request ({@code x-amz-checksum-<alg>} as a header, or named by {@code x-amz-trailer}
 * and sent as an aws-chunked trailer, with {@code x-amz-sdk-checksum-algorithm} saying which) and of a response
 * ({@code x-amz-checksum-<alg>} on GET/HEAD with {@code x-amz-checksum-mode: ENABLED}). Messages follow S3's.
 */
final class ChecksumHeaders {
  private ChecksumHeaders() {}

  static final String SDK_ALGORITHM = "x-amz-sdk-checksum-algorithm";
  static final String TRAILER = "x-amz-trailer";
  static final String MODE = "x-amz-checksum-mode";
  static final String TYPE = "x-amz-checksum-type";

  /**
   * What a PUT asks for: at most one checksum, either as a header ({@code value} set) or as a trailer
   * ({@code value} null). {@code kind} null: none.
   */
  record Requested(Checksum kind, String value) {
    static final Requested NONE = new Requested(null, null);

    boolean isTrailer() {
      return kind != null && value == null;
    }
  }

  /**
   * Validates the checksum headers of a PUT. {@code trailersAllowed}: the body is an aws-chunked variant with
   * trailers ({@code STREAMING-...-TRAILER}).
   */
  static Requested requested(MultiMap headers, boolean trailersAllowed) {
    Checksum headerKind = null;
    String headerValue = null;
    for (Checksum c : Checksum.values()) {
      if (!c.isObjectChecksum() || headers.get(c.header()) == null) {
        continue;
      }
      if (headerKind != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
      }
      headerKind = c;
      headerValue = headers.get(c.header()).trim();
      if (!c.isWellFormed(headerValue)) {
        throw invalidValue(c.header() + " header");
      }
    }
    Checksum trailerKind = null;
    String trailer = headers.get(TRAILER);
    if (trailer != null) {
      trailerKind = Checksum.ofHeader(trailer);
      if (trailerKind == null || !trailersAllowed) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, trailersAllowed
            ? "The value specified in the x-amz-trailer header is not supported"
            : "x-amz-trailer needs an aws-chunked body with trailers (x-amz-content-sha256: STREAMING-...-TRAILER).");
      }
      if (headerKind != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
            "Expecting a single x-amz-checksum- header. Multiple checksum Types are not allowed.");
      }
    }
    Checksum given = headerKind != null ? headerKind : trailerKind;
    String sdk = headers.get(SDK_ALGORITHM);
    if (sdk != null) {
      Checksum named = Checksum.ofAlgorithm(sdk);
      if (named == null) {
        throw invalidValue(SDK_ALGORITHM + " header");
      }
      if (given == null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, SDK_ALGORITHM + " specified, but no corresponding "
            + "x-amz-checksum-* or x-amz-trailer headers were found.");
      }
      if (named != given) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Value for " + SDK_ALGORITHM + " header is invalid: it "
            + "names " + named.algorithm() + " but the checksum sent is " + given.algorithm() + ".");
      }
    }
    return given == null ? Requested.NONE : new Requested(given, headerValue);
  }

  /** Whether a GET/HEAD asked for the stored checksums. */
  static boolean modeEnabled(MultiMap headers) {
    String mode = headers.get(MODE);
    return mode != null && mode.trim().equalsIgnoreCase("ENABLED");
  }

  /**
   * The stored checksums as response headers. A value ending in {@code -N} is a checksum of the part
   * checksums of a multipart object (COMPOSITE, as S3 calls it); any other describes the whole object.
   */
  static void write(MultiMap response, Map<Checksum, String> checksums) {
    if (checksums == null || checksums.isEmpty()) {
      return;
    }
    checksums.forEach((kind, value) -> response.set(kind.header(), value));
    boolean composite = checksums.values().stream().anyMatch(v -> v.matches(".*-\\d+"));
    response.set(TYPE, composite ? "COMPOSITE" : "FULL_OBJECT");
  }

  private static S3Exception invalidValue(String what) {
    return new S3Exception(S3ErrorCode.INVALID_REQUEST, "Value for " + what + " is invalid.");
  }
}
