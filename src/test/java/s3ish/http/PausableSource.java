package s3ish.http;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** A request body the test drives by hand; it records whether its reader paused it, as Vert.x's honours that. */
final class PausableSource implements ReadStream<Buffer> {
  Handler<Buffer> handler;
  Handler<Void> end;
  boolean paused = true;

  @Override public ReadStream<Buffer> exceptionHandler(Handler<Throwable> h) { return this; }
  @Override public ReadStream<Buffer> handler(Handler<Buffer> h) { handler = h; return this; }
  @Override public ReadStream<Buffer> pause() { paused = true; return this; }
  @Override public ReadStream<Buffer> resume() { paused = false; return this; }
  @Override public ReadStream<Buffer> fetch(long amount) { paused = false; return this; }
  @Override public ReadStream<Buffer> endHandler(Handler<Void> h) { end = h; return this; }
}
