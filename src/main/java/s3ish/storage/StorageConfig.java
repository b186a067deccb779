package s3ish.storage;

import io.vertx.core.json.JsonObject;
import s3ish.bus.StreamSettings;
import s3ish.config.Setting;
import s3ish.erasure.ErasureSettings;

/**
 * The storage verticle's settings, read once from its deployment config. {@code erasure}: how the file backend
 * shards its blobs when {@code enable_erasure_coding} is on, else null.
 */
record StorageConfig(String backend, StreamSettings streams, long maxObjectSize, long memoryMaxBytes, String region,
    long minPartSize, long multipartMaxAgeSecs, int janitorIntervalSecs, String storageRoot,
    ErasureSettings erasure) {

  static StorageConfig from(JsonObject json) {
    String backend = Setting.STORAGE_BACKEND.string(json);
    if (!MemoryBackend.NAME.equals(backend) && !FileBackend.NAME.equals(backend)) {
      throw new IllegalArgumentException(Setting.STORAGE_BACKEND.key() + ": unsupported backend '" + backend
          + "' (supported: " + MemoryBackend.NAME + ", " + FileBackend.NAME + ")");
    }
    String storageRoot = Setting.STORAGE_ROOT.string(json);
    if (FileBackend.NAME.equals(backend) && (storageRoot == null || storageRoot.isBlank())) {
      throw new IllegalArgumentException(Setting.STORAGE_ROOT.key() + " must name a directory when "
          + Setting.STORAGE_BACKEND.key() + " is \"" + FileBackend.NAME + "\"");
    }
    StreamSettings streams = new StreamSettings(
        Setting.CHUNK_SIZE.intValue(json),
        Setting.CREDIT_WINDOW.intValue(json),
        Setting.STREAM_IDLE_TIMEOUT_SECS.intValue(json) * 1000L);
    long maxObjectSize = Setting.MAX_OBJECT_SIZE.longValue(json);
    long memoryMaxBytes = Setting.MEMORY_MAX_BYTES.longValue(json);
    if (maxObjectSize < 0 || memoryMaxBytes < 0) {
      throw new IllegalArgumentException(Setting.MAX_OBJECT_SIZE.key() + " and " + Setting.MEMORY_MAX_BYTES.key()
          + " must not be negative");
    }
    long minPartSize = Setting.MULTIPART_MIN_PART_SIZE.longValue(json);
    long maxAge = Setting.MULTIPART_MAX_AGE_SECS.longValue(json);
    if (minPartSize < 0 || maxAge < 0) {
      throw new IllegalArgumentException(Setting.MULTIPART_MIN_PART_SIZE.key() + " and "
          + Setting.MULTIPART_MAX_AGE_SECS.key() + " must not be negative");
    }
    return new StorageConfig(backend, streams, maxObjectSize, memoryMaxBytes, Setting.REGION.string(json),
        minPartSize, maxAge, Setting.MULTIPART_JANITOR_INTERVAL_SECS.intValue(json), storageRoot,
        FileBackend.NAME.equals(backend) && Setting.ENABLE_ERASURE_CODING.bool(json) ? ErasureSettings.from(json) : null);
  }
}
