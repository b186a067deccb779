package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.ObjectMetadata;
import s3ish.bus.StorageMessages.PutObject;

/**
 * An upload into the memory backend: each appended buffer is copied once into its own direct buffer (the
 * sender may reuse nothing, but clustered delivery hands us heap copies and we keep nothing on the heap),
 * digested, and kept aside until commit installs the object.
 */
final class MemoryObjectWriter implements ObjectWriter {
  private enum State { OPEN, COMMITTED, DISCARDED }

  private final MemoryBackend backend;
  private final MemoryBackend.Bucket bucket;
  private final PutObject put;
  private final long maxObjectSize;
  private final Capacity capacity;
  private final BodyDigests digests;
  private final List<ByteBuffer> chunks = new ArrayList<>();
  private long size;
  private long reserved;
  private State state = State.OPEN;

  MemoryObjectWriter(MemoryBackend backend, MemoryBackend.Bucket bucket, PutObject put, long maxObjectSize,
      Capacity capacity) {
    this.backend = backend;
    this.bucket = bucket;
    this.put = put;
    this.maxObjectSize = maxObjectSize;
    this.capacity = capacity;
    this.digests = new BodyDigests(expectedAtOpen(), put.trailing());
    if (put.contentLength() > 0) {
      capacity.reserve(put.contentLength()); // a declared size that cannot fit fails before any byte moves
      reserved = put.contentLength();
    }
  }

  @Override
  public Future<Void> append(Buffer data) {
    try {
      store(data);
      return Future.succeededFuture();
    } catch (RuntimeException e) {
      discard();
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<ObjectInfo> commit(Map<Checksum, String> trailing) {
    try {
      requireOpen();
      if (put.contentLength() >= 0 && size != put.contentLength()) {
        throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
      }
      digests.verify(expectedAtOpen());
      Map<Checksum, String> atEnd = trailing == null ? Map.of() : trailing;
      for (Checksum announced : put.trailing()) {
        if (!atEnd.containsKey(announced)) {
          throw new S3Exception(S3ErrorCode.MALFORMED_TRAILER,
              "The trailer " + announced.header() + " was announced but did not arrive.");
        }
      }
      digests.verify(atEnd);
      if (reserved > size) {
        capacity.release(reserved - size);
        reserved = size;
      }
      StoredBody body = new StoredBody(chunks, size, capacity);
      state = State.COMMITTED; // the body now owns the reservation
      ObjectMetadata metadata = put.metadata() == null ? ObjectMetadata.EMPTY : put.metadata();
      ObjectInfo info = new ObjectInfo(put.bucket(), put.key(), size, "\"" + digests.md5Hex() + "\"",
          System.currentTimeMillis(), metadata, digests.objectChecksums());
      backend.install(bucket, new MemoryBackend.StoredObject(info, body), put.conditions());
      return Future.succeededFuture(info);
    } catch (RuntimeException e) {
      discard();
      return Future.failedFuture(e);
    }
  }

  @Override
  public Future<Void> discard() {
    if (state == State.OPEN) {
      state = State.DISCARDED;
      chunks.clear();
      capacity.release(reserved);
      reserved = 0;
    }
    return Future.succeededFuture();
  }

  @Override
  public long bytesReceived() {
    return size;
  }

  private void store(Buffer data) {
    requireOpen();
    int length = data.length();
    if (length == 0) {
      return;
    }
    long newSize = size + length;
    if (newSize > maxObjectSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).with("MaxSizeAllowed", Long.toString(maxObjectSize));
    }
    if (put.contentLength() >= 0 && newSize > put.contentLength()) {
      throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "More bytes arrived than the declared Content-Length.");
    }
    if (newSize > reserved) {
      capacity.reserve(newSize - reserved);
      reserved = newSize;
    }
    ByteBuffer chunk;
    try {
      chunk = ByteBuffer.allocateDirect(length);
    } catch (OutOfMemoryError e) {
      // Direct memory ran out before our accounting did (other users of direct memory, garbage not yet collected).
      throw new S3Exception(S3ErrorCode.STORAGE_FULL);
    }
    if (data instanceof BufferInternal internal) {
      internal.getByteBuf().getBytes(0, chunk);
    } else {
      chunk.put(data.getBytes());
    }
    chunk.flip();
    digests.update(chunk);
    chunks.add(chunk);
    size = newSize;
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "upload already " + state.name().toLowerCase());
    }
  }

  private Map<Checksum, String> expectedAtOpen() {
    return put.expected() == null ? Map.of() : put.expected();
  }
}
