package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import java.util.function.Supplier;
import s3ish.bus.StorageMessages.ObjectRead;

/**
 * The outcome of {@link StorageBackend#openRead}: what will be read, and a way to stream exactly those bytes.
 * The body is produced on demand (not at all for HEAD or an empty span) and must be closed when done.
 */
public record ReadableObject(ObjectRead read, Supplier<Body> body) {

  /** The bytes of {@link ObjectRead#start()}..+{@link ObjectRead#length()}; {@link #close()} releases them. */
  public interface Body extends ReadStream<Buffer> {
    /** Stops emitting and releases what the body holds; idempotent. */
    void close();

    /**
     * Completes once the body can be streamed from its start; fails, before any byte is emitted, when it cannot
     * be read (storage answers the request with that error instead of cutting the response).
     */
    default Future<Void> ready() {
      return Future.succeededFuture();
    }
  }
}
