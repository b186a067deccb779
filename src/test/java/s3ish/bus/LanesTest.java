package s3ish.bus;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.eventbus.DeliveryOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Lanes on a real local event bus with two event loops: callers and responders are verticles, as roles are. */
class LanesTest {
  private static final String ADDRESS = "s3ish.test.lanes";
  private static final int CALLS = 20;

  private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(2));
  /** What every caller saw: its thread, the lane it found, and the thread each reply came from. */
  private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

  /** The thread of each responder deployed. */
  private final Queue<String> responders = new ConcurrentLinkedQueue<>();

  private record Call(String caller, String lane, String responder) {}

  @AfterEach
  void stop() {
    vertx.close().await();
  }

  /** Answers with the name of the thread it runs on. */
  private final class Responder extends VerticleBase {
    @Override
    public Future<?> start() {
      responders.add(Thread.currentThread().getName());
      return Lanes.of(vertx).<String>consumer(ADDRESS, m -> m.reply(Thread.currentThread().getName()));
    }
  }

  /** Calls {@link #CALLS} times from its own event loop when deployed. */
  private final class Caller extends VerticleBase {
    @Override
    public Future<?> start() {
      Lanes lanes = Lanes.of(vertx);
      String lane = lanes.laneOf(ADDRESS);
      List<Future<?>> replies = new ArrayList<>();
      for (int i = 0; i < CALLS; i++) {
        replies.add(lanes.<String>request(ADDRESS, "hi", new DeliveryOptions())
            .onSuccess(reply -> calls.add(new Call(Thread.currentThread().getName(), lane, reply.body()))));
      }
      return Future.all(replies);
    }
  }

  private String deploy(java.util.function.Supplier<VerticleBase> verticle, int instances) {
    return vertx.deployVerticle(verticle, new DeploymentOptions().setInstances(instances)).await();
  }

  @Test
  void aCallerIsServedOnItsOwnEventLoopWhenAnInstanceRunsThere() {
    deploy(Responder::new, 2);

    deploy(Caller::new, 2);

    assertEquals(2 * CALLS, calls.size());
    // without lanes the bus would round-robin between the two responders, half on the other loop
    calls.forEach(call -> assertEquals(call.caller(), call.responder(), call.toString()));
    assertEquals(2, calls.stream().map(Call::caller).distinct().count());
    calls.forEach(call -> assertNotNull(call.lane()));
  }

  @Test
  void aCallerWithoutAnInstanceOnItsLoopUsesTheAddress() {
    deploy(Responder::new, 1);

    deploy(Caller::new, 2);

    assertEquals(2 * CALLS, calls.size());
    assertEquals(1, calls.stream().map(Call::responder).distinct().count());
    Set<String> laneless = calls.stream().filter(c -> c.lane() == null).map(Call::caller).collect(Collectors.toSet());
    assertEquals(1, laneless.size(), calls.toString());
    calls.stream().filter(c -> laneless.contains(c.caller()))
        .forEach(call -> assertTrue(!call.caller().equals(call.responder()), call.toString()));
  }

  @Test
  void anUndeployedInstanceLeavesItsLane() {
    String first = deploy(Responder::new, 1);
    deploy(Responder::new, 1);
    List<String> threads = List.copyOf(responders);
    assertEquals(2, Set.copyOf(threads).size(), "each responder on its own loop: " + threads);

    vertx.undeploy(first).await();
    deploy(Caller::new, 2);

    assertEquals(2 * CALLS, calls.size());
    calls.forEach(call -> assertEquals(threads.get(1), call.responder(), call.toString()));
    calls.forEach(call -> assertEquals(call.caller().equals(threads.get(0)), call.lane() == null, call.toString()));
  }

  @Test
  void twoInstancesOnOneLoopKeepTheLaneUntilBothAreGone() {
    deploy(Responder::new, 1);
    String second = deploy(Responder::new, 1);
    String third = deploy(Responder::new, 1); // two loops: back on the first one's loop
    List<String> threads = List.copyOf(responders);
    assertEquals(threads.get(0), threads.get(2), threads.toString());

    vertx.undeploy(third).await();
    vertx.undeploy(second).await();
    deploy(Caller::new, 2);

    calls.forEach(call -> assertEquals(threads.get(0), call.responder(), call.toString()));
    calls.forEach(call -> assertEquals(call.caller().equals(threads.get(0)), call.lane() != null, call.toString()));
  }
}
