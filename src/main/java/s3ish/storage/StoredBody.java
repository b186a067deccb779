package s3ish.storage;

import io.netty.buffer.Unpooled;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The immutable bytes of a committed object or part: the chunks as they were received, each in its own direct
 * buffer (off the heap, never concatenated). Shared by every object that copies it; the capacity it
 * accounts for is returned when the last object referring to it goes away.
 *
 * <p>A body may also be a view of other bodies — a {@link #slice} (UploadPartCopy) or a {@link #concat}
 * (CompleteMultipartUpload) — which shares their buffers, accounts for no capacity of its own, and holds one
 * reference to each body it views until it is released itself.
 */
final class StoredBody {
  private final List<ByteBuffer> chunks;
  private final long[] starts;
  private final long size;
  private final Capacity capacity;
  private final List<StoredBody> backing;
  private final AtomicInteger refs = new AtomicInteger(1);

  StoredBody(List<ByteBuffer> chunks, long size, Capacity capacity) {
    this(chunks, size, capacity, List.of());
  }

  private StoredBody(List<ByteBuffer> chunks, long size, Capacity capacity, List<StoredBody> backing) {
    this.chunks = List.copyOf(chunks);
    this.size = size;
    this.capacity = capacity;
    this.backing = List.copyOf(backing);
    this.starts = new long[this.chunks.size()];
    long offset = 0;
    for (int i = 0; i < starts.length; i++) {
      starts[i] = offset;
      offset += this.chunks.get(i).limit();
    }
  }

  /**
   * The bodies one after the other, sharing their buffers. Takes over one reference of each (the caller's),
   * returned when the concatenation is released.
   */
  static StoredBody concat(List<StoredBody> parts) {
    List<ByteBuffer> all = new ArrayList<>();
    long size = 0;
    for (StoredBody p : parts) {
      all.addAll(p.chunks);
      size += p.size;
    }
    return new StoredBody(all, size, null, parts);
  }

  /**
   * {@code length} bytes from {@code start}, sharing this body's buffers; empty when this body was released
   * meanwhile. The slice holds a reference to this body until it is released.
   */
  java.util.Optional<StoredBody> slice(long start, long length) {
    if (!retain()) {
      return java.util.Optional.empty();
    }
    List<ByteBuffer> views = new ArrayList<>();
    long remaining = length;
    if (length > 0) {
      int index = chunkAt(start);
      int offset = (int) (start - starts[index]);
      while (remaining > 0) {
        ByteBuffer chunk = chunks.get(index);
        int n = (int) Math.min(chunk.limit() - offset, remaining);
        views.add(chunk.slice(offset, n));
        remaining -= n;
        index++;
        offset = 0;
      }
    }
    return java.util.Optional.of(new StoredBody(views, length, null, List.of(this)));
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
    if (i >= 0) {
      while (i + 1 < starts.length && starts[i + 1] == position) {
        i++; // skip empty chunks (a concatenation may hold an empty part)
      }
      return i;
    }
    return -i - 2;
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

  /** Read-only views of every chunk, for digesting without copying. */
  List<ByteBuffer> chunkViews() {
    return chunks.stream().map(ByteBuffer::asReadOnlyBuffer).toList();
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
      if (capacity != null) {
        capacity.release(size); // the buffers themselves go with the garbage collector
      }
      backing.forEach(StoredBody::release);
    }
  }
}
