package s3ish.storage;

import io.vertx.core.Future;
import java.util.function.Supplier;

/**
 * Buckets and objects in this JVM: the shared semantics of {@link IndexedBackend} with bodies as immutable lists
 * of off-heap chunks, accounted against a capacity. Nothing blocks, so every operation runs inline.
 */
public final class MemoryBackend extends IndexedBackend {
  static final String NAME = "memory";

  private final Capacity capacity;

  /**
   * @param capacityBytes bytes of object data this backend may hold; 0: the JVM's direct memory limit
   * @param maxObjectSize largest single object or part (EntityTooLarge above)
   */
  public MemoryBackend(long capacityBytes, long maxObjectSize) {
    this(capacityBytes, maxObjectSize, 5L * 1024 * 1024);
  }

  /** @param minPartSize smallest part but the last of a completed multipart upload (EntityTooSmall below) */
  public MemoryBackend(long capacityBytes, long maxObjectSize, long minPartSize) {
    super(maxObjectSize, minPartSize);
    this.capacity = Capacity.of(capacityBytes);
  }

  @Override
  public String name() {
    return NAME;
  }

  /** Bytes of object data currently accounted against the capacity. */
  public long usedBytes() {
    return capacity.used();
  }

  public long capacityBytes() {
    return capacity.max();
  }

  @Override
  <T> Future<T> attempt(Supplier<T> work) {
    return now(work);
  }

  @Override
  Future<BodySink> newBody(long contentLength) {
    return now(() -> new MemoryBodySink(contentLength, capacity));
  }

  @Override
  ReadableObject.Body read(StoredBody body, long start, long length) {
    return new ChunkReadStream(body, start, length);
  }
}
