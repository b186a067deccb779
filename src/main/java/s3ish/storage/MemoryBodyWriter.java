package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * A body upload into the memory backend (an object or a part): each appended buffer is copied once into its own
 * direct buffer (the sender may reuse nothing, but clustered delivery hands us heap copies and we keep nothing on
 * the heap), digested, and kept aside until commit {@link #publish}es it.
 */
abstract class MemoryBodyWriter<R> implements BodyWriter<R> {
  private enum State { OPEN, COMMITTED, DISCARDED }

  private final long contentLength;
  private final Map<Checksum, String> expected;
  private final Set<Checksum> trailing;
  private final long maxSize;
  private final Capacity capacity;
  private final BodyDigests digests;
  private final List<ByteBuffer> chunks = new ArrayList<>();
  private long size;
  private long reserved;
  private State state = State.OPEN;

  /**
   * @param expected digests known at open
   * @param trailing checksums whose values come with End (they must arrive)
   * @param alsoCompute checksums to compute and store although nobody announced them (a multipart upload's algorithm)
   */
  MemoryBodyWriter(long contentLength, Map<Checksum, String> expected, Set<Checksum> trailing,
      Set<Checksum> alsoCompute, long maxSize, Capacity capacity) {
    this.contentLength = contentLength;
    this.expected = expected == null ? Map.of() : expected;
    this.trailing = trailing == null ? Set.of() : trailing;
    this.maxSize = maxSize;
    this.capacity = capacity;
    Set<Checksum> computed = new HashSet<>(this.trailing);
    computed.addAll(alsoCompute);
    this.digests = new BodyDigests(this.expected, computed);
    if (contentLength > 0) {
      capacity.reserve(contentLength); // a declared size that cannot fit fails before any byte moves
      reserved = contentLength;
    }
  }

  /**
   * Makes the verified body visible. Owns {@code body}: must release it when publishing fails.
   *
   * @param md5Hex lowercase hex MD5 of the body
   * @param checksums the object checksums computed, base64
   */
  abstract R publish(StoredBody body, String md5Hex, Map<Checksum, String> checksums);

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
  public Future<R> commit(Map<Checksum, String> trailers) {
    try {
      requireOpen();
      if (contentLength >= 0 && size != contentLength) {
        throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY);
      }
      digests.verify(expected);
      Map<Checksum, String> atEnd = trailers == null ? Map.of() : trailers;
      for (Checksum announced : trailing) {
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
      return Future.succeededFuture(publish(body, digests.md5Hex(), digests.objectChecksums()));
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
    if (newSize > maxSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).with("MaxSizeAllowed", Long.toString(maxSize));
    }
    if (contentLength >= 0 && newSize > contentLength) {
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
}
