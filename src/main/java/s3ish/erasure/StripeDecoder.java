package s3ish.erasure;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.storage.ReadableObject;

/**
 * Streams a span of a blob stripe by stripe, one stripe in memory at a time and only on demand. Blocks are read
 * and checked on a worker thread; a stripe with all data blocks intact is passed on as is, otherwise the intact
 * blocks go to the erasure role, which rebuilds the rest (a degraded read: counted and logged once per stream).
 * A stripe with fewer than k intact blocks fails the stream with InternalError before any of its bytes are
 * emitted, so a reader never receives wrong bytes.
 */
final class StripeDecoder implements ReadableObject.Body {
  private static final Logger LOG = LoggerFactory.getLogger(StripeDecoder.class);

  private final ErasureBlobStore store;
  private final Context context;
  private Supplier<ShardSet> opener;
  private ShardSet shards;
  private long position;
  private final long end;
  private long demand = Long.MAX_VALUE;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean reading;
  private boolean done;
  private boolean reportedDegraded;

  /** {@code opener} supplies the blob's shards on a worker thread when the first stripe is read. */
  StripeDecoder(ErasureBlobStore store, Context context, Supplier<ShardSet> opener, long start, long length) {
    this.store = store;
    this.context = context;
    this.opener = opener;
    this.position = start;
    this.end = start + length;
  }

  @Override
  public StripeDecoder handler(Handler<Buffer> handler) {
    this.handler = handler;
    pump();
    return this;
  }

  @Override
  public StripeDecoder endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public StripeDecoder exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public StripeDecoder pause() {
    demand = 0;
    return this;
  }

  @Override
  public StripeDecoder resume() {
    return fetch(Long.MAX_VALUE);
  }

  @Override
  public StripeDecoder fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    pump();
    return this;
  }

  @Override
  public void close() {
    done = true;
    handler = null;
    endHandler = null;
    if (!reading) {
      release();
    }
  }

  private void pump() {
    if (done || reading || handler == null || demand <= 0) {
      return;
    }
    if (position >= end) {
      done = true;
      release();
      if (endHandler != null) {
        endHandler.handle(null);
      }
      return;
    }
    reading = true;
    context.executeBlocking(this::readStripe, false)
        .compose(this::assemble)
        .onComplete(ar -> {
          reading = false;
          if (done) {
            release();
          } else if (ar.failed()) {
            fail(ar.cause());
          } else {
            emit(ar.result());
          }
        });
  }

  /** The intact blocks of the stripe holding {@link #position} (worker thread). */
  private StripeBlocks readStripe() {
    if (shards == null) {
      shards = opener.get();
      opener = null;
    }
    long stripe = position / shards.layout().stripeBytes();
    byte[][] blocks = shards.readStripe(stripe, false);
    return new StripeBlocks(stripe, blocks, shards.usableCount() < shards.totalShards());
  }

  private record StripeBlocks(long stripe, byte[][] blocks, boolean degraded) {}

  /** The stripe's data bytes, rebuilding missing data blocks through the erasure role when needed. */
  private Future<Buffer> assemble(StripeBlocks read) {
    if (read.degraded() && !reportedDegraded) {
      reportedDegraded = true;
      ErasureMetrics.degradedRead();
      LOG.warn("degraded read of blob {}: rebuilding from parity; unusable shards: {}", shards.blobId(),
          String.join(", ", shards.problems()));
    }
    ShardLayout layout = shards.layout();
    int k = shards.dataShards();
    int length = layout.stripeDataLength(read.stripe());
    boolean dataIntact = true;
    for (int i = 0; i < k; i++) {
      dataIntact &= read.blocks()[i] != null;
    }
    if (dataIntact) {
      return Future.succeededFuture(concat(read.blocks(), k, length));
    }
    List<Buffer> blocks = new ArrayList<>(read.blocks().length);
    for (byte[] block : read.blocks()) {
      blocks.add(block == null ? null : Buffer.buffer(block));
    }
    return store.coder().decode(k, shards.totalShards() - k, layout.blockLength(read.stripe()), blocks)
        .map(all -> {
          Buffer data = Buffer.buffer(length);
          for (int i = 0; i < k && data.length() < length; i++) {
            Buffer block = all.get(i);
            data.appendBuffer(block, 0, Math.min(block.length(), length - data.length()));
          }
          return data;
        });
  }

  private static Buffer concat(byte[][] blocks, int k, int length) {
    Buffer data = Buffer.buffer(length);
    for (int i = 0; i < k && data.length() < length; i++) {
      data.appendBytes(blocks[i], 0, Math.min(blocks[i].length, length - data.length()));
    }
    return data;
  }

  private void emit(Buffer stripeData) {
    long stripeStart = shards.layout().stripeStart(position / shards.layout().stripeBytes());
    int from = (int) (position - stripeStart);
    int to = (int) Math.min(end - stripeStart, stripeData.length());
    position = stripeStart + to;
    if (demand != Long.MAX_VALUE) {
      demand--;
    }
    Handler<Buffer> h = handler;
    if (h != null) {
      h.handle(from == 0 && to == stripeData.length() ? stripeData : stripeData.slice(from, to));
    }
    pump();
  }

  private void fail(Throwable cause) {
    done = true;
    release();
    S3Exception error = cause instanceof S3Exception s3 ? s3
        : new S3Exception(S3ErrorCode.INTERNAL_ERROR, "blob unreadable: " + cause.getMessage());
    if (cause instanceof CorruptShardException) {
      ErasureMetrics.failedRead();
      LOG.warn("read aborted: {}", cause.getMessage());
    }
    Handler<Throwable> h = exceptionHandler;
    if (h != null) {
      h.handle(error);
    }
  }

  private void release() {
    if (shards != null) {
      shards.close();
      shards = null;
    }
  }
}
