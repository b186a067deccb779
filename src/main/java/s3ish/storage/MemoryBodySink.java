package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * A body upload's bytes in the memory backend: each appended buffer is copied once into its own direct buffer (the
 * sender may reuse nothing, but clustered delivery hands us heap copies and we keep nothing on the heap), and
 * kept aside until commit. Capacity is reserved before each allocation.
 */
final class MemoryBodySink implements BodySink {
  private final Capacity capacity;
  private final List<ByteBuffer> chunks = new ArrayList<>();
  private long reserved;

  MemoryBodySink(long contentLength, Capacity capacity) {
    this.capacity = capacity;
    if (contentLength > 0) {
      capacity.reserve(contentLength); // a declared size that cannot fit fails before any byte moves
      reserved = contentLength;
    }
  }

  @Override
  public Future<Void> store(Buffer data, long newSize) {
    if (newSize > reserved) {
      capacity.reserve(newSize - reserved);
      reserved = newSize;
    }
    ByteBuffer chunk;
    try {
      chunk = ByteBuffer.allocateDirect(data.length());
    } catch (OutOfMemoryError e) {
      // Direct memory ran out before our accounting did (other users of direct memory, garbage not yet collected).
      throw new S3Exception(S3ErrorCode.STORAGE_FULL);
    }
    if (data instanceof BufferInternal internal) {
      internal.getByteBuf().getBytes(internal.getByteBuf().readerIndex(), chunk);
    } else {
      chunk.put(data.getBytes());
    }
    chunk.flip();
    chunks.add(chunk);
    return Future.succeededFuture();
  }

  @Override
  public Future<StoredBody> seal(long size) {
    if (reserved > size) {
      capacity.release(reserved - size);
      reserved = size;
    }
    reserved = 0; // the body now owns the reservation
    return Future.succeededFuture(new StoredBody(chunks, size, capacity));
  }

  @Override
  public void drop() {
    chunks.clear();
    capacity.release(reserved);
    reserved = 0;
  }
}
