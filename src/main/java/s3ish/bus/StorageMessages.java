package s3ish.bus;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request and reply bodies of the storage role. All are immutable records: a local delivery hands the
 * same instance to the consumer, a clustered one serializes it (see {@link Contract}).
 * Times are epoch milliseconds. Nullable fields are marked.
 */
public final class StorageMessages {
  private StorageMessages() {}

  public record Ping() {}

  public record Pong(String nodeId, String backend) {}

  public record BucketName(String bucket) {}

  /** {@code region} nullable: the server's region. */
  public record CreateBucket(String bucket, String region) {}

  public record BucketInfo(String name, long creationDate, String region) {}

  public record BucketList(List<BucketInfo> buckets) {}

  /** System metadata S3 stores and returns verbatim; every field nullable. {@code user} keys are lowercase, without the x-amz-meta- prefix. */
  public record ObjectMetadata(
      String contentType,
      String contentEncoding,
      String contentDisposition,
      String contentLanguage,
      String cacheControl,
      String expires,
      Map<String, String> user) {
    public static final ObjectMetadata EMPTY = new ObjectMetadata(null, null, null, null, null, null, Map.of());
  }

  /**
   * {@code etag} is quoted, as S3 sends it. {@code checksums}: the object checksums verified at upload and stored
   * with the object (base64, as in x-amz-checksum-*), empty when none; never MD5 or CONTENT_SHA256.
   */
  public record ObjectInfo(
      String bucket, String key, long size, String etag, long lastModified, ObjectMetadata metadata,
      Map<Checksum, String> checksums, int partsCount) {
    public ObjectInfo {
      checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }

    /** An object written in one piece ({@code partsCount} 0). */
    public ObjectInfo(String bucket, String key, long size, String etag, long lastModified, ObjectMetadata metadata,
        Map<Checksum, String> checksums) {
      this(bucket, key, size, etag, lastModified, metadata, checksums, 0);
    }
  }

  /** Conditions evaluated by storage against the version it reads, so the check and the read are atomic. Nullable. */
  public record ReadConditions(String ifMatch, String ifNoneMatch, Long ifModifiedSince, Long ifUnmodifiedSince) {
    public static final ReadConditions NONE = new ReadConditions(null, null, null, null);
  }

  /** Conditions evaluated by storage at commit time. Nullable; {@code ifNoneMatch} supports "*". */
  public record WriteConditions(String ifMatch, String ifNoneMatch) {
    public static final WriteConditions NONE = new WriteConditions(null, null);
  }

  /** One HTTP byte range: {@code first-last}, {@code first-}, or {@code -suffixLength}. Resolved by storage against the size. */
  public record ByteRange(Long first, Long last, Long suffixLength) {}

  /**
   * Opens an upload. Reply: {@link StreamOpened}; the body then streams to that endpoint and the reply to the
   * stream's End is the committed {@link ObjectInfo}. {@code contentLength} is -1 when unknown.
   * {@code expected}: digests known at open (Content-MD5, x-amz-content-sha256, an x-amz-checksum-* header).
   * {@code trailing}: object checksums whose expected value comes only with End (aws-chunked trailers), so
   * storage computes them from the first byte; empty when none. Every object checksum named in either is
   * verified and stored with the object.
   */
  public record PutObject(
      String bucket,
      String key,
      ObjectMetadata metadata,
      long contentLength,
      Map<Checksum, String> expected,
      WriteConditions conditions,
      Set<Checksum> trailing) {
    public PutObject {
      trailing = trailing == null ? Set.of() : Set.copyOf(trailing);
    }

    /** An upload without trailing checksums. */
    public PutObject(String bucket, String key, ObjectMetadata metadata, long contentLength,
        Map<Checksum, String> expected, WriteConditions conditions) {
      this(bucket, key, metadata, contentLength, expected, conditions, Set.of());
    }
  }

  /**
   * A PutObject whose whole body, at most one chunk, travels inside the request: one round trip instead of the
   * stream's three (StreamOpened, Chunk + credit, End). Reply: {@link ObjectInfo}. {@code put.trailing} must be
   * empty (trailers come with a stream's End).
   */
  public record PutInline(PutObject put, Buffer body) {}

  /** Where the producer sends the body, and how many unacknowledged chunks the consumer allows. */
  public record StreamOpened(String endpoint, String streamId, int window) {}

  /**
   * Reads an object. Reply: {@link ObjectRead}. Unless {@code headOnly} or the length is 0, storage then streams
   * the body to {@code replyEndpoint} under {@code streamId}, at most {@code window} chunks unacknowledged.
   */
  public record GetObject(
      String bucket,
      String key,
      ByteRange range,
      ReadConditions conditions,
      boolean headOnly,
      String replyEndpoint,
      String streamId,
      int window,
      Integer partNumber,
      int inlineMax) {
    /** A read of the whole object or a byte range. */
    public GetObject(String bucket, String key, ByteRange range, ReadConditions conditions, boolean headOnly,
        String replyEndpoint, String streamId, int window) {
      this(bucket, key, range, conditions, headOnly, replyEndpoint, streamId, window, null, 0);
    }
  }

