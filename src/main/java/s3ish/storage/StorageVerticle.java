package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;
import s3ish.bus.Addresses;
import s3ish.bus.BusErrors;
import s3ish.bus.InboundStream;
import s3ish.bus.Lanes;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.OutboundStream;
import s3ish.bus.StorageMessages.BucketList;
import s3ish.bus.StorageMessages.BucketName;
import s3ish.bus.StorageMessages.CopyObject;
import s3ish.bus.StorageMessages.CreateBucket;
import s3ish.bus.StorageMessages.DeleteObjects;
import s3ish.bus.StorageMessages.GetObject;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ObjectKey;
import s3ish.bus.StorageMessages.ObjectRead;
import s3ish.bus.StorageMessages.Ping;
import s3ish.bus.StorageMessages.Pong;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PutInline;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.StreamOpened;
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
import s3ish.bus.StorageMessages.CreateMultipartUpload;
import s3ish.bus.StorageMessages.ListMultipartUploads;
import s3ish.bus.StorageMessages.ListParts;
import s3ish.bus.StorageMessages.UploadKey;
import s3ish.bus.StorageMessages.UploadPart;
import s3ish.bus.StorageMessages.UploadPartCopy;
import s3ish.bus.StreamEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.Streams;
import s3ish.observability.RequestIds;
import s3ish.observability.S3ishMetrics;

/**
 * The storage role on the bus: binds every storage address to the node's shared backend and moves bodies
 * through its own stream endpoint. Holds no object state itself.
 */
