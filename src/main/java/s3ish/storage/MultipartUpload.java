package s3ish.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.PartInfo;

/**
 * One multipart upload in progress: what Create said, and its parts by number. Its own monitor guards the parts
 * and the open flag, so a part arriving, a complete and an abort of the same upload are serialized; once closed
 * (completed or aborted) it accepts nothing and holds no bytes.
 */
final class MultipartUpload {
  static final int MAX_PARTS = 10_000;

  record Part(PartInfo info, StoredBody body) {}

  /**
   * The order of ListMultipartUploads: key, then initiation — by a creation sequence rather than the clock, so
   * two uploads created in the same millisecond keep their order.
   */
  record Order(String bucket, String key, long sequence, String id) implements Comparable<Order> {
    @Override
    public int compareTo(Order o) {
      int c = bucket.compareTo(o.bucket);
      if (c == 0) {
        c = key.compareTo(o.key);
      }
      if (c == 0) {
        c = Long.compare(sequence, o.sequence);
      }
      return c != 0 ? c : id.compareTo(o.id);
    }
  }

  final String id;
  final String bucket;
  final String key;
  final ObjectMetadata metadata;
  final Checksum algorithm;
  final long initiated;
  private final long sequence;
  private final TreeMap<Integer, Part> parts = new TreeMap<>();
  private boolean open = true;

  MultipartUpload(String id, String bucket, String key, ObjectMetadata metadata, Checksum algorithm, long initiated,
      long sequence) {
    this.sequence = sequence;
    this.id = id;
    this.bucket = bucket;
    this.key = key;
    this.metadata = metadata == null ? ObjectMetadata.EMPTY : metadata;
    this.algorithm = algorithm;
    this.initiated = initiated;
  }

  Order order() {
    return new Order(bucket, key, sequence, id);
  }

  /**
   * Adds or replaces a part after {@code persist} ran (under this upload's monitor); the caller keeps
   * {@code part.body()} when this throws.
   */
  synchronized void putPart(Part part, Runnable persist) {
    if (!open) {
      throw noSuchUpload(id);
    }
    persist.run();
    Part old = parts.put(part.info().partNumber(), part);
    if (old != null) {
      old.body().release();
    }
  }

  synchronized void requireOpen() {
    if (!open) {
      throw noSuchUpload(id);
    }
  }

  synchronized boolean isOpen() {
    return open;
  }

  /** The parts in number order; the caller holds this upload's monitor or accepts a snapshot. */
  synchronized Map<Integer, Part> parts() {
    return new TreeMap<>(parts);
  }

  /** Parts numbered above {@code marker}, at most {@code max}, plus whether more follow. */
  synchronized List<PartInfo> partsAfter(int marker, int max, boolean[] truncated) {
    List<PartInfo> out = new ArrayList<>();
    for (Part p : parts.tailMap(marker, false).values()) {
      if (out.size() == max) {
        truncated[0] = true;
        break;
      }
      out.add(p.info());
    }
    return out;
  }

  /** Closes the upload and frees every part (references taken by a completed object stay with it). */
  synchronized boolean close() {
    if (!open) {
      return false;
    }
    open = false;
    parts.values().forEach(p -> p.body().release());
    parts.clear();
    return true;
  }

  static S3Exception noSuchUpload(String uploadId) {
    return new S3Exception(S3ErrorCode.NO_SUCH_UPLOAD).with("UploadId", String.valueOf(uploadId));
  }
}
