package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;

/** Where a body being uploaded keeps its bytes until commit: direct buffers, or a blob being written. */
interface BodySink {
  /** Keeps {@code data} (the body is {@code newSize} bytes with it); completes once it is stored. May throw. */
  Future<Void> store(Buffer data, long newSize);

  /** Turns what was stored ({@code size} bytes) into a committed body, owned by the caller. */
  Future<StoredBody> seal(long size);

  /** Frees whatever was stored. Called at most once, instead of seal. */
  void drop();
}
