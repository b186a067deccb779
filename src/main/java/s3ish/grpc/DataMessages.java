package s3ish.grpc;

import com.google.protobuf.ByteString;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.streams.ReadStream;
import io.vertx.core.Timer;
import io.vertx.grpc.server.GrpcServerRequest;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The data messages of a client-streaming upload call (PutObject, UploadPart) as a stream of buffers: pausing it pauses the call, so HTTP/2 flow
 * control holds the client back while storage's window is full. A second header, a cancel or an expired
 * deadline fails the stream.
 */
final class DataMessages<M> implements ReadStream<Buffer> {
  private final GrpcServerRequest<M, ?> messages;
  private final Predicate<M> isHeader;
  private final Function<M, ByteString> data;
  private Handler<Throwable> exceptionHandler;
  private S3Exception refused;

  /** Made before the first message is read, so a refused message is caught in every phase of the call. */
  DataMessages(GrpcServerRequest<M, ?> messages, Predicate<M> isHeader, Function<M, ByteString> data) {
    this.messages = messages;
    this.isHeader = isHeader;
    this.data = data;
    // vertx-grpc skips a message over the size limit and reads on; the stream's end would then commit a body
    // with a hole. A refusal breaks the body being piped; with none piped yet, it ends the call at once and
    // is kept, so no body is opened and one opened meanwhile is aborted as soon as it is piped.
    messages.invalidMessageHandler(invalid -> {
      refused = GrpcErrors.refusedMessage(invalid);
      if (exceptionHandler != null) {
        exceptionHandler.handle(refused);
      } else {
        GrpcErrors.fail(messages.response(), refused);
      }
    });
  }

  /** Whether a message was refused: the call has ended with the error, and must not open a body. */
  boolean refused() {
    return refused != null;
  }

  @Override
  public DataMessages<M> exceptionHandler(Handler<Throwable> handler) {
    exceptionHandler = handler;
    messages.exceptionHandler(handler);
    // A cancel or an expired deadline arrives as a gRPC error, not as an exception: it too breaks the body.
    messages.errorHandler(handler == null ? null : error -> handler.handle(
        new S3Exception(S3ErrorCode.INCOMPLETE_BODY, "the call ended before the body: " + error)));
    // The server answers DEADLINE_EXCEEDED by itself but tells the request nothing: watch the timer too.
    Timer deadline = messages.deadline();
    if (deadline != null && handler != null) {
      deadline.onSuccess(v -> handler.handle(new S3Exception(S3ErrorCode.REQUEST_TIMEOUT, "the call's deadline passed")));
    }
    if (refused != null && handler != null) {
      handler.handle(refused);
    }
    return this;
  }

  @Override
  public DataMessages<M> handler(Handler<Buffer> handler) {
    if (handler == null) {
      messages.handler(null);
      return this;
    }
    messages.handler(message -> {
      if (isHeader.test(message)) {
        messages.pause();
        if (exceptionHandler != null) {
          exceptionHandler.handle(new S3Exception(S3ErrorCode.INVALID_REQUEST,
              messages.fullMethodName() + ": only the first message may be a header"));
        }
        return;
      }
      // One copy out of protobuf's bytes; the buffer is never touched again once written to the stream.
      handler.handle(Buffer.buffer(data.apply(message).toByteArray()));
    });
    return this;
  }

  @Override
  public DataMessages<M> pause() {
    messages.pause();
    return this;
  }

  @Override
  public DataMessages<M> resume() {
    messages.resume();
    return this;
  }

  @Override
  public DataMessages<M> fetch(long amount) {
    messages.fetch(amount);
    return this;
  }

  @Override
  public DataMessages<M> endHandler(Handler<Void> endHandler) {
    messages.endHandler(endHandler);
    return this;
  }
}
