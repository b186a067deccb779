package s3ish.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import s3ish.bus.StorageMessages.ListMultipartUploads;
import s3ish.bus.StorageMessages.UploadList;
import s3ish.bus.StorageMessages.UploadSummary;

/**
 * ListMultipartUploads over the ordered upload index (bucket, key, initiation time): prefix, delimiter grouping,
 * key and upload-id markers, max-uploads (at most 1000).
 */
final class UploadListing {
  static final int MAX_UPLOADS = 1000;

  private UploadListing() {}

  static UploadList list(NavigableMap<MultipartUpload.Order, MultipartUpload> index, ListMultipartUploads request) {
    String bucket = request.bucket();
    String prefix = request.prefix() == null ? "" : request.prefix();
    String delimiter = request.delimiter() == null || request.delimiter().isEmpty() ? null : request.delimiter();
    String keyMarker = request.keyMarker() == null || request.keyMarker().isEmpty() ? null : request.keyMarker();
    int max = Math.min(request.maxUploads(), MAX_UPLOADS);
    List<UploadSummary> uploads = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (max <= 0) {
      return new UploadList(uploads, prefixes, false, null, null);
    }
    String lastKey = null;
    String lastUploadId = null;
    String lastPrefix = null;
    boolean truncated = false;
    for (Map.Entry<MultipartUpload.Order, MultipartUpload> e : index.tailMap(start(index, bucket, prefix, keyMarker,
        request.uploadIdMarker()), false).entrySet()) {
      MultipartUpload u = e.getValue();
      if (!u.bucket.equals(bucket)) {
        break;
      }
      if (!u.key.startsWith(prefix)) {
        if (u.key.compareTo(prefix) < 0) {
          continue;
        }
        break; // keys with the prefix are contiguous and all of them are behind us
      }
      int cut = delimiter == null ? -1 : u.key.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        String common = u.key.substring(0, cut + delimiter.length());
        // A common prefix returned on the previous page comes back as the key marker: never return it again.
        if (common.equals(keyMarker) || common.equals(lastPrefix)) {
          continue;
        }
        if (uploads.size() + prefixes.size() == max) {
          truncated = true;
          break;
        }
        prefixes.add(common);
        lastPrefix = common;
        lastKey = common;
        lastUploadId = null;
        continue;
      }
      if (uploads.size() + prefixes.size() == max) {
        truncated = true;
        break;
      }
      uploads.add(new UploadSummary(u.key, u.id, u.initiated));
      lastKey = u.key;
      lastUploadId = u.id;
    }
    return new UploadList(uploads, prefixes, truncated, truncated ? lastKey : null, truncated ? lastUploadId : null);
  }

  /**
   * The index position the listing starts after: after the marker upload when it is still there, else after every
   * upload of the marker key; without a marker, before the bucket's first key.
   */
  private static MultipartUpload.Order start(NavigableMap<MultipartUpload.Order, MultipartUpload> index,
      String bucket, String prefix, String keyMarker, String uploadIdMarker) {
    if (keyMarker == null) {
      return new MultipartUpload.Order(bucket, prefix, Long.MIN_VALUE, "");
    }
    if (uploadIdMarker != null && !uploadIdMarker.isEmpty()) {
      for (MultipartUpload u : index.subMap(new MultipartUpload.Order(bucket, keyMarker, Long.MIN_VALUE, ""), true,
          new MultipartUpload.Order(bucket, keyMarker + "\0", Long.MIN_VALUE, ""), false).values()) {
        if (u.id.equals(uploadIdMarker)) {
          return u.order();
        }
      }
    }
    // The greatest position below every upload of a key after the marker.
    return new MultipartUpload.Order(bucket, keyMarker + "\0", Long.MIN_VALUE, "");
  }
}
