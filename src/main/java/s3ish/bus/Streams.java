package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;

/** Moves a body between a source and a stream of the contract with backpressure and clean failure. */
public final class Streams {
  private Streams() {}

  /**
   * Pipes {@code source} into {@code target}. A failing source aborts the target instead of ending it, so a
   * broken body never commits. Completes with the consumer's answer to End.
   */
  public static <T> Future<T> forward(ReadStream<Buffer> source, OutboundStream target) {
    source.pipe()
        .endOnFailure(false)
        .to(target)
        .onFailure(cause -> target.abort(cause instanceof S3Exception s3 ? s3
            : new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "The body stream broke: " + cause.getMessage())));
    return target.result();
  }
}
