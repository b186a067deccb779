package s3ish.storage;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The immutable bytes of a committed object: the chunks as they were received, each in its own direct
 * buffer (off the heap, never concatenated). Shared by every object that copies it; the capacity it
 * accounts for is returned when the last object referring to it goes away.
 */
final class StoredBody {
  private final List<ByteBuffer> chunks;
  private final long[] starts;
  private final long size;
  private final Capacity capacity;
  private final AtomicInteger refs = new AtomicInteger(1);

  StoredBody(List<ByteBuffer> chunks, long size, Capacity capacity) {
    this.chunks = List.copyOf(chunks);
    this.size = size;
    this.capacity = capacity;
    this.starts = new long[this.chunks.size()];
    long offset = 0;
    for (int i = 0; i < starts.length; i++) {
      starts[i] = offset;
      offset += this.chunks.get(i).limit();
    }
  }

  long size() {
    return size;
  }

  int chunkCount() {
    return chunks.size();
  }

  /** Index of the chunk holding byte {@code position}. */
  int chunkAt(long position) {
    int i = Arrays.binarySearch(starts, position);
    return i >= 0 ? i : -i - 2;
  }

  long chunkStart(int index) {
    return starts[index];
  }

  int chunkLength(int index) {
    return chunks.get(index).limit();
  }

  /** A read-only view of part of one chunk, handed to the bus without copying. */
  Buffer view(int index, int offset, int length) {
    ByteBuffer slice = chunks.get(index).slice(offset, length).asReadOnlyBuffer();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(slice));
  }

  /** Adds a reference for a copy; false when the body was already released (its object deleted meanwhile). */
  boolean retain() {
    while (true) {
      int now = refs.get();
      if (now == 0) {
        return false;
      }
      if (refs.compareAndSet(now, now + 1)) {
        return true;
      }
    }
  }

  void release() {
    if (refs.decrementAndGet() == 0) {
      capacity.release(size); // the buffers themselves go with the garbage collector
    }
  }
}
