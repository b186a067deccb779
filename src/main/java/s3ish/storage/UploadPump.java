package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import s3ish.bus.InboundStream;

/**
 * Moves an upload's body from its inbound stream into a writer. The stream is paused while an append is
 * pending, so chunks stay unacknowledged and the producer stops after one window. End commits; abort,
 * timeout or a refused chunk discard.
 */
final class UploadPump {
  private final InboundStream stream;
  private final BodyWriter<?> writer;
  private Future<Void> lastAppend = Future.succeededFuture();

  UploadPump(InboundStream stream, BodyWriter<?> writer) {
    this.stream = stream;
    this.writer = writer;
  }

  void start() {
    stream.exceptionHandler(cause -> writer.discard());
    stream.endHandler(v -> commit());
    stream.handler(this::append);
  }

  private void append(Buffer data) {
    Future<Void> stored = writer.append(data);
    lastAppend = stored;
    if (stored.isComplete()) {
      if (stored.failed()) {
        refuse(stored.cause());
      }
      return;
    }
    stream.pause();
    stored.onComplete(ar -> {
      if (ar.failed()) {
        refuse(ar.cause());
      } else {
        stream.resume();
      }
    });
  }

  /** The End may be delivered while the last append is still pending: commit after it. */
  private void commit() {
    lastAppend
        .compose(v -> writer.commit(stream.endChecksums()))
        .onSuccess(stream::complete)
        .onFailure(stream::fail);
  }

  /** The writer has discarded itself; tell the producer to stop. */
  private void refuse(Throwable cause) {
    stream.cancel(cause);
  }
}
