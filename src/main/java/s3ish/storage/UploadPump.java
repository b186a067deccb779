package s3ish.storage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.BusErrors;
import s3ish.observability.RequestIds;
import s3ish.observability.S3ishMetrics;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.Map;
import s3ish.bus.InboundStream;

/**
 * Moves an upload's body from its inbound stream into a writer. The stream is paused while an append is
 * pending, so chunks stay unacknowledged and the producer stops after one window. End commits; abort,
 * timeout or a refused chunk discard.
 */
final class UploadPump {
  private static final Logger LOG = LoggerFactory.getLogger(UploadPump.class);

  private final InboundStream stream;
  private final BodyWriter<?> writer;
  private final boolean part;
  private final String requestId;
  private final S3ishMetrics metrics;
  private Future<Void> lastAppend = Future.succeededFuture();

  /** {@code part}: the body of a multipart part; {@code requestId} (nullable) names the client request in logs. */
  UploadPump(InboundStream stream, BodyWriter<?> writer, boolean part, String requestId, S3ishMetrics metrics) {
    this.stream = stream;
    this.writer = writer;
    this.part = part;
    this.requestId = requestId;
    this.metrics = metrics;
  }

  /** Stores a body that came whole inside its request, with the bookkeeping of a streamed one. */
  static <R> Future<R> store(BodyWriter<R> writer, Buffer body, String requestId, S3ishMetrics metrics) {
    metrics.storageBytesWritten(body.length());
    return writer.append(body)
        .compose(v -> writer.commit(Map.of()))
        .onSuccess(result -> {
          metrics.storageCommitted(false, body.length());
          RequestIds.withMdc(requestId, () -> LOG.debug("committed inline object of {} bytes", body.length()));
        })
        .onFailure(cause -> discarded(cause, body.length(), requestId, metrics));
  }

  void start() {
    stream.exceptionHandler(cause -> {
      writer.discard();
      discarded(cause);
    });
    stream.endHandler(v -> commit());
    stream.handler(this::append);
  }

  private void append(Buffer data) {
    metrics.storageBytesWritten(data.length());
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
        .onSuccess(result -> {
          metrics.storageCommitted(part, stream.deliveredBytes());
          RequestIds.withMdc(requestId, () ->
              LOG.debug("committed {} of {} bytes", part ? "part" : "object", stream.deliveredBytes()));
          stream.complete(result);
        })
        .onFailure(cause -> {
          discarded(cause);
          stream.fail(cause);
        });
  }

  private void discarded(Throwable cause) {
    discarded(cause, stream.deliveredBytes(), requestId, metrics);
  }

  private static void discarded(Throwable cause, long bytes, String requestId, S3ishMetrics metrics) {
    String reason = BusErrors.toS3(cause).code().code();
    metrics.storageDiscarded(reason);
    RequestIds.withMdc(requestId, () -> LOG.debug("upload discarded after {} bytes: {}", bytes, reason));
  }

  /** The writer has discarded itself; tell the producer to stop. */
  private void refuse(Throwable cause) {
    stream.cancel(cause);
  }
}
