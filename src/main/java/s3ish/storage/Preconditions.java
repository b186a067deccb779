package s3ish.storage;

import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.WriteConditions;

/** Conditional request headers (RFC 7232 as S3 applies them) and byte ranges (RFC 7233), evaluated against one version. */
final class Preconditions {
  private Preconditions() {}

  /** A resolved range: {@code start} and {@code length} of the bytes to send, {@code ranged} when a Range applied. */
  record Span(long start, long length, boolean ranged) {}

  /**
   * If-Match and If-Unmodified-Since guard (412); If-None-Match and If-Modified-Since revalidate (304).
   * The date conditions only count when their ETag counterpart is absent.
   */
  static void checkRead(ObjectInfo info, ReadConditions c) {
    if (c == null) {
      return;
    }
    if (c.ifMatch() != null) {
      if (!etagMatches(c.ifMatch(), info.etag())) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).with("Condition", "If-Match");
      }
    } else if (c.ifUnmodifiedSince() != null && seconds(info.lastModified()) > seconds(c.ifUnmodifiedSince())) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).with("Condition", "If-Unmodified-Since");
    }
    if (c.ifNoneMatch() != null) {
      if (etagMatches(c.ifNoneMatch(), info.etag())) {
        throw notModified(info);
      }
    } else if (c.ifModifiedSince() != null && seconds(info.lastModified()) <= seconds(c.ifModifiedSince())) {
      throw notModified(info);
    }
  }

  /** x-amz-copy-source-if-*: the same evaluation, but S3 answers 412 for every failure. */
  static void checkCopySource(ObjectInfo info, ReadConditions c) {
    try {
      checkRead(info, c);
    } catch (S3Exception e) {
      if (e.code() == S3ErrorCode.NOT_MODIFIED) {
        throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED);
      }
      throw e;
    }
  }

  /** Checked at commit against the version currently visible ({@code current} null: none). */
  static void checkWrite(ObjectInfo current, WriteConditions c) {
    if (c == null) {
      return;
    }
    if (c.ifMatch() != null && (current == null || !etagMatches(c.ifMatch(), current.etag()))) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).with("Condition", "If-Match");
    }
    if (c.ifNoneMatch() != null && current != null && etagMatches(c.ifNoneMatch(), current.etag())) {
      throw new S3Exception(S3ErrorCode.PRECONDITION_FAILED).with("Condition", "If-None-Match");
    }
  }

  /**
   * Resolves {@code range} against {@code size}. A range whose last byte precedes its first is not a valid
   * byte-range-spec, and HTTP says to ignore such a Range header: the whole object is sent.
   */
  static Span resolve(ByteRange range, long size) {
    if (range == null || (range.first() == null && range.suffixLength() == null)) {
      return new Span(0, size, false);
    }
    if (range.first() == null) {
      long suffix = range.suffixLength();
      if (suffix <= 0 || size == 0) {
        throw invalidRange(size);
      }
      long length = Math.min(suffix, size);
      return new Span(size - length, length, true);
    }
    long first = range.first();
    if (range.last() != null && range.last() < first) {
      return new Span(0, size, false);
    }
    if (first < 0 || first >= size) {
      throw invalidRange(size);
    }
    long last = range.last() == null ? size - 1 : Math.min(range.last(), size - 1);
    return new Span(first, last - first + 1, true);
  }

  /** Accepts a list of quoted or unquoted (weak or strong) ETags, or "*". */
  static boolean etagMatches(String header, String etag) {
    String actual = unquote(etag);
    for (String candidate : header.split(",")) {
      String c = candidate.trim();
      if (c.equals("*") || unquote(c).equals(actual)) {
        return true;
      }
    }
    return false;
  }

  private static String unquote(String etag) {
    String e = etag.startsWith("W/") ? etag.substring(2) : etag;
    if (e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"")) {
      e = e.substring(1, e.length() - 1);
    }
    return e;
  }

  private static long seconds(long epochMillis) {
    return Math.floorDiv(epochMillis, 1000);
  }

  private static S3Exception notModified(ObjectInfo info) {
    // The 304 response repeats these validators.
    return new S3Exception(S3ErrorCode.NOT_MODIFIED)
        .with("ETag", info.etag())
        .with("LastModified", Long.toString(info.lastModified()));
  }

  private static S3Exception invalidRange(long size) {
    return new S3Exception(S3ErrorCode.INVALID_RANGE).with("ActualObjectSize", Long.toString(size));
  }
}
