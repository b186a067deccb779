package s3ish.bus;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.streams.ReadStream;
import s3ish.observability.S3ishMetrics;
import java.util.ArrayDeque;
import java.util.Map;

/**
 * The consumer side of a body stream, as a Vert.x {@link ReadStream}. A chunk is acknowledged (its credit
 * returned to the producer) only after it has been handed to the handler, so a paused consumer stops the
 * producer after one window: backpressure crosses the bus. At most {@code window} chunks are held.
 *
 * <p>When the producer's End has arrived and every chunk was delivered, the end handler runs; the owner then
 * answers the End with {@link #complete(Object)} (e.g. the committed object) or {@link #fail(Throwable)}.
 * Abort, idle timeout and protocol violations reach the exception handler; {@link #cancel} is the consumer
 * giving up, which the producer sees as a failed chunk.
 */
public final class InboundStream implements ReadStream<Buffer> {
  private final StreamEndpoint endpoint;
  private final String id;
  private final ArrayDeque<Message<StreamMessages.Chunk>> held = new ArrayDeque<>();
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private long demand = Long.MAX_VALUE;
  private long nextSeq;
  private long deliveredBytes;
  private Message<StreamMessages.End> end;
  private boolean endDelivered;
  private boolean closed;
  /** Why the stream closed; producers see it on their next chunk, so a refusal keeps its S3 code. */
  private Throwable closeReason = new S3Exception(S3ErrorCode.NO_SUCH_STREAM);
  private boolean answerEndOnDelivery;
  private boolean draining;
  private long lastActivity;
  private long timer;
  private final long opened = System.nanoTime();
  private final S3ishMetrics metrics = S3ishMetrics.get();
  private String outcome = "completed";
  private boolean used = true;

  InboundStream(StreamEndpoint endpoint, String id) {
    this.endpoint = endpoint;
    this.id = id;
    metrics.busStreamOpened(true);
    touch();
    armTimer(endpoint.settings().idleTimeoutMs());
  }

  public String id() {
    return id;
  }

  public String endpointAddress() {
    return endpoint.address();
  }

  public int window() {
    return endpoint.settings().window();
  }

  public long deliveredBytes() {
    return deliveredBytes;
  }

  /** Digests the producer sent with its End (trailers); empty before the end. */
  public Map<Checksum, String> endChecksums() {
    return end == null ? Map.of() : end.body().checksums();
  }

  public boolean isClosed() {
    return closed;
  }

  /**
   * Answers the producer's End as soon as the end handler has run, for consumers whose End carries no
   * result (a download): nobody has to remember to call {@link #complete}.
   */
  public InboundStream answerEndOnDelivery() {
    this.answerEndOnDelivery = true;
    return this;
  }

  // ---- ReadStream

