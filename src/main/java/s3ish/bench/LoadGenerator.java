package s3ish.bench;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.internal.VertxInternal;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.HdrHistogram.Histogram;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import s3ish.auth.RequestSigner;
import s3ish.bus.AuthMessages.Header;

/**
 * Drives one {@link BenchPlan} against an S3 endpoint with the Vert.x HTTP client: creates the bucket, fills the
 * key space when the mix reads objects, then runs {@code concurrency} workers, each with one request in flight.
 * Bodies are slices of one reusable buffer of at most {@link #BODY_CHUNK} bytes, written under the request's
 * backpressure; downloads are counted and dropped, so memory does not grow with the object size.
 */
final class LoadGenerator {
  static final int BODY_CHUNK = 1024 * 1024;
  private static final Pattern ERROR_CODE = Pattern.compile("<Code>([^<]{1,64})</Code>");

  /** A request that got a non-2xx answer. */
  static final class RequestFailed extends RuntimeException {
    RequestFailed(String message) {
      super(message, null, false, false);
    }
  }

  /** What a run measured. */
  record Result(BenchPlan plan, long elapsedNanos, List<OperationStats> operations) {}

  /** Picks the next operation and key of a worker, or null when the worker should stop. */
  @FunctionalInterface
  private interface Jobs {
    Job next(UniformRandomProvider random, IntSupplier keys);
  }

  private record Job(Operation operation, String key) {}

  private final Vertx vertx;
  private final BenchPlan plan;
  private final HttpClientAgent client;
  private final RequestSigner signer;
  private final Buffer body;
  private final PrintWriter progress;

