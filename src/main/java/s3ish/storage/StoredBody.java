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
 * The immutable bytes of a committed object or part: its extents in order — for the memory backend the chunks as
 * they were received, each in its own direct buffer (off the heap, never concatenated); for the file backend one
 * sealed blob. Shared by every object that copies it; what it holds (capacity, a blob) is freed when the last
 * object referring to it goes away.
 *
 * <p>A body may also be a view of other bodies — a {@link #slice} (UploadPartCopy) or a {@link #concat}
 * (CompleteMultipartUpload) — which shares their buffers, accounts for no capacity of its own, and holds one
 * reference to each body it views until it is released itself.
 */
final class StoredBody {
  private final List<Extent> chunks;
  private final long[] starts;
  private final long size;
  private final Runnable onFree;
  private final List<StoredBody> backing;
  private final AtomicInteger refs = new AtomicInteger(1);

  /** Chunks held in memory, accounted against {@code capacity}. */
  StoredBody(List<ByteBuffer> chunks, long size, Capacity capacity) {
    this(chunks.stream().<Extent>map(Extent.InMemory::new).toList(), size, () -> capacity.release(size), List.of());
  }

  /** A body owning {@code extents}; {@code onFree} runs when the last reference goes (null: nothing to free). */
  StoredBody(List<Extent> extents, long size, Runnable onFree) {
    this(extents, size, onFree, List.of());
  }

  private StoredBody(List<Extent> chunks, long size, Runnable onFree, List<StoredBody> backing) {
    this.chunks = List.copyOf(chunks);
    this.size = size;
    this.onFree = onFree;
    this.backing = List.copyOf(backing);
    this.starts = new long[this.chunks.size()];
    long offset = 0;
    for (int i = 0; i < starts.length; i++) {
      starts[i] = offset;
      offset += this.chunks.get(i).length();
    }
  }

  /**
   * The bodies one after the other, sharing their buffers. Takes over one reference of each (the caller's),
   * returned when the concatenation is released.
   */
  static StoredBody concat(List<StoredBody> parts) {
    List<Extent> all = new ArrayList<>();
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
    List<Extent> views = new ArrayList<>();
    long remaining = length;
    if (length > 0) {
      int index = chunkAt(start);
      long offset = start - starts[index];
      while (remaining > 0) {
        Extent chunk = chunks.get(index);
        long n = Math.min(chunk.length() - offset, remaining);
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

  long chunkLength(int index) {
    return chunks.get(index).length();
  }

  /** The extents in order (for the file backend's metadata). */
  List<Extent> extents() {
    return chunks;
  }

  /** A read-only view of part of one in-memory chunk, handed to the bus without copying. */
  Buffer view(int index, int offset, int length) {
    ByteBuffer slice = ((Extent.InMemory) chunks.get(index)).buffer().slice(offset, length).asReadOnlyBuffer();
    return BufferInternal.buffer(Unpooled.wrappedBuffer(slice));
  }

  /** Read-only views of every in-memory chunk, for digesting without copying. */
  List<ByteBuffer> chunkViews() {
    return chunks.stream().map(e -> ((Extent.InMemory) e).buffer().asReadOnlyBuffer()).toList();
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
      if (onFree != null) {
        onFree.run(); // memory: returns the capacity (the buffers go with the garbage collector); file: deletes the blob
      }
      backing.forEach(StoredBody::release);
    }
  }
}
