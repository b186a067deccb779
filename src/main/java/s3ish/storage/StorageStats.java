package s3ish.storage;

/**
 * What a backend can tell about its contents cheaply, for the storage gauges ({@code s3ish_storage_*}). A backend
 * that implements it gets the gauges; the values may lag concurrent writes slightly.
 */
public interface StorageStats {
  long objectCount();

  /** Bytes of object data held, including the parts of open multipart uploads. */
  long storedBytes();

  long bucketCount();

  long capacityBytes();

  int uploadsInProgress();
}