public final class StorageVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(StorageVerticle.class);

  private static final String READ_OPERATION = Addresses.OBJECT_GET.substring(Addresses.STORAGE_PREFIX.length());

  private final S3ishMetrics metrics = S3ishMetrics.get();
  private StorageConfig settings;
  private StorageBackend backend;
  private StreamEndpoint endpoint;
  private Lanes lanes;
  private String nodeId;
  private long janitorTimer = -1;

  @Override
  public Future<?> start() {
    settings = StorageConfig.from(config());
    lanes = Lanes.of(vertx);
    nodeId = nodeId();
    return SharedBackends.get(vertx, settings)
        .compose(shared -> {
          backend = shared;
          return refuseSecondStorageNode();
        })
        .compose(none -> StreamEndpoint.create(vertx, settings.streams()))
        .compose(created -> {
          endpoint = created;
          return Future.all(bindAll());
        })
        .onSuccess(v -> {
          registerGauges();
          startJanitor();
        });
  }

  @Override
  public Future<?> stop() {
    if (janitorTimer >= 0) {
      vertx.cancelTimer(janitorTimer);
    }
    return endpoint == null ? Future.succeededFuture() : endpoint.close();
  }

  private List<Future<Void>> bindAll() {
    return List.of(
        this.<Ping, Pong>bind(Addresses.STORAGE_PING, ping -> Future.succeededFuture(new Pong(nodeId, backend.name()))),
        this.<Ping, BucketList>bind(Addresses.BUCKET_LIST, ping -> backend.listBuckets().map(BucketList::new)),
        this.<CreateBucket, Object>bind(Addresses.BUCKET_CREATE, create -> backend.createBucket(create.bucket(),
            create.region() == null ? settings.region() : create.region()).map(Object.class::cast)),
        this.<BucketName, Object>bind(Addresses.BUCKET_HEAD, b -> backend.headBucket(b.bucket()).map(Object.class::cast)),
        this.<BucketName, Void>bind(Addresses.BUCKET_DELETE, b -> backend.deleteBucket(b.bucket())),
        this.<PutObject, StreamOpened>bindWithId(Addresses.OBJECT_PUT, this::openUpload),
        this.<PutInline, ObjectInfo>bindWithId(Addresses.OBJECT_PUT_INLINE, this::putInline),
        lanes.<GetObject>consumer(Addresses.OBJECT_GET, this::read),
        this.<CopyObject, Object>bind(Addresses.OBJECT_COPY, copy -> backend.copyObject(copy).map(Object.class::cast)),
        this.<ObjectKey, Void>bind(Addresses.OBJECT_DELETE,
            k -> backend.deleteObject(k.bucket(), k.key()).onSuccess(v -> metrics.storageObjectsDeleted(1))),
        this.<DeleteObjects, Object>bind(Addresses.OBJECTS_DELETE, d -> backend.deleteObjects(d.bucket(), d.keys())
            .onSuccess(result -> metrics.storageObjectsDeleted(result.deleted().size())).map(Object.class::cast)),
        this.<ListObjects, Object>bind(Addresses.OBJECT_LIST, list -> backend.listObjects(list).map(Object.class::cast)),
        this.<CreateMultipartUpload, Object>bind(Addresses.MULTIPART_CREATE,
            c -> backend.createMultipartUpload(c).onSuccess(u -> metrics.multipartCreated()).map(Object.class::cast)),
        this.<UploadPart, StreamOpened>bindWithId(Addresses.MULTIPART_PART, this::openPartUpload),
        this.<UploadPartCopy, Object>bind(Addresses.MULTIPART_PART_COPY,
            c -> backend.uploadPartCopy(c).map(Object.class::cast)),
        this.<CompleteMultipartUpload, Object>bind(Addresses.MULTIPART_COMPLETE,
            c -> backend.completeMultipartUpload(c).onSuccess(info -> metrics.multipartCompleted()).map(Object.class::cast)),
        this.<UploadKey, Void>bind(Addresses.MULTIPART_ABORT,
            key -> backend.abortMultipartUpload(key).onSuccess(v -> metrics.multipartAborted("client", 1))),
        this.<ListParts, Object>bind(Addresses.MULTIPART_PARTS, l -> backend.listParts(l).map(Object.class::cast)),
        this.<ListMultipartUploads, Object>bind(Addresses.MULTIPART_UPLOADS,
            l -> backend.listMultipartUploads(l).map(Object.class::cast)));
  }

  /** A request/reply address: the operation's result is the reply, its failure the bus error. */
  private <T, R> Future<Void> bind(String address, Function<T, Future<R>> operation) {
    return this.<T, R>bindWithId(address, (body, requestId) -> operation.apply(body));
  }

  /**
   * As {@link #bind}, the operation also gets the request id the message carries (null for internal callers).
   * Each request is counted and timed by operation, and logged at debug level with its request id in the MDC.
   */
  private <T, R> Future<Void> bindWithId(String address, BiFunction<T, String, Future<R>> operation) {
    String name = address.substring(Addresses.STORAGE_PREFIX.length());
    return lanes.<T>consumer(address, message -> {
      long started = System.nanoTime();
      String requestId = RequestIds.of(message);
      Future<R> result;
      try {
        result = operation.apply(message.body(), requestId);
      } catch (RuntimeException e) {
        result = Future.failedFuture(e);
      }
      result.onComplete(ar -> RequestIds.withMdc(requestId, () -> {
        String outcome = ar.succeeded() ? "OK" : BusErrors.toS3(ar.cause()).code().code();
        metrics.storageOperation(name, outcome, System.nanoTime() - started);
        LOG.debug("{} {}", name, outcome);
        if (ar.succeeded()) {
          message.reply(ar.result());
        } else {
          BusErrors.fail(message, ar.cause());
        }
      }));
    });
  }

  private static <T, R> Future<R> call(Function<T, Future<R>> operation, T body) {
    try {
      return operation.apply(body);
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
  }

  /** Checks the upload can start, then accepts its body stream; the reply tells the producer where to send. */
  private Future<StreamOpened> openUpload(PutObject put, String requestId) {
    return backend.openWrite(put).map(writer -> {
      InboundStream stream = endpoint.accept();
      new UploadPump(stream, writer, false, requestId, metrics).start();
      return new StreamOpened(endpoint.address(), stream.id(), stream.window());
    });
  }

  /** A body that came inside the request: appended and committed as a streamed one would be. */
  private Future<ObjectInfo> putInline(PutInline inline, String requestId) {
    // The sender bounds the body by its chunk size; it has arrived whole, so refusing a larger one saves nothing.
    if (!inline.put().trailing().isEmpty()) {
      return Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_REQUEST,
          "an inline body has no trailing checksums: they come with a stream's End"));
    }
    return backend.openWrite(inline.put())
        .compose(writer -> UploadPump.store(writer, inline.body(), requestId, metrics));
  }

  /** A part's body streams exactly like an object's; the reply to its End is the PartInfo. */
  private Future<StreamOpened> openPartUpload(UploadPart part, String requestId) {
    return backend.openPartWrite(part).map(writer -> {
      InboundStream stream = endpoint.accept();
      new UploadPump(stream, writer, true, requestId, metrics).start();
      return new StreamOpened(endpoint.address(), stream.id(), stream.window());
    });
  }

  /**
   * Aborts uploads older than the configured age. Every storage instance of a node runs it against the shared
   * backend; that is harmless because aborting is idempotent and only the sweep that ended an upload reports it.
   */
  private void startJanitor() {
    long intervalMs = settings.janitorIntervalSecs() * 1000L;
    if (intervalMs <= 0) {
      return;
    }
    janitorTimer = vertx.setPeriodic(intervalMs, id -> sweep());
  }

  private void registerGauges() {
    if (backend instanceof StorageStats stats) {
      metrics.storageGauges(stats, backend.name(), StorageStats::objectCount, StorageStats::storedBytes,
          StorageStats::bucketCount, StorageStats::capacityBytes, StorageStats::uploadsInProgress);
    }
  }

  private void sweep() {
    long cutoff = System.currentTimeMillis() - settings.multipartMaxAgeSecs() * 1000L;
    metrics.storageJanitorSweeps().increment();
    backend.abortUploadsInitiatedBefore(cutoff)
        .onSuccess(aborted -> metrics.multipartAborted("janitor", aborted.size()))
        .onSuccess(aborted -> aborted.forEach(u -> LOG.info("janitor: aborted multipart upload {} of {}/{} (older than {} s)",
            u.uploadId(), u.bucket(), u.key(), settings.multipartMaxAgeSecs())))
        .onFailure(e -> LOG.warn("janitor sweep failed", e));
  }

  private void read(Message<GetObject> message) {
    GetObject get = message.body();
    long started = System.nanoTime();
    String requestId = RequestIds.of(message);
    boolean withBody = !get.headOnly() && get.replyEndpoint() != null;
    call(g -> backend.openRead(g.bucket(), g.key(), g.range(), g.conditions(), g.partNumber()), get)
        .compose(readable -> withBody && readable.read().length() > 0 ? openBody(readable) : Future.succeededFuture(
            new OpenRead(readable, null)))
        .compose(open -> open.body() != null && open.readable().read().length() <= get.inlineMax()
            ? inline(open) : Future.succeededFuture(open))
        .onComplete(ar -> RequestIds.withMdc(requestId, () -> {
          String outcome = ar.succeeded() ? "OK" : BusErrors.toS3(ar.cause()).code().code();
          metrics.storageOperation(READ_OPERATION, outcome, System.nanoTime() - started);
          LOG.debug("{} {}", READ_OPERATION, outcome);
        }))
        .onFailure(e -> BusErrors.fail(message, e))
        .onSuccess(open -> {
          message.reply(open.readable().read());
          if (open.body() != null) {
            sendBody(open.body(), get);
          }
        });
  }

  private record OpenRead(ReadableObject readable, ReadableObject.Body body) {}

  /**
   * Opens the body before the reply, so a body that cannot be read (e.g. more erasure shards lost than the code
   * has parity) fails the request with a clean S3 error instead of a response cut after its headers.
   */
  private Future<OpenRead> openBody(ReadableObject readable) {
    ReadableObject.Body body;
    try {
      body = readable.body().get();
    } catch (RuntimeException e) {
      return Future.failedFuture(e);
    }
    return body.ready()
        .map(v -> new OpenRead(readable, body))
        .onFailure(e -> body.close());
  }

  /**
   * Reads a body of at most the reader's {@code inlineMax} (one chunk) into the reply instead of streaming it.
   * A single stored chunk is passed as the view it is, not copied.
   */
  private Future<OpenRead> inline(OpenRead open) {
    ReadableObject.Body body = open.body();
    ObjectRead read = open.readable().read();
    List<Buffer> parts = new ArrayList<>(1);
    Promise<Buffer> collected = Promise.promise();
    body.exceptionHandler(collected::tryFail);
    body.endHandler(v -> {
      if (parts.size() == 1) {
        collected.tryComplete(parts.get(0));
      } else {
        Buffer bytes = Buffer.buffer((int) read.length());
        parts.forEach(bytes::appendBuffer);
        collected.tryComplete(bytes);
      }
    });
    body.handler(parts::add);
    body.resume();
    return collected.future()
        .andThen(ar -> body.close())
        .map(bytes -> {
          metrics.storageBytesRead(bytes.length());
          return new OpenRead(new ReadableObject(read.withBody(bytes), open.readable().body()), null);
        });
  }

  /** Streams the body to the reader's endpoint; whatever the outcome, the body is released. */
  private void sendBody(ReadableObject.Body body, GetObject get) {
    OutboundStream out = endpoint.connect(get.replyEndpoint(), get.streamId(), get.window());
    Streams.forward(body, out).onComplete(done -> {
      metrics.storageBytesRead(out.bytesWritten());
      body.close();
    });
  }

  /**
   * Storage is not partitioned yet: a second node serving it would silently split the data between two
   * backends (the bus round-robins between them), so a node refuses to start the role when another serves it.
   * Best effort: two nodes starting at the same instant can still both pass.
   */
  private Future<Void> refuseSecondStorageNode() {
    if (!vertx.isClustered()) {
      return Future.succeededFuture();
    }
    return vertx.eventBus().<Pong>request(Addresses.STORAGE_PING, new Ping(), new DeliveryOptions().setSendTimeout(5_000))
        .transform(ar -> {
          if (ar.succeeded() && !nodeId.equals(ar.result().body().nodeId())) {
            return Future.failedFuture(new IllegalStateException("node " + ar.result().body().nodeId()
                + " already serves the storage role; storage is not partitioned yet, so a cluster runs it on one node"));
          }
          return Future.succeededFuture(); // no handler or no answer: nobody else serves storage
        });
  }

  private String nodeId() {
    if (vertx.isClustered() && vertx instanceof VertxInternal internal && internal.clusterManager() != null) {
      return internal.clusterManager().getNodeId();
    }
    return ManagementFactory.getRuntimeMXBean().getName();
  }
}
