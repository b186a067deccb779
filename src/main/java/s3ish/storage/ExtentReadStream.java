package s3ish.storage;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Streams a body made of blob extents, one blob after the other. {@link #ready()} opens every blob up front (so
 * an unreadable one fails the request before its response starts); otherwise each is opened when reached. Demand is passed to the blob being read, so a paused reader stops the file reads too.
 */
final class ExtentReadStream implements ReadableObject.Body {
  private final BlobStore blobs;
  private final List<Extent.InBlob> spans;
  private final Iterator<Extent.InBlob> extents;
  /** Blobs opened by {@link #ready()}, in extent order; empty when not called. */
  private final List<BlobStore.Blob> opened = new ArrayList<>();
  private int position;
  private final Runnable onClose;
  private ReadableObject.Body current;
  private long demand = Long.MAX_VALUE;
  private Handler<Buffer> handler;
  private Handler<Void> endHandler;
  private Handler<Throwable> exceptionHandler;
  private boolean started;
  private boolean closed;

  /** {@code onClose} runs once, when the stream ends, fails or is closed. */
  ExtentReadStream(BlobStore blobs, List<Extent> extents, Runnable onClose) {
    this.blobs = blobs;
    this.spans = extents.stream()
        .filter(e -> e.length() > 0)
        .map(e -> (Extent.InBlob) e)
        .toList();
    this.extents = spans.iterator();
    this.onClose = onClose;
  }

  @Override
  public Future<Void> ready() {
    Future<Void> chain = Future.succeededFuture();
    for (Extent.InBlob extent : spans) {
      chain = chain.compose(v -> blobs.open(extent.blobId()).map(blob -> {
        opened.add(blob);
        return null;
      }));
    }
    return chain;
  }

  @Override
  public ExtentReadStream handler(Handler<Buffer> handler) {
    this.handler = handler;
    if (handler != null && !started) {
      started = true;
      next();
    }
    return this;
  }

  @Override
  public ExtentReadStream endHandler(Handler<Void> endHandler) {
    this.endHandler = endHandler;
    return this;
  }

  @Override
  public ExtentReadStream exceptionHandler(Handler<Throwable> handler) {
    this.exceptionHandler = handler;
    return this;
  }

  @Override
  public ExtentReadStream pause() {
    demand = 0;
    if (current != null) {
      current.pause();
    }
    return this;
  }

  @Override
  public ExtentReadStream resume() {
    demand = Long.MAX_VALUE;
    if (current != null) {
      current.resume();
    }
    return this;
  }

  @Override
  public ExtentReadStream fetch(long amount) {
    demand = demand + amount < 0 ? Long.MAX_VALUE : demand + amount;
    if (current != null) {
      current.fetch(amount);
    }
    return this;
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (current != null) {
      current.close();
      current = null;
    }
    for (int i = position; i < opened.size(); i++) {
      opened.get(i).close(); // opened by ready() and never reached
    }
    onClose.run();
  }

  private void next() {
    if (closed) {
      return;
    }
    if (!extents.hasNext()) {
      Handler<Void> end = endHandler;
      close();
      if (end != null) {
        end.handle(null);
      }
      return;
    }
    Extent.InBlob extent = extents.next();
    int index = position++;
    Future<BlobStore.Blob> blob = index < opened.size() ? Future.succeededFuture(opened.get(index)) : blobs.open(extent.blobId());
    blob.onComplete(ar -> {
      if (ar.failed()) {
        fail(ar.cause());
        return;
      }
      ReadableObject.Body body = ar.result().read(extent.offset(), extent.length());
      if (closed) {
        body.close();
        return;
      }
      current = body;
      if (demand != Long.MAX_VALUE) {
        body.pause();
        if (demand > 0) {
          body.fetch(demand);
        }
      }
      body.exceptionHandler(this::fail);
      body.endHandler(v -> {
        body.close();
        current = null;
        next();
      });
      body.handler(data -> {
        if (demand != Long.MAX_VALUE) {
          demand--;
        }
        handler.handle(data);
      });
    });
  }

  private void fail(Throwable cause) {
    Handler<Throwable> h = exceptionHandler;
    close();
    if (h != null) {
      h.handle(cause);
    }
  }
}
