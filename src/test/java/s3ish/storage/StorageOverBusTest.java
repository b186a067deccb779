package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.Contract;
import s3ish.bus.OutboundStream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CompleteMultipartUpload;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.CreateMultipartUpload;
import s3ish.bus.StorageMessages.ListMultipartUploads;
import s3ish.bus.StorageMessages.ListParts;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.UploadCreated;
import s3ish.bus.StorageMessages.UploadPart;
import s3ish.bus.StorageMessages.ObjectInfo;
import s3ish.bus.StorageMessages.PutObject;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StreamEndpoint;
import s3ish.bus.StreamMessages;
import s3ish.bus.StreamSettings;
import s3ish.config.Setting;

/** An internal tool talking to the storage role through the contract only: no HTTP. */
class StorageOverBusTest {
  private static final int CHUNK = 64 * 1024;
  private static final int WINDOW = 4;
  private static final String BUCKET = "tool-bucket";

  private Vertx vertx;
  private Context context;
  private StreamEndpoint endpoint;
  private StorageClient client;
  private MemoryBackend backend;

  private void start(int idleTimeoutSecs) {
    start(idleTimeoutSecs, (Long) Setting.MAX_OBJECT_SIZE.defaultValue());
  }

  private void start(int idleTimeoutSecs, long maxObjectSize) {
    start(idleTimeoutSecs, maxObjectSize, new JsonObject());
  }

  private void start(int idleTimeoutSecs, long maxObjectSize, JsonObject extra) {
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
    JsonObject config = Setting.defaults().mergeIn(extra)
        .put(Setting.MAX_OBJECT_SIZE.key(), maxObjectSize)
        .put(Setting.CHUNK_SIZE.key(), CHUNK)
        .put(Setting.CREDIT_WINDOW.key(), WINDOW)
        .put(Setting.STREAM_IDLE_TIMEOUT_SECS.key(), idleTimeoutSecs);
    vertx.deployVerticle(StorageVerticle.class.getName(), new DeploymentOptions().setConfig(config)).await();
    backend = (MemoryBackend) SharedBackends.get(vertx, StorageConfig.from(config)).await();
    context = vertx.getOrCreateContext();
    StreamSettings settings = new StreamSettings(CHUNK, WINDOW, idleTimeoutSecs * 1000L);
    endpoint = onContext(() -> StreamEndpoint.create(vertx, settings));
    client = new StorageClient(vertx, endpoint);
    onContext(() -> client.createBucket(BUCKET, null));
  }

  @AfterEach
  void stop() {
    if (vertx != null) {
      vertx.close().await();
    }
  }

  @Test
  void multiChunkObjectRoundTripsWholeAndRanged() throws Exception {
    start(30);
    byte[] data = random(5 * 1024 * 1024);
    ObjectInfo info = onContext(() -> upload(new PutObject(BUCKET, "big", null, data.length,
        Map.of(Checksum.MD5, base64Md5(data)), null), data));
    assertEquals(data.length, info.size());
    assertEquals("\"" + hexMd5(data) + "\"", info.etag());

    assertArrayEquals(data, onContext(() -> download("big", null)).getBytes());
    byte[] ranged = onContext(() -> download("big", new ByteRange(1000L, 300_000L, null))).getBytes();
    assertArrayEquals(Arrays.copyOfRange(data, 1000, 300_001), ranged);

    var head = onContext(() -> client.getObject(BUCKET, "big", null, ReadConditions.NONE, true));
    assertNull(head.body());
    assertEquals(data.length, head.read().length());
  }

