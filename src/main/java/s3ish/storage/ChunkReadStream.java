package s3ish.storage;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;

/**
 * Streams a span of a stored body chunk by chunk, as views of the stored buffers. Emits synchronously as
 * far as demand allows, so a pipe into a full write queue stops it after the current chunk.
 */
final class ChunkReadStream implements ReadableObject.Body {
  private StoredBody body;
  private int index;
  private int offset;
  private long remaining;
  private long demand = Long.MAX_VALUE;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean emitting;
  private boolean ended;
  private boolean closed;

  ChunkReadStream(StoredBody body, long start, long length) {
    this.body = body;
    this.remaining = length;
    if (length > 0) {
      this.index = body.chunkAt(start);
      this.offset = (int) (start - body.chunkStart(index));
    }
  }

  @Override
  public ChunkReadStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    emit();
    return this;
  }

  @Override
  public ChunkReadStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ChunkReadStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ChunkReadStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public ChunkReadStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public ChunkReadStream fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    emit();
    return this;
  }

  @Override
  public void close() {
    closed = true;
    body = null;
    handler = null;
    endHandler = null;
  }

  private void emit() {
    if (emitting) {
      return; // a handler that resumes us re-enters here; the outer loop carries on
    }
    emitting = true;
    try {
      while (!closed && handler != null && demand > 0 && remaining > 0) {
        Buffer next = nextView();
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(next);
      }
      if (!closed && !ended && remaining == 0 && handler != null && demand > 0) {
        ended = true;
        if (endHandler != null) {
          endHandler.handle(null);
        }
      }
    } catch (RuntimeException e) {
      Handler<Throwable> h = exceptionHandler;
      close();
      if (h != null) {
        h.handle(e);
      }
    } finally {
      emitting = false;
    }
  }

  private Buffer nextView() {
    int length = (int) Math.min(body.chunkLength(index) - offset, remaining);
    Buffer view = body.view(index, offset, length);
    remaining -= length;
    offset += length;
    if (offset == body.chunkLength(index)) {
      index++;
      offset = 0;
    }
    return view;
  }
}