  /**
   * {@code start}/{@code length} of the bytes that are read; {@code ranged} when a Range was applied (206).
   * {@code body}: those bytes themselves when they were at most the reader's {@code inlineMax} (nothing
   * streams then), else null.
   */
  public record ObjectRead(ObjectInfo info, long start, long length, boolean ranged, Buffer body) {
    public ObjectRead(ObjectInfo info, long start, long length, boolean ranged) {
      this(info, start, length, ranged, null);
    }

    public ObjectRead withBody(Buffer body) {
      return new ObjectRead(info, start, length, ranged, body);
    }
  }

  /** {@code replaceMetadata} null: copy the source's metadata (directive COPY). */
  public record CopyObject(
      String sourceBucket,
      String sourceKey,
      String bucket,
      String key,
      ReadConditions sourceConditions,
      ObjectMetadata replaceMetadata,
      WriteConditions conditions) {}

  public record ObjectKey(String bucket, String key) {}

  public record DeleteObjects(String bucket, List<String> keys) {}

  public record KeyError(String key, String code, String message) {}

  public record DeleteResult(List<String> deleted, List<KeyError> errors) {}

  /** Keys after {@code startAfter} (exclusive, nullable), grouped by {@code delimiter} (nullable). */
  public record ListObjects(String bucket, String prefix, String delimiter, String startAfter, int maxKeys) {}

  public record ObjectSummary(String key, long size, String etag, long lastModified) {}

  /** {@code nextMarker}: the last key or common prefix returned, when truncated. */
  public record ListResult(
      List<ObjectSummary> contents, List<String> commonPrefixes, boolean truncated, String nextMarker) {}

  // ---- multipart uploads: state owned by storage, so they work unchanged when storage is on another node

  /** Reply: {@link UploadCreated}. Metadata and the checksum algorithm (nullable) apply to the completed object. */
  public record CreateMultipartUpload(String bucket, String key, ObjectMetadata metadata, Checksum checksumAlgorithm) {}

  public record UploadCreated(String bucket, String key, String uploadId, long initiated) {}

  /**
   * Opens one part's body exactly like {@link PutObject}: reply {@link StreamOpened}; the reply to the stream's End
   * is the {@link PartInfo}. Uploading a part number again replaces it. {@code contentLength} -1 when unknown.
   */
  public record UploadPart(
      String bucket,
      String key,
      String uploadId,
      int partNumber,
      long contentLength,
      Map<Checksum, String> expected,
      Set<Checksum> trailing) {
    public UploadPart {
      expected = expected == null ? Map.of() : Map.copyOf(expected);
      trailing = trailing == null ? Set.of() : Set.copyOf(trailing);
    }
  }

  /** {@code etag} quoted MD5 of the part. */
  public record PartInfo(int partNumber, String etag, long size, long lastModified, Map<Checksum, String> checksums) {
    public PartInfo {
      checksums = checksums == null ? Map.of() : Map.copyOf(checksums);
    }
  }

  /** A part made of (a range of) an existing object; the bytes never leave storage. Reply: {@link PartInfo}. */
  public record UploadPartCopy(
      String bucket,
      String key,
      String uploadId,
      int partNumber,
      String sourceBucket,
      String sourceKey,
      ByteRange sourceRange,
      ReadConditions sourceConditions) {}

  /** {@code etag} quoted, as storage keeps part ETags. */
  public record CompletedPart(int partNumber, String etag) {
    /** Clients send part ETags with or without the quotes S3 puts around them. */
    public static CompletedPart asSent(int partNumber, String etag) {
      String trimmed = etag.trim();
      boolean quoted = trimmed.length() >= 2 && trimmed.startsWith("\"") && trimmed.endsWith("\"");
      return new CompletedPart(partNumber, quoted ? trimmed : "\"" + trimmed + "\"");
    }
  }

  /**
   * Reply: the {@link ObjectInfo} of the new object, whose ETag is {@code "<md5 of the part MD5s>-N"}. The object
   * references the parts' bytes; nothing is copied. {@code conditions} are checked atomically with the publish.
   */
  public record CompleteMultipartUpload(
      String bucket, String key, String uploadId, List<CompletedPart> parts, WriteConditions conditions) {}

  /** Names one upload (abort). */
  public record UploadKey(String bucket, String key, String uploadId) {}

  /** Parts with numbers above {@code partNumberMarker}. */
  public record ListParts(String bucket, String key, String uploadId, int partNumberMarker, int maxParts) {}

  public record PartList(
      String bucket,
      String key,
      String uploadId,
      long initiated,
      List<PartInfo> parts,
      boolean truncated,
      int nextPartNumberMarker) {}

  /** Uploads after ({@code keyMarker}, {@code uploadIdMarker}), both nullable, grouped by {@code delimiter}. */
  public record ListMultipartUploads(
      String bucket, String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads) {}

  public record UploadSummary(String key, String uploadId, long initiated) {}

  public record UploadList(
      List<UploadSummary> uploads,
      List<String> commonPrefixes,
      boolean truncated,
      String nextKeyMarker,
      String nextUploadIdMarker) {}
}