  @Test
  void aBodyOfAtMostOneChunkComesInTheReplyAndALargerOneStreams() {
    start(30);
    byte[] data = random(CHUNK + 1);
    onContext(() -> upload(new PutObject(BUCKET, "edge", null, data.length, Map.of(), null), data));

    var inline = onContext(() -> client.getObject(BUCKET, "edge", new ByteRange(1L, (long) CHUNK, null),
        ReadConditions.NONE, false));
    assertNull(inline.body());
    assertArrayEquals(Arrays.copyOfRange(data, 1, CHUNK + 1), inline.inline().getBytes());

    var streamed = onContext(() -> client.getObject(BUCKET, "edge", null, ReadConditions.NONE, false));
    assertNull(streamed.inline());
    assertArrayEquals(data, onContext(() -> collect(streamed)).getBytes());
  }

  @Test
  void abortedUploadLeavesNoObject() {
    start(30);
    byte[] data = random(1024 * 1024);
    S3Exception e = failure(() -> client.putObject(new PutObject(BUCKET, "aborted", null, -1, Map.of(), null))
        .compose(upload -> {
          upload.body().write(Buffer.buffer(data));
          upload.body().abort(new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "client went away"));
          return upload.committed();
        }));
    assertEquals(S3ErrorCode.INCOMPLETE_BODY, e.code());
    // The Abort was sent before this ping to the same (single) storage instance, so it has been handled.
    onContext(() -> client.ping());
    assertEquals(S3ErrorCode.NO_SUCH_KEY, failure(() -> client.headBucket(BUCKET)
        .compose(b -> client.getObject(BUCKET, "aborted", null, ReadConditions.NONE, true))).code());
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void producerThatFallsSilentTimesOutAndLeavesNoObject() {
    start(1);
    byte[] data = random(WINDOW * CHUNK);
    OutboundStream body = onContext(() -> client.putObject(new PutObject(BUCKET, "stalled", null, -1, Map.of(), null))
        .map(upload -> {
          upload.body().write(Buffer.buffer(data));
          return upload.body();
        }));
    awaitCondition(() -> backend.usedBytes() == data.length);
    // Discarding happens inside storage when the idle timer fires; nothing tells this side, so watch for it.
    awaitCondition(() -> backend.usedBytes() == 0);
    S3Exception late = failure(() -> body.end().compose(v -> body.result()));
    assertEquals(S3ErrorCode.NO_SUCH_STREAM, late.code());
    assertEquals(S3ErrorCode.NO_SUCH_KEY,
        failure(() -> client.getObject(BUCKET, "stalled", null, ReadConditions.NONE, true)).code());
  }

