package s3ish.bus;

import io.netty.channel.EventLoop;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.shareddata.Shareable;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Node-local lanes: a request that can be served on the caller's own event loop stays on it.
 *
 * <p>A role instance {@link #consumer binds} a contract address twice: the address itself, which the bus
 * round-robins across every instance of the cluster as before, and a node-local lane address
 * ({@code address@N}) that names the event loop the instance runs on. A caller {@link #request requests}
 * through the lane of its own event loop when one is bound and through the address otherwise; a lane that
 * went away between the lookup and the delivery (an instance undeploying) falls back to the address.
 *
 * <p>Why: a message handed to another event loop costs a task queue, a wakeup of that loop's selector and
 * the same again for the reply. A 4 KiB PUT makes two round trips (auth, storage); handing them over was
 * 17 % of its server CPU (docs/PERFORMANCE.md). Lanes are not part of the contract: tools and other nodes
 * keep using the plain addresses, and nothing changes for them.
 */
public final class Lanes implements Shareable {
  private static final String MAP = "s3ish.lanes";
  private static final String KEY = "lanes";

  /** Lane number of each event loop that has a lane; numbers are per Vert.x instance. */
  private final Map<EventLoop, Integer> numbers = new ConcurrentHashMap<>();
  private final AtomicInteger nextNumber = new AtomicInteger();
  /** address -> event loop -> its lane, for the lanes bound now. */
  private final Map<String, Map<EventLoop, Lane>> bound = new ConcurrentHashMap<>();

  private final Vertx vertx;

  /** A lane address and how many instances on its loop listen on it (more instances than loops share lanes). */
  private record Lane(String address, int instances) {}

  private Lanes(Vertx vertx) {
    this.vertx = vertx;
  }

  /** The node's lanes (one registry per Vert.x instance). */
  public static Lanes of(Vertx vertx) {
    return vertx.sharedData().<String, Lanes>getLocalMap(MAP).computeIfAbsent(KEY, key -> new Lanes(vertx));
  }

  /** Lanes are never copied: every verticle of the node shares the one registry. */
  @Override
  public Shareable copy() {
    return this;
  }

  /**
   * Binds {@code handler} to {@code address} and, when called on an event-loop context, to that loop's lane of
   * it; the lane is forgotten when the calling verticle undeploys. Completes when both are registered.
   */
  public <T> Future<Void> consumer(String address, Handler<Message<T>> handler) {
    Future<Void> shared = vertx.eventBus().<T>consumer(address, handler).completion();
    Context current = Vertx.currentContext();
    EventLoop loop = loopOf(current);
    if (loop == null) {
      return shared;
    }
    ContextInternal context = (ContextInternal) current;
    String lane = address + "@" + numbers.computeIfAbsent(loop, l -> nextNumber.getAndIncrement());
    Future<Void> local = vertx.eventBus().<T>localConsumer(lane, handler).completion()
        .onSuccess(v -> {
          Map<EventLoop, Lane> lanes = bound.computeIfAbsent(address, a -> new ConcurrentHashMap<>());
          lanes.merge(loop, new Lane(lane, 1), (had, added) -> new Lane(lane, had.instances() + 1));
          context.addCloseHook(completion -> {
            lanes.computeIfPresent(loop, (l, had) -> had.instances() == 1 ? null : new Lane(lane, had.instances() - 1));
            completion.succeed();
          });
        });
    return Future.all(shared, local).mapEmpty();
  }

  /**
   * {@code EventBus.request} through the lane of the calling event loop when one serves {@code address}, else
   * through {@code address}.
   */
  public <T> Future<Message<T>> request(String address, Object body, DeliveryOptions options) {
    String lane = laneOf(address);
    if (lane == null) {
      return vertx.eventBus().request(address, body, options);
    }
    return vertx.eventBus().<T>request(lane, body, options).recover(e -> noHandler(e)
        ? vertx.eventBus().request(address, body, options)
        : Future.failedFuture(e));
  }

  /** The lane address serving {@code address} on the calling event loop, or null. */
  String laneOf(String address) {
    EventLoop loop = loopOf(Vertx.currentContext());
    if (loop == null) {
      return null;
    }
    Map<EventLoop, Lane> lanes = bound.get(address);
    Lane lane = lanes == null ? null : lanes.get(loop);
    return lane == null ? null : lane.address();
  }

  private static boolean noHandler(Throwable e) {
    return e instanceof ReplyException reply && reply.failureType() == ReplyFailure.NO_HANDLERS;
  }

  private static EventLoop loopOf(Context context) {
    return context instanceof ContextInternal internal && context.isEventLoopContext()
        ? internal.nettyEventLoop()
        : null;
  }
}
