package s3ish.observability;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.micrometer.backends.BackendRegistries;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * Every {@code s3ish_} metric: its name, type, labels and meaning, in one place. Roles record through the
 * methods below; the meters live on the Micrometer registry Vert.x uses, so {@code /_metrics} shows them.
 * Without Vert.x metrics (most tests) {@link #get()} returns an instance on an empty composite registry, whose
 * meters record nothing.
 *
 * <p>Names are written in Micrometer's dotted form; Prometheus sees them with underscores, counters with
 * {@code _total}, timers in {@code _seconds} (see docs/OBSERVABILITY.md for the full list). Labels have bounded
 * values: operation and address names, S3 error codes, roles, outcomes. Never keys, buckets or request ids.
 */
public final class S3ishMetrics {
  /** Latency buckets for every timer: 1 ms to 60 s, enough for histogram_quantile without a bucket per ms. */
  private static final Duration[] LATENCY_BUCKETS = {
      Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
      Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
      Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
      Duration.ofSeconds(30), Duration.ofSeconds(60)};
  /** Object size buckets: 1 KiB to 5 GiB in steps of about x8. */
  private static final double[] SIZE_BUCKETS = {
      1 << 10, 8 << 10, 64 << 10, 512 << 10, 4 << 20, 32 << 20, 256 << 20, 1L << 30, 5L << 30};

  /** Without Vert.x metrics (offline commands, unit tests): Micrometer's global registry, a no-op until a registry is added to it. */
  private static volatile S3ishMetrics current = new S3ishMetrics(io.micrometer.core.instrument.Metrics.globalRegistry);

  private final MeterRegistry registry;
  private final AtomicLong httpInFlight = new AtomicLong();
  private final AtomicLong grpcInFlight = new AtomicLong();
  private final AtomicLong inboundStreams = new AtomicLong();
  private final AtomicLong outboundStreams = new AtomicLong();
  /** Meters by name and label values: building and registering one per event cost more than the event itself. */
  private final Map<MeterKey, Meter> meters = new ConcurrentHashMap<>();

  private record MeterKey(String name, String label, String secondLabel) {}

  private S3ishMetrics(MeterRegistry registry) {
    this.registry = registry;
    registerFixed();
  }

  /** The metrics of the registry Vert.x currently uses (Micrometer's global registry when metrics are off). */
  public static S3ishMetrics get() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    S3ishMetrics metrics = current;
    if (registry != null && metrics.registry != registry) {
      synchronized (S3ishMetrics.class) {
        if (current.registry != registry) {
          current = new S3ishMetrics(registry);
        }
        metrics = current;
      }
    }
    return metrics;
  }

  public MeterRegistry registry() {
    return registry;
  }

  /**
   * Meters without labels are registered at start with zero values, so a scrape shows them before their first
   * event (a counter at 0 is true; the erasure and heal meters stay at 0 until the erasure role records).
   */
  private void registerFixed() {
    Gauge.builder("s3ish.http.requests.in.flight", httpInFlight, AtomicLong::get)
        .description("S3 requests received and not yet answered").register(registry);
    Gauge.builder("s3ish.grpc.requests.in.flight", grpcInFlight, AtomicLong::get)
        .description("gRPC calls started and not yet finished").register(registry);
    Gauge.builder("s3ish.bus.streams.open", inboundStreams, AtomicLong::get).tag("direction", "inbound")
        .description("body streams in flight on the event bus, by side").register(registry);
    Gauge.builder("s3ish.bus.streams.open", outboundStreams, AtomicLong::get).tag("direction", "outbound")
        .description("body streams in flight on the event bus, by side").register(registry);
    busCreditStalls();
    busCreditWait();
    multipartAborts("client");
    multipartAborts("janitor");
    busIdleTimeouts();
    storageJanitorSweeps();
    erasureEncode();
    erasureDecode();
    erasureEncodedBytes();
    erasureDecodedBytes();
    erasureDegradedReads();
    erasureUnrecoverableReads();
    erasureBitrotErrors();
    erasureShardsWritten();
    erasureHeals(true);
    erasureHeals(false);
    erasureHealedShards();
    erasureScrubRuns();
    erasureScrubObjects();
    clusterMembershipChanges();
  }

  /** The meter of {@code name} and these label values, registered by {@code register} on first use. */
  @SuppressWarnings("unchecked")
  private <M extends Meter> M meter(String name, String label, String secondLabel, Supplier<M> register) {
    MeterKey key = new MeterKey(name, label, secondLabel);
    Meter meter = meters.get(key);
    return (M) (meter != null ? meter : meters.computeIfAbsent(key, k -> register.get()));
  }

  private <M extends Meter> M meter(String name, String label, Supplier<M> register) {
    return meter(name, label, null, register);
  }

  private <M extends Meter> M meter(String name, Supplier<M> register) {
    return meter(name, null, null, register);
  }

  private static Timer.Builder latency(String name, String description) {
    return Timer.builder(name).description(description).serviceLevelObjectives(LATENCY_BUCKETS);
  }

  private static DistributionSummary.Builder sizes(String name, String description) {
    return DistributionSummary.builder(name).baseUnit("bytes").description(description)
        .serviceLevelObjectives(SIZE_BUCKETS);
  }

  // ---------------------------------------------------------------- HTTP (recorded by the http role)

  /** One answered S3 request: count, latency, bytes both ways and, for an error, its S3 code. */
  public void httpRequest(String operation, int status, long elapsedNanos, long bytesIn, long bytesOut,
      String errorCode) {
    String statusLabel = String.valueOf(status);
    this.<Counter>meter("s3ish.http.requests", operation, statusLabel, () -> Counter.builder("s3ish.http.requests")
        .description("S3 requests by operation (AWS API name) and HTTP status")
        .tag("operation", operation).tag("status", statusLabel).register(registry)).increment();
    this.<Timer>meter("s3ish.http.request.duration", operation, () -> latency("s3ish.http.request.duration",
        "S3 request duration until the response was sent, by operation").tag("operation", operation)
        .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
    this.<Counter>meter("s3ish.http.received.bytes", operation, () -> Counter.builder("s3ish.http.received.bytes")
        .baseUnit("bytes").description("request body bytes read").tag("operation", operation).register(registry))
        .increment(bytesIn);
    this.<Counter>meter("s3ish.http.sent.bytes", operation, () -> Counter.builder("s3ish.http.sent.bytes")
        .baseUnit("bytes").description("response bytes written (body and headers)").tag("operation", operation)
        .register(registry)).increment(bytesOut);
    if (errorCode != null) {
      this.<Counter>meter("s3ish.http.errors", errorCode, () -> Counter.builder("s3ish.http.errors")
          .description("S3 error responses by error code").tag("code", errorCode).register(registry)).increment();
    }
  }

  /** Time from the request's arrival until its response headers went out. */
  public void httpTimeToFirstByte(String operation, long elapsedNanos) {
    this.<Timer>meter("s3ish.http.time.to.first.byte", operation, () -> latency("s3ish.http.time.to.first.byte",
        "time until the response headers were written, by operation").tag("operation", operation)
        .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /** A GET or HEAD asked for a byte range or a part number. */
  public void httpRangeRequest(String operation) {
    this.<Counter>meter("s3ish.http.range.requests", operation, () -> Counter.builder("s3ish.http.range.requests")
        .description("reads of a byte range or part number, by operation").tag("operation", operation)
        .register(registry)).increment();
  }

  /** An upload body in aws-chunked encoding, by how it is signed (signed, unsigned; with trailer or not). */
  public void httpAwsChunked(String mode) {
    this.<Counter>meter("s3ish.http.aws.chunked.requests", mode, () -> Counter.builder("s3ish.http.aws.chunked.requests")
        .description("aws-chunked request bodies by signing mode").tag("mode", mode).register(registry)).increment();
  }

  public void httpStarted() {
    httpInFlight.incrementAndGet();
  }

  public void httpFinished() {
    httpInFlight.decrementAndGet();
  }

  public long httpInFlight() {
    return httpInFlight.get();
  }

  // ---------------------------------------------------------------- auth (recorded by the auth and http roles)

  /**
   * One verification: {@code method} is how the request claims to authenticate (sigv4, presigned-v4, sigv2,
   * presigned-v2, header-keys, none), {@code reason} is {@code OK} or the S3 error code of the refusal.
   */
  public void authResult(String method, String reason, long elapsedNanos) {
    // the result label follows from the reason, so method and reason identify the meter
    this.<Counter>meter("s3ish.auth.requests", method, reason, () -> Counter.builder("s3ish.auth.requests")
        .description("authentication results by method and reason").tag("method", method)
        .tag("result", "OK".equals(reason) ? "allowed" : "denied").tag("reason", reason).register(registry))
        .increment();
    this.<Timer>meter("s3ish.auth.verify.duration", method, () -> latency("s3ish.auth.verify.duration",
        "signature verification time (SigV4, SigV2, presigned), by method").tag("method", method)
        .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /** A SigV4 signing key looked up in the derived-key cache. */
  public void authSigningKey(boolean hit) {
    String result = hit ? "hit" : "miss";
    this.<Counter>meter("s3ish.auth.signing.key.cache", result, () -> Counter.builder("s3ish.auth.signing.key.cache")
        .description("derived SigV4 signing key lookups, hit or miss").tag("result", result).register(registry))
        .increment();
  }

  /** Absolute difference between a signed request's time and the server clock. */
  public void authClockSkew(Duration skew) {
    this.<DistributionSummary>meter("s3ish.auth.clock.skew", () -> DistributionSummary.builder("s3ish.auth.clock.skew")
        .baseUnit("seconds").description("absolute clock skew of signed requests").register(registry))
        .record(skew.toMillis() / 1000.0);
  }

  /** One aws-chunked chunk signature (or trailer signature) checked by the http role. */
  public void authChunkSignature(boolean valid) {
    String result = valid ? "valid" : "invalid";
    this.<Counter>meter("s3ish.auth.chunk.signatures", result, () -> Counter.builder("s3ish.auth.chunk.signatures")
        .description("aws-chunked chunk and trailer signatures checked").tag("result", result).register(registry))
        .increment();
  }

  /**
   * HTTP connections open on the node (those {@code http_max_connections} caps), in place of Vert.x's
   * {@code vertx_http_server_active_connections}: its HTTP server meters are off.
   */
  public void httpOpenConnections(Supplier<Number> count) {
    Gauge.builder("s3ish.http.connections.open", count).description("HTTP connections open on the node")
        .strongReference(true).register(registry);
  }

  /** The number of access keys the auth role loaded. */
  public void authCredentials(Supplier<Number> count) {
    Gauge.builder("s3ish.auth.credentials", count).description("access keys loaded by the auth role")
        .strongReference(true).register(registry);
  }

  // ---------------------------------------------------------------- event bus (recorded by the contract code)

  /** A request/reply exchange with a contract address, seen from the caller: {@code result} is OK or an S3 code. */
  public void busRequest(String address, String result, long elapsedNanos) {
    this.<Counter>meter("s3ish.bus.requests", address, result, () -> Counter.builder("s3ish.bus.requests")
        .description("contract requests by address and result").tag("address", address).tag("result", result)
        .register(registry)).increment();
    this.<Timer>meter("s3ish.bus.request.duration", address, () -> latency("s3ish.bus.request.duration",
        "contract request round trip by address, seen from the caller").tag("address", address).register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  public void busStreamOpened(boolean inbound) {
    (inbound ? inboundStreams : outboundStreams).incrementAndGet();
  }

  /** A stream opened in advance and not needed after all (a body that came inline): not counted as a stream. */
  public void busStreamUnused(boolean inbound) {
    (inbound ? inboundStreams : outboundStreams).decrementAndGet();
  }

  /** A body stream ended: {@code outcome} is completed, aborted or failed. */
  public void busStreamClosed(boolean inbound, String outcome, long elapsedNanos) {
    (inbound ? inboundStreams : outboundStreams).decrementAndGet();
    String direction = inbound ? "inbound" : "outbound";
    this.<Counter>meter("s3ish.bus.streams", direction, outcome, () -> Counter.builder("s3ish.bus.streams")
        .description("body streams finished, by side and outcome").tag("direction", direction).tag("outcome", outcome)
        .register(registry)).increment();
    this.<Timer>meter("s3ish.bus.stream.duration", direction, () -> latency("s3ish.bus.stream.duration",
        "lifetime of a body stream, by side").tag("direction", direction).register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /** One chunk sent (outbound) or handed downstream (inbound). */
  public void busChunk(boolean inbound, int bytes) {
    String direction = inbound ? "inbound" : "outbound";
    this.<Counter>meter("s3ish.bus.stream.chunks", direction, () -> Counter.builder("s3ish.bus.stream.chunks")
        .description("body chunks moved over the bus, by side").tag("direction", direction).register(registry))
        .increment();
    this.<Counter>meter("s3ish.bus.stream.bytes", direction, () -> Counter.builder("s3ish.bus.stream.bytes")
        .baseUnit("bytes").description("body bytes moved over the bus, by side").tag("direction", direction)
        .register(registry)).increment(bytes);
  }

  /** A producer's window filled up: it waits for credit (backpressure from the consumer). */
  public Counter busCreditStalls() {
    return Counter.builder("s3ish.bus.stream.credit.stalls")
        .description("times a producer's credit window filled and it had to wait").register(registry);
  }

  /** How long a producer waited with a full window. */
  public Timer busCreditWait() {
    return latency("s3ish.bus.stream.credit.wait", "time producers waited for credit with a full window")
        .register(registry);
  }

  public Counter busIdleTimeouts() {
    return Counter.builder("s3ish.bus.stream.idle.timeouts")
        .description("inbound body streams dropped because the producer went silent").register(registry);
  }

  // ---------------------------------------------------------------- storage (recorded by the storage role)

  /** One storage request served: {@code operation} is the address without its prefix, result OK or an S3 code. */
  public void storageOperation(String operation, String result, long elapsedNanos) {
    this.<Counter>meter("s3ish.storage.operations", operation, result, () -> Counter.builder("s3ish.storage.operations")
        .description("storage requests served, by operation and result").tag("operation", operation)
        .tag("result", result).register(registry)).increment();
    this.<Timer>meter("s3ish.storage.operation.duration", operation, () -> latency("s3ish.storage.operation.duration",
        "storage request handling time (for uploads: until the stream opened)").tag("operation", operation)
        .register(registry)).record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  /**
   * Object and capacity gauges of the node's backend; a function returning a negative value (a backend that
   * cannot tell) is not registered.
   */
  public <T> void storageGauges(T backend, String backendName, ToDoubleFunction<T> objects, ToDoubleFunction<T> bytes,
      ToDoubleFunction<T> buckets, ToDoubleFunction<T> capacity, ToDoubleFunction<T> openUploads) {
    gauge("s3ish.storage.objects", "objects stored", backend, backendName, objects);
    gauge("s3ish.storage.stored.bytes", "bytes of object data stored", backend, backendName, bytes);
    gauge("s3ish.storage.buckets", "buckets", backend, backendName, buckets);
    gauge("s3ish.storage.capacity.bytes", "capacity of the backend in bytes", backend, backendName, capacity);
    gauge("s3ish.storage.multipart.uploads.open", "multipart uploads initiated and not yet completed or aborted",
        backend, backendName, openUploads);
  }

  private <T> void gauge(String name, String description, T obj, String backendName, ToDoubleFunction<T> f) {
    if (f.applyAsDouble(obj) >= 0) {
      Gauge.builder(name, obj, f).description(description).tag("backend", backendName).strongReference(true)
          .register(registry);
    }
  }

  /** An object (or part) committed: its size. */
  public void storageCommitted(boolean part, long size) {
    String kind = part ? "part" : "object";
    this.<Counter>meter("s3ish.storage.writes", kind, () -> Counter.builder("s3ish.storage.writes")
        .description("objects and parts committed").tag("kind", kind).register(registry)).increment();
    this.<DistributionSummary>meter("s3ish.storage.object.size", kind, () -> sizes("s3ish.storage.object.size",
        "sizes of committed objects and parts").tag("kind", kind).register(registry)).record(size);
  }

  /** An upload stream that stored nothing: {@code reason} is the S3 code (BadDigest, IncompleteBody...). */
  public void storageDiscarded(String reason) {
    this.<Counter>meter("s3ish.storage.uploads.discarded", reason, () -> Counter.builder("s3ish.storage.uploads.discarded")
        .description("upload streams discarded, by reason").tag("reason", reason).register(registry)).increment();
  }

  public void storageBytesWritten(long bytes) {
    this.<Counter>meter("s3ish.storage.written.bytes", () -> Counter.builder("s3ish.storage.written.bytes")
        .baseUnit("bytes").description("body bytes appended by storage").register(registry)).increment(bytes);
  }

  public void storageBytesRead(long bytes) {
    this.<Counter>meter("s3ish.storage.read.bytes", () -> Counter.builder("s3ish.storage.read.bytes")
        .baseUnit("bytes").description("body bytes streamed out by storage").register(registry)).increment(bytes);
  }

  public void storageObjectsDeleted(int count) {
    this.<Counter>meter("s3ish.storage.deleted.objects", () -> Counter.builder("s3ish.storage.deleted.objects")
        .description("keys deleted (DeleteObject and DeleteObjects)").register(registry)).increment(count);
  }

  /** Named "initiated" as in S3: a name ending in {@code _created} clashes with Prometheus' created-timestamp series. */
  public void multipartCreated() {
    Counter.builder("s3ish.storage.multipart.uploads.initiated").description("multipart uploads initiated")
        .register(registry).increment();
  }

  public void multipartCompleted() {
    Counter.builder("s3ish.storage.multipart.uploads.completed").description("multipart uploads completed")
        .register(registry).increment();
  }

  /** {@code by}: client (AbortMultipartUpload) or janitor (too old). */
  public void multipartAborted(String by, int count) {
    multipartAborts(by).increment(count);
  }

  private Counter multipartAborts(String by) {
    return Counter.builder("s3ish.storage.multipart.uploads.aborted").description("multipart uploads aborted, by whom")
        .tag("by", by).register(registry);
  }

  public Counter storageJanitorSweeps() {
    return Counter.builder("s3ish.storage.janitor.sweeps")
        .description("janitor sweeps for abandoned multipart uploads").register(registry);
  }

  // ---------------------------------------------------------------- erasure (recorded by the erasure role)
  // Defined here so the dashboard and docs can name them; the erasure role (its own branch) records them.

  /** Time to encode one stripe into data and parity shards. Recorded by the erasure role. */
  public Timer erasureEncode() {
    return latency("s3ish.erasure.encode", "Reed-Solomon encode time per stripe").register(registry);
  }

  /** Time to decode (or reconstruct) one stripe. Recorded by the erasure role. */
  public Timer erasureDecode() {
    return latency("s3ish.erasure.decode", "Reed-Solomon decode time per stripe").register(registry);
  }

  /** Object bytes encoded. Recorded by the erasure role. */
  public Counter erasureEncodedBytes() {
    return Counter.builder("s3ish.erasure.encoded.bytes").baseUnit("bytes").description("object bytes encoded")
        .register(registry);
  }

  /** Object bytes decoded. Recorded by the erasure role. */
  public Counter erasureDecodedBytes() {
    return Counter.builder("s3ish.erasure.decoded.bytes").baseUnit("bytes").description("object bytes decoded")
        .register(registry);
  }

  /** Reads that had to reconstruct from parity because shards were missing or bad. Recorded by the erasure role. */
  public Counter erasureDegradedReads() {
    return Counter.builder("s3ish.erasure.degraded.reads").description("reads served by reconstructing from parity")
        .register(registry);
  }

  /** Reads that failed because too few shards were intact. Recorded by the erasure role. */
  public Counter erasureUnrecoverableReads() {
    return Counter.builder("s3ish.erasure.unrecoverable.reads").description("reads with fewer intact shards than data shards")
        .register(registry);
  }

  /** Shards whose checksum did not match (bit rot). Recorded by the erasure role (reads and scrub). */
  public Counter erasureBitrotErrors() {
    return Counter.builder("s3ish.erasure.bitrot.errors").description("shards failing their checksum")
        .register(registry);
  }

  /** Shards written. Recorded by the erasure role. */
  public Counter erasureShardsWritten() {
    return Counter.builder("s3ish.erasure.shards.written").description("shards written").register(registry);
  }

  /** One heal attempt: result healed or failed. Recorded by the erasure role's healer. */
  public Counter erasureHeals(boolean healed) {
    return Counter.builder("s3ish.erasure.heals").description("heal attempts by result")
        .tag("result", healed ? "healed" : "failed").register(registry);
  }

  /** Shards rewritten by heals. Recorded by the erasure role's healer. */
  public Counter erasureHealedShards() {
    return Counter.builder("s3ish.erasure.healed.shards").description("shards rewritten by heals").register(registry);
  }

  /** Scrub passes finished. Recorded by the erasure role's scrubber. */
  public Counter erasureScrubRuns() {
    return Counter.builder("s3ish.erasure.scrub.runs").description("scrub passes finished").register(registry);
  }

  /** Objects verified by the scrubber. Recorded by the erasure role's scrubber. */
  public Counter erasureScrubObjects() {
    return Counter.builder("s3ish.erasure.scrub.objects").description("objects verified by the scrubber")
        .register(registry);
  }

  /**
   * The scrubber's progress through the current pass (0..1) and the time its last pass finished. Registered by
   * the erasure role when its scrubber starts: before that a 0 would be a lie.
   */
  public void erasureScrubGauges(Supplier<Number> progressRatio, Supplier<Number> lastCompletedEpochSeconds) {
    Gauge.builder("s3ish.erasure.scrub.progress.ratio", progressRatio)
        .description("fraction of objects the current scrub pass has verified").strongReference(true).register(registry);
    Gauge.builder("s3ish.erasure.scrub.last.completed.timestamp.seconds", lastCompletedEpochSeconds)
        .description("when the last scrub pass finished (unix seconds)").strongReference(true).register(registry);
  }

  // ---------------------------------------------------------------- gRPC (recorded by the grpc role)

  public void grpcStarted() {
    grpcInFlight.incrementAndGet();
  }

  /** One finished call: {@code status} is the gRPC status code name. */
  public void grpcCall(String method, String status, long elapsedNanos) {
    grpcInFlight.decrementAndGet();
    this.<Counter>meter("s3ish.grpc.requests", method, status, () -> Counter.builder("s3ish.grpc.requests")
        .description("gRPC calls by method and status").tag("method", method).tag("status", status)
        .register(registry)).increment();
    this.<Timer>meter("s3ish.grpc.request.duration", method, () -> latency("s3ish.grpc.request.duration",
        "gRPC call duration by method").tag("method", method).register(registry))
        .record(elapsedNanos, TimeUnit.NANOSECONDS);
  }

  public void grpcBytes(String method, long received, long sent) {
    this.<Counter>meter("s3ish.grpc.received.bytes", method, () -> Counter.builder("s3ish.grpc.received.bytes")
        .baseUnit("bytes").description("object bytes received over gRPC").tag("method", method).register(registry))
        .increment(received);
    this.<Counter>meter("s3ish.grpc.sent.bytes", method, () -> Counter.builder("s3ish.grpc.sent.bytes")
        .baseUnit("bytes").description("object bytes sent over gRPC").tag("method", method).register(registry))
        .increment(sent);
  }

  // ---------------------------------------------------------------- node and cluster (recorded by the launcher)

  /** Node facts: build info, start time, readiness, draining, roles deployed, cluster members. */
  public void nodeGauges(String version, long startEpochMillis, Supplier<Number> ready, Supplier<Number> draining,
      Supplier<Number> clusterMembers) {
    Gauge.builder("s3ish.build.info", () -> 1).description("always 1; the version is a label")
        .tag("version", version).strongReference(true).register(registry);
    Gauge.builder("s3ish.node.start.time.seconds", () -> startEpochMillis / 1000.0)
        .description("when this node started (unix seconds)").strongReference(true).register(registry);
    Gauge.builder("s3ish.node.ready", ready).description("1 when /_ready would answer READY without the storage ping")
        .strongReference(true).register(registry);
    Gauge.builder("s3ish.node.draining", draining).description("1 while the node drains for shutdown")
        .strongReference(true).register(registry);
    Gauge.builder("s3ish.cluster.members", clusterMembers).description("members of the cluster this node sees (1 standalone)")
        .strongReference(true).register(registry);
  }

  public void nodeRole(String role, int instances) {
    Gauge.builder("s3ish.node.role.instances", () -> instances).description("verticle instances deployed, by role")
        .tag("role", role).strongReference(true).register(registry);
  }

  /** A member joined or left the cluster. */
  public Counter clusterMembershipChanges() {
    return Counter.builder("s3ish.cluster.membership.changes").description("members that joined or left the cluster")
        .register(registry);
  }
}
