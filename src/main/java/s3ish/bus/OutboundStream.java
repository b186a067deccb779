package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.streams.WriteStream;
import java.util.EnumMap;
import s3ish.observability.S3ishMetrics;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The producer side of a body stream, as a Vert.x {@link WriteStream}. Writes are coalesced into chunks of
 * {@code chunkSize} (large writes are sliced, not copied) and each chunk is sent as a request; the write
 * queue is full while {@code window} chunks are unacknowledged, which pauses a piped source.
 *
 * <p>{@link #end()} sends End; {@link #result()} completes with the consumer's answer to it. {@link #abort}
 * tells the consumer to discard everything. A failed chunk (consumer gone, refused, timed out) fails the
 * stream: the exception handler and {@link #result()} see it, and later writes fail.
 * Buffers handed to {@link #write} must not be modified afterwards: locally they are delivered as they are.
 */
public final class OutboundStream implements WriteStream<Buffer> {
  private final Vertx vertx;
  private final String target;
  private final String streamId;
  private final int chunkSize;
  private final int window;
  private final DeliveryOptions options;
  private final Promise<Object> result = Promise.promise();
  private final Map<Checksum, String> trailers = new EnumMap<>(Checksum.class);
  private Buffer pending;
  private long seq;
  private long bytes;
  private int inFlight;
  private boolean ended;
  private S3Exception failure;
  private Handler<Void> drainHandler;
  private Handler<Throwable> exceptionHandler;
  private final S3ishMetrics metrics = S3ishMetrics.get();
  private final long opened = System.nanoTime();
  private long stalledSince;
  private boolean aborted;

  OutboundStream(Vertx vertx, String target, String streamId, int chunkSize, int window, long timeoutMs) {
    this.vertx = vertx;
    this.target = target;
    this.streamId = streamId;
    this.chunkSize = chunkSize;
    this.window = window;
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
    metrics.busStreamOpened(false);
    result.future().onComplete(ar -> metrics.busStreamClosed(false,
        ar.succeeded() ? "completed" : aborted ? "aborted" : "failed", System.nanoTime() - opened));
  }

  public String streamId() {
    return streamId;
  }

  public long bytesWritten() {
    return bytes;
  }

  /** The consumer's reply to End: for an upload, the committed object. */
  @SuppressWarnings("unchecked")
  public <T> Future<T> result() {
    return (Future<T>) result.future();
  }

  /** An expected digest known only at the end (e.g. a trailer); sent with End. */
  public OutboundStream trailer(Checksum kind, String value) {
    trailers.put(kind, value);
    return this;
  }

  @Override
  public Future<Void> write(Buffer data) {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (ended) {
      return Future.failedFuture(new IllegalStateException("stream already ended"));
    }
    bytes += data.length();
    int offset = 0;
    int length = data.length();
    while (offset < length) {
      if (pending == null && length - offset >= chunkSize) {
        send(data.slice(offset, offset + chunkSize));
        offset += chunkSize;
        continue;
      }
      if (pending == null) {
        pending = Buffer.buffer(chunkSize);
      }
      int n = Math.min(chunkSize - pending.length(), length - offset);
      pending.appendBuffer(data, offset, n);
      offset += n;
      if (pending.length() == chunkSize) {
        send(pending);
        pending = null;
      }
    }
    return Future.succeededFuture();
  }

  @Override
  public Future<Void> end() {
    if (failure != null) {
      return Future.failedFuture(failure);
    }
    if (!ended) {
      ended = true;
      if (pending != null) {
        send(pending);
        pending = null;
      }
      // Ordered after the chunks on the same path; the consumer checks seq and byte count anyway.
      vertx.eventBus().request(target, new StreamMessages.End(streamId, seq, bytes, Map.copyOf(trailers)), options)
          .onComplete(ar -> {
            if (ar.succeeded()) {
              result.tryComplete(ar.result().body());
            } else {
              failed(BusErrors.toS3(ar.cause()), false);
            }
          });
    }
    return result.future().mapEmpty();
  }

  /** Gives up: the consumer discards what it has; {@link #result()} fails with {@code reason}. Idempotent. */
  public void abort(S3Exception reason) {
    if (result.future().isComplete()) {
      return;
    }
    ended = true;
    aborted = true;
    pending = null;
    vertx.eventBus().send(target, new StreamMessages.Abort(streamId, reason.code().busCode(), reason.getMessage()));
    failed(reason, false);
  }

  @Override
  public boolean writeQueueFull() {
    return inFlight >= window;
  }

  @Override
  public OutboundStream setWriteQueueMaxSize(int maxSize) {
    return this; // the consumer's window bounds the queue
  }

  @Override
  public OutboundStream drainHandler(Handler<Void> handler) {
    this.drainHandler = handler;
    return this;
  }

  @Override
  public OutboundStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  private void send(Buffer data) {
    inFlight++;
    metrics.busChunk(false, data.length());
    if (inFlight == window) {
      metrics.busCreditStalls().increment();
      stalledSince = System.nanoTime();
    }
    vertx.eventBus().request(target, new StreamMessages.Chunk(streamId, seq++, data), options)
        .onComplete(ar -> {
          if (inFlight-- == window && stalledSince != 0) {
            metrics.busCreditWait().record(System.nanoTime() - stalledSince, TimeUnit.NANOSECONDS);
            stalledSince = 0;
          }
          if (ar.failed()) {
            failed(BusErrors.toS3(ar.cause()), true);
          } else if (drainHandler != null && failure == null && inFlight <= window / 2) {
            Handler<Void> h = drainHandler;
            drainHandler = null;
            h.handle(null);
          }
        });
  }

  private void failed(S3Exception cause, boolean tellConsumer) {
    if (failure != null) {
      return;
    }
    failure = cause;
    pending = null;
    if (tellConsumer) {
      vertx.eventBus().send(target, new StreamMessages.Abort(streamId, cause.code().busCode(), cause.getMessage()));
    }
    result.tryFail(cause);
    if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }
}