  @Override
  public InboundStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    drain();
    return this;
  }

  @Override
  public InboundStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    drain();
    return this;
  }

  @Override
  public InboundStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public InboundStream pause() {
    demand = 0;
    return this;
  }

  @Override
  public InboundStream resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public InboundStream fetch(long amount) {
    demand = (demand + amount < 0) ? Long.MAX_VALUE : demand + amount;
    drain();
    return this;
  }

  // ---- completion of the End, by the owner

  /** Answers the producer's End with {@code result} and releases the stream. */
  public void complete(Object result) {
    if (end != null && endDelivered) {
      end.reply(result);
      end = null;
    }
    close();
  }

  /** Answers the producer's End with a failure (e.g. BadDigest: nothing was committed). */
  public void fail(Throwable error) {
    if (!closed) {
      closeReason = error;
      outcome = "failed";
    }
    if (end != null) {
      BusErrors.fail(end, error);
      end = null;
    }
    close();
  }

  /** The reply said nothing streams (the body came inline, or there is none): closed, not counted as failed. */
  void unused() {
    used = false;
    close();
  }

  /** The consumer gives up: everything held is failed so the producer stops; nothing more is delivered. */
  public void cancel(Throwable reason) {
    if (closed) {
      return;
    }
    fail(reason);
  }

  // ---- from the endpoint

  void onChunk(Message<StreamMessages.Chunk> message) {
    StreamMessages.Chunk chunk = message.body();
    if (closed) {
      BusErrors.fail(message, closeReason);
      return;
    }
    if (end != null || chunk.seq() != nextSeq) {
      BusErrors.fail(message, new S3Exception(S3ErrorCode.STREAM_PROTOCOL,
          "chunk " + chunk.seq() + " where " + nextSeq + " was expected"));
      broken(new S3Exception(S3ErrorCode.STREAM_PROTOCOL));
      return;
    }
    nextSeq++;
    held.add(message);
    touch();
    drain();
  }

  void onEnd(Message<StreamMessages.End> message) {
    if (closed || end != null || message.body().seq() != nextSeq) {
      BusErrors.fail(message, new S3Exception(S3ErrorCode.STREAM_PROTOCOL, "unexpected end"));
      broken(new S3Exception(S3ErrorCode.STREAM_PROTOCOL));
      return;
    }
    end = message;
    touch();
    drain();
  }

  void onAbort(StreamMessages.Abort abort) {
    S3ErrorCode code = S3ErrorCode.fromBusCode(abort.code());
    if (!closed) {
      outcome = "aborted";
    }
    broken(new S3Exception(code == null ? S3ErrorCode.INCOMPLETE_BODY : code, abort.reason()));
  }

  // ---- internals

  private void drain() {
    if (draining) {
      return;
    }
    draining = true;
    try {
      Message<StreamMessages.Chunk> next;
      while (!closed && handler != null && demand > 0 && (next = held.poll()) != null) {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        Buffer data = next.body().data();
        deliveredBytes += data.length();
        metrics.busChunk(true, data.length());
        touch();
        handler.handle(data);
        if (closed) {
          BusErrors.fail(next, closeReason); // the handler refused this chunk (e.g. EntityTooLarge)
          return;
        }
        next.reply(null);
      }
      if (!closed && held.isEmpty() && end != null && !endDelivered && (handler != null || endHandler != null)) {
        if (end.body().totalBytes() != deliveredBytes) {
          BusErrors.fail(end, new S3Exception(S3ErrorCode.INCOMPLETE_BODY));
          end = null;
          broken(new S3Exception(S3ErrorCode.INCOMPLETE_BODY));
          return;
        }
        endDelivered = true;
        endpoint.vertx().cancelTimer(timer);
        if (endHandler != null) {
          endHandler.handle(null);
        }
        if (answerEndOnDelivery) {
          complete(null);
        }
      }
    } catch (RuntimeException e) {
      broken(e);
    } finally {
      draining = false;
    }
  }

  /** The producer side broke (abort, timeout, protocol): release and tell the exception handler. */
  private void broken(Throwable cause) {
    if (closed) {
      return;
    }
    fail(cause);
    if (exceptionHandler != null) {
      exceptionHandler.handle(cause);
    }
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (used) {
      metrics.busStreamClosed(true, outcome, System.nanoTime() - opened);
    } else {
      metrics.busStreamUnused(true);
    }
    endpoint.vertx().cancelTimer(timer);
    endpoint.forget(id);
    Message<StreamMessages.Chunk> m;
    while ((m = held.poll()) != null) {
      BusErrors.fail(m, closeReason);
    }
  }

  private void touch() {
    lastActivity = System.nanoTime();
  }

  private void armTimer(long delayMs) {
    timer = endpoint.vertx().setTimer(Math.max(1, delayMs), t -> checkIdle());
  }

  private void checkIdle() {
    if (closed || endDelivered) {
      return;
    }
    long idleMs = (System.nanoTime() - lastActivity) / 1_000_000;
    long limit = endpoint.settings().idleTimeoutMs();
    if (idleMs >= limit) {
      metrics.busIdleTimeouts().increment();
      broken(new S3Exception(S3ErrorCode.REQUEST_TIMEOUT));
    } else {
      armTimer(limit - idleMs);
    }
  }
}
