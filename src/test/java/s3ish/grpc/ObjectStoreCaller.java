package s3ish.grpc;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.vertx.grpc.common.GrpcStatus;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.function.Function;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.ObjectInfo;

/**
 * One gRPC client library calling {@code s3ish.v1.ObjectStore} (or any service) by method name, so the same
 * tests run through vertx-grpc ({@link GrpcTestClient}) and grpc-java ({@link GrpcJavaCaller}). Calls block;
 * a call that ends with a non-OK status throws {@link CallFailed}.
 */
interface ObjectStoreCaller extends AutoCloseable {
  String SERVICE = "s3ish.v1.ObjectStore";
  /** Bodies of objects up to this size are kept by {@link #get}; larger ones only counted and digested. */
  long KEEP_LIMIT = 8L * 1024 * 1024;

  /** A unary call to {@code fullMethod} ("package.Service/Method"). */
  <Req extends Message, Resp extends Message> Resp unary(String fullMethod, Req request, Resp responseType);

  /** A client-streaming call: {@code header}, then {@code data} as fast as flow control allows, then the end. */
  <Req extends Message, Resp extends Message> Resp upload(String fullMethod, Req header, Iterator<Req> data,
      Resp responseType);

  /** Sends {@code header} and {@code data}, waits until they are written, then cancels the call. */
  <Req extends Message> void uploadThenCancel(String fullMethod, Req header, Req data);

  /** Sends {@code header} and {@code data} under a deadline and never ends the call: how did it fail? */
  <Req extends Message> CallFailed uploadPastDeadline(String fullMethod, Req header, Req data, long deadlineMillis);

  /** A whole GetObject: the info message, then the body (kept up to {@link #KEEP_LIMIT}). */
  Got get(GetObjectRequest request);

  @Override
  void close();

  static String method(String name) {
    return SERVICE + "/" + name;
  }

  /** A finished GetObject: the info message, the body's length and SHA-256, and the body if kept. */
  record Got(ObjectInfo info, long bytes, byte[] sha256, byte[] body) {}

  /** A failed call as the client saw it: its status and the S3 code trailer. */
  final class CallFailed extends RuntimeException {
    final GrpcStatus status;
    final String s3Code;

    CallFailed(GrpcStatus status, String s3Code, String message) {
      super(status + " " + s3Code + ": " + message);
      this.status = status;
      this.s3Code = s3Code;
    }
  }

  /** {@code size} pseudo-random bytes from {@code seed} in 1 MiB messages made by {@code wrap}, digested as they go. */
  static <Req> Iterator<Req> randomData(long size, long seed, MessageDigest sha, Function<ByteString, Req> wrap) {
    Random random = new Random(seed);
    return new Iterator<>() {
      private long remaining = size;

      @Override
      public boolean hasNext() {
        return remaining > 0;
      }

      @Override
      public Req next() {
        if (remaining <= 0) {
          throw new NoSuchElementException();
        }
        byte[] data = new byte[(int) Math.min(1024 * 1024, remaining)];
        random.nextBytes(data);
        if (sha != null) {
          sha.update(data);
        }
        remaining -= data.length;
        return wrap.apply(ByteString.copyFrom(data));
      }
    };
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
