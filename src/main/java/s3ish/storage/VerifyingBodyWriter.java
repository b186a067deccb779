package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.internal.buffer.BufferInternal;
import java.nio.ByteBuffer;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * A body upload (an object or a part) whatever the backend: enforces the declared and maximum size, digests
 * every byte, verifies the expected checksums at commit, and only then {@link #publish}es. Where the bytes go
 * is the backend's {@link BodySink}.
 */
abstract class VerifyingBodyWriter<R> implements BodyWriter<R> {
  private enum State { OPEN, COMMITTED, DISCARDED }

  private final long contentLength;
  private final Map<Checksum, String> expected;
  private final Set<Checksum> trailing;
  private final long maxSize;
  private final BodySink sink;
  private final BodyDigests digests;
  private long size;
  private State state = State.OPEN;

  /**
   * @param expected digests known at open
   * @param trailing checksums whose values come with End (they must arrive)
   * @param alsoCompute checksums to compute and store although nobody announced them (a multipart upload's algorithm)
   */
  VerifyingBodyWriter(long contentLength, Map<Checksum, String> expected, Set<Checksum> trailing,
      Set<Checksum> alsoCompute, long maxSize, BodySink sink) {
    this.contentLength = contentLength;
    this.sink = sink;
    this.expected = expected == null ? Map.of() : expected;
    this.trailing = trailing == null ? Set.of() : trailing;
    this.maxSize = maxSize;
    Set<Checksum> computed = new HashSet<>(this.trailing);
    computed.addAll(alsoCompute);
    this.digests = new BodyDigests(this.expected, computed);
  }

  /**
   * Makes the verified body visible. Owns {@code body}: must release it when publishing fails.
   *
   * @param md5Hex lowercase hex MD5 of the body
   * @param checksums the object checksums computed, base64
   */
  abstract Future<R> publish(StoredBody body, String md5Hex, Map<Checksum, String> checksums);

  @Override
  public Future<Void> append(Buffer data) {
    Future<Void> stored;
    try {
      stored = accept(data);
    } catch (RuntimeException e) {
      stored = Future.failedFuture(e);
    }
    return stored.onFailure(e -> discard());
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
    } catch (RuntimeException e) {
      discard();
      return Future.failedFuture(e);
    }
    return sink.seal(size)
        .onFailure(e -> discard())
        .compose(body -> {
          state = State.COMMITTED; // the body now owns what was stored
          return publish(body, digests.md5Hex(), digests.objectChecksums());
        });
  }

  @Override
  public Future<Void> discard() {
    if (state == State.OPEN) {
      state = State.DISCARDED;
      sink.drop();
    }
    return Future.succeededFuture();
  }

  @Override
  public long bytesReceived() {
    return size;
  }

  private Future<Void> accept(Buffer data) {
    requireOpen();
    int length = data.length();
    if (length == 0) {
      return Future.succeededFuture();
    }
    long newSize = size + length;
    if (newSize > maxSize) {
      throw new S3Exception(S3ErrorCode.ENTITY_TOO_LARGE).with("MaxSizeAllowed", Long.toString(maxSize));
    }
    if (contentLength >= 0 && newSize > contentLength) {
      throw new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "More bytes arrived than the declared Content-Length.");
    }
    Future<Void> stored = sink.store(data, newSize);
    digests.update(data instanceof BufferInternal internal
        ? internal.getByteBuf().nioBuffer(0, length) : ByteBuffer.wrap(data.getBytes()));
    size = newSize;
    return stored;
  }

  private void requireOpen() {
    if (state != State.OPEN) {
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "upload already " + state.name().toLowerCase());
    }
  }
}