  @Test
  void aRefusalMidStreamReachesTheProducerWithItsOwnCode() {
    start(30, 200_000);
    Buffer data = Buffer.buffer(random(1024 * 1024));
    // Unknown length: storage can only refuse once the limit is crossed, in the middle of the body.
    S3Exception e = failure(() -> client.putObject(new PutObject(BUCKET, "too-big", null, -1, Map.of(), null))
        .compose(upload -> {
          pump(upload.body(), data, 0);
          return upload.committed();
        }));
    assertEquals(S3ErrorCode.ENTITY_TOO_LARGE, e.code());
    onContext(() -> client.ping());
    assertEquals(S3ErrorCode.NO_SUCH_KEY,
        failure(() -> client.getObject(BUCKET, "too-big", null, ReadConditions.NONE, true)).code());
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void wrongContentMd5IsBadDigestAndStoresNothing() {
    start(30);
    byte[] data = random(300_000);
    S3Exception e = failure(() -> upload(new PutObject(BUCKET, "digest", null, data.length,
        Map.of(Checksum.MD5, base64Md5(new byte[] {1})), null), data));
    assertEquals(S3ErrorCode.BAD_DIGEST, e.code());
    assertEquals(S3ErrorCode.NO_SUCH_KEY,
        failure(() -> client.getObject(BUCKET, "digest", null, ReadConditions.NONE, true)).code());
    assertEquals(0, backend.usedBytes());
  }

  @Test
  void pausedReaderHoldsTheSenderToOneWindow() throws Exception {
    start(30);
    byte[] data = random(32 * CHUNK);
    onContext(() -> upload(new PutObject(BUCKET, "slow", null, data.length, Map.of(), null), data));
    AtomicInteger sent = new AtomicInteger();
    vertx.eventBus().addOutboundInterceptor(delivery -> {
      if (delivery.message().body() instanceof StreamMessages.Chunk && endpoint.address().equals(delivery.message().address())) {
        sent.incrementAndGet();
      }
      delivery.next();
    });
    AtomicLong delivered = new AtomicLong();
    Buffer received = Buffer.buffer();
    Promise<Void> ended = Promise.promise();
    var download = onContext(() -> client.getObject(BUCKET, "slow", null, ReadConditions.NONE, false)
        .map(d -> {
          d.body().pause();
          d.body().handler(chunk -> {
            delivered.addAndGet(chunk.length());
            received.appendBuffer(chunk);
          });
          d.body().endHandler(v -> {
            ended.complete();
          });
          return d;
        }));
    awaitCondition(() -> sent.get() == WINDOW);
    // Proving that nothing more comes needs a little time in which nothing happens.
    Thread.sleep(300);
    assertEquals(WINDOW, sent.get());
    assertEquals(0, delivered.get());

    onContext(() -> {
      download.body().fetch(2);
      return Future.succeededFuture();
    });
    awaitCondition(() -> delivered.get() == 2L * CHUNK && sent.get() == WINDOW + 2);

    onContext(() -> {
      download.body().resume();
      return ended.future();
    });
    assertEquals(32, sent.get());
    assertArrayEquals(data, received.getBytes());
  }

  @Test
  void multipartUploadThroughTheContractReadsBackWholeAndByPart() {
    start(30, (Long) Setting.MAX_OBJECT_SIZE.defaultValue(),
        new JsonObject().put(Setting.MULTIPART_MIN_PART_SIZE.key(), 100_000L));
    byte[][] parts = {random(300_000), random(200_000), random(12_345)};
    UploadCreated created = onContext(() -> client.createMultipartUpload(
        new CreateMultipartUpload(BUCKET, "mp", null, null)));
    List<CompletedPart> done = new ArrayList<>();
    for (int i = 0; i < parts.length; i++) {
      byte[] data = parts[i];
      int n = i + 1;
      PartInfo info = onContext(() -> client.uploadPart(new UploadPart(BUCKET, "mp", created.uploadId(), n,
          data.length, Map.of(Checksum.MD5, base64Md5(data)), null)).compose(up -> {
            pump(up.body(), Buffer.buffer(data), 0);
            return up.uploaded();
          }));
      assertEquals("\"" + hexMd5(data) + "\"", info.etag());
      done.add(new CompletedPart(n, info.etag()));
    }
    var listed = onContext(() -> client.listParts(new ListParts(BUCKET, "mp", created.uploadId(), 0, 1000)));
    assertEquals(3, listed.parts().size());

    ObjectInfo info = onContext(() -> client.completeMultipartUpload(
        new CompleteMultipartUpload(BUCKET, "mp", created.uploadId(), done, null)));
    assertEquals(3, info.partsCount());
    byte[] whole = new byte[300_000 + 200_000 + 12_345];
    System.arraycopy(parts[0], 0, whole, 0, 300_000);
    System.arraycopy(parts[1], 0, whole, 300_000, 200_000);
    System.arraycopy(parts[2], 0, whole, 500_000, 12_345);
    assertArrayEquals(whole, onContext(() -> download("mp", null)).getBytes());

    var second = onContext(() -> client.getObject(BUCKET, "mp", null, ReadConditions.NONE, false, 2).compose(d -> {
      assertEquals(300_000, d.read().start());
      assertTrue(d.read().ranged());
      return collect(d);
    }));
    assertArrayEquals(parts[1], second.getBytes());
    assertEquals(S3ErrorCode.INVALID_PART_NUMBER,
        failure(() -> client.getObject(BUCKET, "mp", null, ReadConditions.NONE, true, 4)).code());
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD,
        failure(() -> client.abortMultipartUpload(BUCKET, "mp", created.uploadId())).code());
  }

