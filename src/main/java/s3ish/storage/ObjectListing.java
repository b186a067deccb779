package s3ish.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectSummary;

/** ListObjects over an ordered key index: prefix, delimiter grouping, start-after and max-keys. */
final class ObjectListing {
  private ObjectListing() {}

  static ListResult list(NavigableMap<String, IndexedBackend.StoredObject> index, ListObjects request) {
    String prefix = request.prefix() == null ? "" : request.prefix();
    String delimiter = request.delimiter() == null || request.delimiter().isEmpty() ? null : request.delimiter();
    String startAfter = request.startAfter() == null || request.startAfter().isEmpty() ? null : request.startAfter();
    List<ObjectSummary> contents = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    if (request.maxKeys() <= 0) {
      return new ListResult(contents, prefixes, false, null);
    }
    String last = null;
    boolean truncated = false;
    Map.Entry<String, IndexedBackend.StoredObject> e = startAfter == null || startAfter.compareTo(prefix) < 0
        ? index.ceilingEntry(prefix)
        : index.higherEntry(startAfter);
    while (e != null && e.getKey().startsWith(prefix)) {
      String key = e.getKey();
      int cut = delimiter == null ? -1 : key.indexOf(delimiter, prefix.length());
      if (cut >= 0) {
        String common = key.substring(0, cut + delimiter.length());
        // A common prefix returned on the previous page arrives here as startAfter: never return it again.
        if (!common.equals(startAfter) && !common.equals(last)) {
          if (contents.size() + prefixes.size() == request.maxKeys()) {
            truncated = true;
            break;
          }
          prefixes.add(common);
          last = common;
        }
        e = skipPast(index, common, key);
        continue;
      }
      if (contents.size() + prefixes.size() == request.maxKeys()) {
        truncated = true;
        break;
      }
      var info = e.getValue().info();
      contents.add(new ObjectSummary(key, info.size(), info.etag(), info.lastModified()));
      last = key;
      e = index.higherEntry(key);
    }
    return new ListResult(contents, prefixes, truncated, truncated ? last : null);
  }

  /** The first entry after every key that starts with {@code common}. */
  private static Map.Entry<String, IndexedBackend.StoredObject> skipPast(
      NavigableMap<String, IndexedBackend.StoredObject> index, String common, String current) {
    char lastChar = common.charAt(common.length() - 1);
    if (lastChar == Character.MAX_VALUE) {
      return index.higherEntry(current); // no successor string: step key by key (the loop skips repeats)
    }
    String after = common.substring(0, common.length() - 1) + (char) (lastChar + 1);
    return index.ceilingEntry(after);
  }
}
