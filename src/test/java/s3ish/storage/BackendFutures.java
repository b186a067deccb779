package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Future;
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
}