  @Test
  void theJanitorAbortsAbandonedUploads() {
    start(30, (Long) Setting.MAX_OBJECT_SIZE.defaultValue(), new JsonObject()
        .put(Setting.MULTIPART_MAX_AGE_SECS.key(), 1L)
        .put(Setting.MULTIPART_JANITOR_INTERVAL_SECS.key(), 1));
    UploadCreated created = onContext(() -> client.createMultipartUpload(
        new CreateMultipartUpload(BUCKET, "abandoned", null, null)));
    byte[] data = random(1000);
    onContext(() -> client.uploadPart(new UploadPart(BUCKET, "abandoned", created.uploadId(), 1, data.length,
        Map.of(), null)).compose(up -> {
          pump(up.body(), Buffer.buffer(data), 0);
          return up.uploaded();
        }));
    // The janitor works inside storage on its own timer; nothing tells this side, so poll the listing.
    awaitCondition(() -> onContext(() -> client.listMultipartUploads(
        new ListMultipartUploads(BUCKET, null, null, null, null, 1000))).uploads().isEmpty());
    assertEquals(0, backend.usedBytes());
    assertEquals(S3ErrorCode.NO_SUCH_UPLOAD, failure(() -> client.listParts(
        new ListParts(BUCKET, "abandoned", created.uploadId(), 0, 1000))).code());
  }

  // ---- the tool's side of the contract

  private Future<ObjectInfo> upload(PutObject put, byte[] data) {
    return client.putObject(put).compose(upload -> {
      pump(upload.body(), Buffer.buffer(data), 0);
      return upload.committed();
    });
  }

  /** Writes 100 KB at a time while the window has room, continuing on drain. */
  private static void pump(OutboundStream out, Buffer data, int offset) {
    int at = offset;
    while (at < data.length() && !out.writeQueueFull()) {
      int end = Math.min(data.length(), at + 100_000);
      out.write(data.slice(at, end));
      at = end;
    }
    if (at < data.length()) {
      int next = at;
      out.drainHandler(v -> pump(out, data, next));
    } else {
      out.end();
    }
  }

  private Future<Buffer> download(String key, ByteRange range) {
    return client.getObject(BUCKET, key, range, ReadConditions.NONE, false).compose(this::collect);
  }

  private Future<Buffer> collect(StorageClient.Download d) {
    Promise<Buffer> done = Promise.promise();
    Buffer all = Buffer.buffer();
    d.body().exceptionHandler(done::tryFail);
    d.body().endHandler(v -> done.tryComplete(all));
    d.body().handler(all::appendBuffer);
    return done.future();
  }

  /** Runs contract calls on the context that owns the endpoint; the test thread waits for the outcome. */
  private <T> T onContext(Supplier<Future<T>> work) {
    Promise<T> result = Promise.promise();
    context.runOnContext(v -> {
      try {
        work.get().onComplete(result);
      } catch (RuntimeException e) {
        result.fail(e);
      }
    });
    try {
      return result.future().toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("contract call failed", e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private <T> S3Exception failure(Supplier<Future<T>> work) {
    try {
      T value = onContext(work);
      throw new AssertionError("expected a failure, got " + value);
    } catch (AssertionError e) {
      if (e.getCause() instanceof S3Exception s3) {
        return s3;
      }
      throw e;
    }
  }

  /** For state that changes inside storage without a message to this side. */
  private static void awaitCondition(BooleanSupplier condition) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "condition not reached in time");
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
    assertFalse(Thread.currentThread().isInterrupted());
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new Random(n).nextBytes(b);
    return b;
  }

  private static String base64Md5(byte[] data) {
    return Base64.getEncoder().encodeToString(md5(data));
  }

  private static String hexMd5(byte[] data) {
    return java.util.HexFormat.of().formatHex(md5(data));
  }

  private static byte[] md5(byte[] data) {
    try {
      return MessageDigest.getInstance("MD5").digest(data);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
