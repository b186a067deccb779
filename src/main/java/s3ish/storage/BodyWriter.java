package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import s3ish.bus.Checksum;

/**
 * One body upload in progress (an object or a part), yielding {@code R} at commit. Used from a single context,
 * one call at a time: the next {@link #append} only after the previous one completed. A failed append or commit
 * has already discarded everything.
 */
public interface BodyWriter<R> {

  /** Completes once {@code data} is stored (the moment its chunk may be acknowledged). */
  Future<Void> append(Buffer data);

  /**
   * Verifies the size and every expected checksum ({@code trailing} from the stream's End, added to those
   * given at open) and publishes the body atomically.
   */
  Future<R> commit(Map<Checksum, String> trailing);

  /** Drops what was received and frees its capacity. Idempotent; a no-op after commit. */
  Future<Void> discard();

  long bytesReceived();
}
