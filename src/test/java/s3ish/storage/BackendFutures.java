package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** The memory backend completes its futures before returning them: tests read outcomes directly. */
final class BackendFutures {
  private BackendFutures() {}

  static <T> T ok(Future<T> f) {
    assertTrue(f.isComplete(), "memory backend answers synchronously");
    if (f.failed()) {
      throw new AssertionError("unexpected failure", f.cause());
    }
    return f.result();
  }

  static S3ErrorCode failure(Future<?> f) {
    return exception(f).code();
  }

  static S3Exception exception(Future<?> f) {
    assertTrue(f.isComplete());
    assertTrue(f.failed(), "expected a failure, got " + f.result());
    return (S3Exception) f.cause();
  }

  /** Every byte of an opened object's body, which the memory backend streams synchronously once a handler is set. */
  static byte[] bodyBytes(ReadableObject object) {
    Buffer all = Buffer.buffer();
    boolean[] ended = new boolean[1];
    ReadableObject.Body body = object.body().get();
    body.endHandler(v -> ended[0] = true);
    body.handler(all::appendBuffer);
    assertTrue(ended[0], "an unpaused body streams synchronously to its end");
    body.close();
    return all.getBytes();
  }
}
