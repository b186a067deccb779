package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

/**
 * One per verticle instance that sends or receives bodies: a single event-bus consumer (registered once,
 * also cluster-wide) that routes stream messages to the {@link InboundStream}s it owns, by stream id.
 * All state is confined to the owning verticle's context.
 *
 * <p>A message for a stream id this endpoint does not know (finished, cancelled, timed out) is failed
 * with {@link S3ErrorCode#NO_SUCH_STREAM}: that is how a producer learns that its consumer went away.
 */
public final class StreamEndpoint {
  private final Vertx vertx;
  private final StreamSettings settings;
  private final String address;
  private final Map<String, InboundStream> inbound = new HashMap<>();
  private final MessageConsumer<Object> consumer;

  private StreamEndpoint(Vertx vertx, StreamSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.address = Addresses.streamEndpoint(UUID.randomUUID().toString());
    this.consumer = vertx.eventBus().consumer(address, this::route);
  }

  /** Creates and registers an endpoint; the future completes once peers (also on other nodes) can reach it. */
  public static Future<StreamEndpoint> create(Vertx vertx, StreamSettings settings) {
    StreamEndpoint endpoint = new StreamEndpoint(vertx, settings);
    return endpoint.consumer.completion().map(endpoint);
  }

  public String address() {
    return address;
  }

  public StreamSettings settings() {
    return settings;
  }

  /** A new consumer side, paused until a handler is set; register it before asking a peer to send. */
  public InboundStream accept() {
    String id = UUID.randomUUID().toString();
    InboundStream stream = new InboundStream(this, id);
    inbound.put(id, stream);
    return stream;
  }

  /** A producer side sending to a peer's endpoint, under the window the consumer advertised. */
  public OutboundStream connect(String peerEndpoint, String streamId, int window) {
    return new OutboundStream(vertx, peerEndpoint, streamId, settings.chunkSize(),
        Math.max(1, Math.min(window, settings.window())), settings.idleTimeoutMs());
  }

  public int openStreams() {
    return inbound.size();
  }

  Vertx vertx() {
    return vertx;
  }

  void forget(String streamId) {
    inbound.remove(streamId);
  }

  public Future<Void> close() {
    for (InboundStream s : Map.copyOf(inbound).values()) {
      s.cancel(new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "endpoint closing"));
    }
    return consumer.unregister();
  }

  @SuppressWarnings("unchecked")
  private void route(Message<Object> message) {
    Object body = message.body();
    if (body instanceof StreamMessages.Chunk chunk) {
      InboundStream s = inbound.get(chunk.streamId());
      if (s == null) {
        unknown(message);
      } else {
        s.onChunk((Message<StreamMessages.Chunk>) (Message<?>) message);
      }
    } else if (body instanceof StreamMessages.End end) {
      InboundStream s = inbound.get(end.streamId());
      if (s == null) {
        unknown(message);
      } else {
        s.onEnd((Message<StreamMessages.End>) (Message<?>) message);
      }
    } else if (body instanceof StreamMessages.Abort abort) {
      InboundStream s = inbound.get(abort.streamId());
      if (s != null) {
        s.onAbort(abort);
      }
    } else {
      BusErrors.fail(message, new S3Exception(S3ErrorCode.STREAM_PROTOCOL, "not a stream message"));
    }
  }

  private static void unknown(Message<?> message) {
    BusErrors.fail(message, new S3Exception(S3ErrorCode.NO_SUCH_STREAM));
  }
}