  LoadGenerator(Vertx vertx, BenchPlan plan, PrintWriter progress) {
    this.vertx = vertx;
    this.plan = plan;
    this.progress = progress;
    this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setIdleTimeout(60),
        new PoolOptions().setHttp1MaxSize(plan.concurrency()));
    this.signer = new RequestSigner(plan.accessKey(), plan.secretKey(), plan.region());
    byte[] bytes = new byte[(int) Math.min(plan.objectSize(), BODY_CHUNK)];
    RandomSource.XO_RO_SHI_RO_128_PP.create(42L).nextBytes(bytes);
    this.body = Buffer.buffer(bytes);
  }

  /** Runs the plan; call from a thread that is not a Vert.x thread (each phase is awaited). */
  Result run() {
    try {
      if (plan.createBucket()) {
        createBucket().await();
      }
      if (plan.prepare() && plan.mix().readsObjects()) {
        prepare();
      }
      return measure();
    } finally {
      client.close().await();
    }
  }

  private Future<Void> createBucket() {
    // Sent from an event-loop context like every other request: sent from the calling (non-Vert.x) thread, the
    // response could be handed over after its body had gone by, and the 409 body was then awaited forever.
    Promise<Void> created = Promise.promise();
    newContext().runOnContext(v -> send(null, "PUT", "/" + plan.bucket(), null).recover(e ->
        e.getMessage() != null && e.getMessage().contains("BucketAlreadyOwnedByYou")
            ? Future.succeededFuture() : Future.failedFuture(e)).<Void>mapEmpty().onComplete(created));
    return created.future();
  }

  private Context newContext() {
    return ((VertxInternal) vertx).createEventLoopContext();
  }

  /** Puts every key of the key space once, so reads find objects; not measured. */
  private void prepare() {
    int size = plan.keys().size();
    AtomicInteger nextIndex = new AtomicInteger();
    OperationStats puts = new OperationStats(Operation.PUT);
    long started = System.nanoTime();
    runWorkers(Map.of(Operation.PUT, puts), (random, keys) -> {
      int index = nextIndex.getAndIncrement();
      return index < size && puts.errors() == 0 ? new Job(Operation.PUT, plan.keys().key(index)) : null;
    }, null);
    if (puts.errors() > 0) {
      throw new RequestFailed("preparing the key space failed: " + puts.firstError());
    }
    if (plan.progress()) {
      progress.printf("prepared %d objects of %d bytes in %.1f s%n", size, plan.objectSize(),
          (System.nanoTime() - started) / 1e9);
      progress.flush();
    }
  }

  private Result measure() {
    Map<Operation, OperationStats> stats = new EnumMap<>(Operation.class);
    plan.mix().operations().forEach(op -> stats.put(op, new OperationStats(op)));
    boolean byCount = plan.count() > 0;
    long warmupNanos = byCount ? 0 : TimeUnit.SECONDS.toNanos(plan.warmupSecs());
    long startNanos = System.nanoTime();
    long endNanos = startNanos + warmupNanos + TimeUnit.SECONDS.toNanos(plan.durationSecs());
    AtomicLong issued = new AtomicLong();
    AtomicLong measuredFrom = new AtomicLong(startNanos);
    long elapsed = runWorkers(stats, (random, keys) -> {
      if (byCount ? issued.incrementAndGet() > plan.count() : System.nanoTime() >= endNanos) {
        return null;
      }
      Operation op = plan.mix().next(random);
      return new Job(op, op == Operation.LIST ? null : plan.keys().key(keys.getAsInt()));
    }, new Ticker(stats, startNanos, warmupNanos, measuredFrom));
    long measuredNanos = System.nanoTime() - measuredFrom.get();
    return new Result(plan, warmupNanos > 0 ? measuredNanos : elapsed, new ArrayList<>(stats.values()));
  }

  /** Once a second: ends the warm-up when due and prints a progress line. */
  private final class Ticker {
    private final Map<Operation, OperationStats> stats;
    private final long startNanos;
    private final long warmupNanos;
    private final AtomicLong measuredFrom;
    private boolean warm;

    Ticker(Map<Operation, OperationStats> stats, long startNanos, long warmupNanos, AtomicLong measuredFrom) {
      this.stats = stats;
      this.startNanos = startNanos;
      this.warmupNanos = warmupNanos;
      this.measuredFrom = measuredFrom;
      this.warm = warmupNanos == 0;
    }

    void tick() {
      long now = System.nanoTime();
      StringBuilder line = new StringBuilder(String.format("%5.1fs%s", (now - startNanos) / 1e9,
          warm ? "" : " warm-up"));
      for (OperationStats s : stats.values()) {
        Histogram interval = s.drainInterval();
        line.append(String.format("  %s %d ops, p99 %.2f ms, %d errors", s.operation.label(),
            interval.getTotalCount(), interval.getValueAtPercentile(99) / 1000.0, s.errors()));
      }
      if (!warm && now - startNanos >= warmupNanos) {
        stats.values().forEach(OperationStats::reset);
        measuredFrom.set(now);
        warm = true;
      }
      if (plan.progress()) {
        progress.println(line);
        progress.flush();
      }
    }
  }

  /** Runs {@code concurrency} workers until {@code jobs} stops them all; returns the elapsed nanoseconds. */
  private long runWorkers(Map<Operation, OperationStats> stats, Jobs jobs, Ticker ticker) {
    long started = System.nanoTime();
    long timer = ticker == null ? -1 : vertx.setPeriodic(1000, id -> ticker.tick());
    List<Future<Void>> workers = new ArrayList<>();
    for (int i = 0; i < plan.concurrency(); i++) {
      // one event-loop context per worker, spread over the event loops, so the client is not one thread
      Context context = newContext();
      UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create();
      IntSupplier keys = plan.keys().sampler(random);
      Promise<Void> done = Promise.promise();
      context.runOnContext(v -> nextJob(context, stats, jobs, random, keys, done));
      workers.add(done.future());
    }
    try {
      Future.all(workers).await();
    } finally {
      if (timer >= 0) {
        vertx.cancelTimer(timer);
      }
    }
    return System.nanoTime() - started;
  }

  private void nextJob(Context context, Map<Operation, OperationStats> stats, Jobs jobs,
      UniformRandomProvider random, IntSupplier keys, Promise<Void> done) {
    Job job = jobs.next(random, keys);
    if (job == null) {
      done.complete();
      return;
    }
    OperationStats opStats = stats.get(job.operation());
    long start = System.nanoTime();
    execute(job).onComplete(ar -> {
      if (ar.succeeded()) {
        opStats.success(start, ar.result());
      } else {
        opStats.failure(describe(ar.cause()));
      }
      // through the context, so a run of immediate failures cannot grow the stack
      context.runOnContext(v -> nextJob(context, stats, jobs, random, keys, done));
    });
  }

  /** Sends one operation; succeeds with the body bytes moved. */
  private Future<Long> execute(Job job) {
    Operation op = job.operation();
    String path = "/" + plan.bucket() + (job.key() == null ? "" : "/" + job.key());
    String query = op == Operation.LIST
        ? "list-type=2&max-keys=" + plan.listMaxKeys() + "&prefix=" + plan.keys().prefix().replace("/", "%2F")
        : null;
    return send(op, op.method.name(), path, query);
  }

  private Future<Long> send(Operation op, String method, String path, String query) {
    RequestOptions options = new RequestOptions().setMethod(io.vertx.core.http.HttpMethod.valueOf(method))
        .setHost(plan.host()).setPort(plan.port()).setURI(query == null ? path : path + "?" + query);
    for (Header h : signer.sign(method, plan.authority(), path, query, Instant.now())) {
      options.addHeader(h.name(), h.value());
    }
    return client.request(options).compose(request -> {
      if (op == Operation.PUT) {
        request.putHeader(HttpHeaders.CONTENT_LENGTH, Long.toString(plan.objectSize()));
        writeBody(request, plan.objectSize());
      } else {
        request.end();
      }
      return request.response();
    }).compose(response -> consume(op, response));
  }

  /** Writes {@code remaining} bytes of the reusable body, pausing while the connection's queue is full. */
  private void writeBody(HttpClientRequest request, long remaining) {
    long left = remaining;
    while (left > 0 && !request.writeQueueFull()) {
      int n = (int) Math.min(left, body.length());
      // a failed write also fails request.response(), where it is reported
      request.write(n == body.length() ? body : body.slice(0, n));
      left -= n;
    }
    if (left > 0) {
      long rest = left;
      request.drainHandler(v -> writeBody(request, rest));
    } else {
      request.end();
    }
  }

  private Future<Long> consume(Operation op, HttpClientResponse response) {
    int status = response.statusCode();
    if (status / 100 != 2) {
      return response.body().compose(errorBody -> Future.failedFuture(new RequestFailed(
          (op == null ? "create bucket" : op.label()) + ": HTTP " + status + errorCode(errorBody))));
    }
    if (op == Operation.GET) {
      long[] received = {0};
      response.handler(chunk -> received[0] += chunk.length());
      return response.end().map(v -> received[0]);
    }
    if (op == Operation.LIST) {
      return response.body().map(0L);
    }
    return response.end().map(op == Operation.PUT ? plan.objectSize() : 0L);
  }

  private static String errorCode(Buffer errorBody) {
    Matcher m = ERROR_CODE.matcher(errorBody.toString());
    return m.find() ? " " + m.group(1) : "";
  }

  private static String describe(Throwable e) {
    return e instanceof RequestFailed ? e.getMessage() : e.getClass().getSimpleName() + ": " + e.getMessage();
  }
}
