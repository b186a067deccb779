package s3ish.grpc;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;

/**
 * Calls the generated {@code ObjectStoreGrpcClient} methods with credentials in the call metadata, which the
 * generated proxy has no place for, and reports failures with their status and S3 code trailer.
 */
final class GrpcTestClient implements AutoCloseable {
  private static final int MESSAGE = 1024 * 1024;

  private final GrpcClient client;
  private final SocketAddress server;
  private final String accessKey;
  private final String secretKey;

  GrpcTestClient(Vertx vertx, int port, String accessKey, String secretKey) {
    this.client = GrpcClient.client(vertx, new GrpcClientOptions(), new HttpClientOptions());
    this.server = SocketAddress.inetSocketAddress(port, "127.0.0.1");
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** A failed call as the client saw it. */
  static final class CallFailed extends RuntimeException {
    final GrpcStatus status;
    final String s3Code;

    CallFailed(GrpcStatus status, String s3Code, String message) {
      super(status + " " + s3Code + ": " + message);
      this.status = status;
      this.s3Code = s3Code;
    }
  }

  <Req, Resp> Future<GrpcClientRequest<Req, Resp>> open(ServiceMethod<Resp, Req> method) {
    return client.request(server, method).map(request -> {
      if (accessKey != null) {
        request.headers().set(GrpcVerticle.ACCESS_KEY, accessKey).set(GrpcVerticle.SECRET_KEY, secretKey);
      }
      return request;
    });
  }

  <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req message) {
    return this.<Req, Resp>open(method).compose(request -> request.end(message)
        .compose(v -> request.response())
        .compose(GrpcTestClient::single));
  }

  /** The one reply of a unary or client-streaming call, or a {@link CallFailed}. */
  static <Req, Resp> Future<Resp> single(GrpcClientResponse<Req, Resp> response) {
    return response.last().transform(ar -> response.status() == GrpcStatus.OK && ar.succeeded()
        ? Future.succeededFuture(ar.result())
        : Future.failedFuture(failure(response)));
  }

  static CallFailed failure(GrpcClientResponse<?, ?> response) {
    return new CallFailed(response.status(), s3Code(response), response.statusMessage());
  }

  /** A trailers-only reply (an error before any message) carries its trailers in the one header block. */
  static String s3Code(GrpcClientResponse<?, ?> response) {
    MultiMap trailers = response.trailers();
    String code = trailers == null ? null : trailers.get(GrpcErrors.CODE_TRAILER);
    return code != null ? code : response.headers().get(GrpcErrors.CODE_TRAILER);
  }

  /** Streams {@code size} pseudo-random bytes after the header in 1 MiB messages, honouring backpressure. */
  Future<ObjectInfo> putRandom(PutObjectHeader header, long size, long seed, MessageDigest sha) {
    return this.<PutObjectRequest, ObjectInfo>open(ObjectStoreGrpcClient.PutObject).compose(request -> {
      request.write(PutObjectRequest.newBuilder().setHeader(header).build());
      pump(request, new AtomicLong(size), new Random(seed), sha);
      return request.response().compose(GrpcTestClient::single);
    });
  }

  private static void pump(GrpcClientRequest<PutObjectRequest, ObjectInfo> request, AtomicLong remaining,
      Random random, MessageDigest sha) {
    while (remaining.get() > 0 && !request.writeQueueFull()) {
      byte[] data = new byte[(int) Math.min(MESSAGE, remaining.get())];
      random.nextBytes(data);
      if (sha != null) {
        sha.update(data);
      }
      remaining.addAndGet(-data.length);
      request.write(PutObjectRequest.newBuilder().setData(ByteString.copyFrom(data)).build());
    }
    if (remaining.get() == 0) {
      request.end();
    } else {
      request.drainHandler(v -> pump(request, remaining, random, sha));
    }
  }

  /** A finished GetObject: the info message, the body's length and SHA-256, and the body if kept. */
  record Got(ObjectInfo info, long bytes, byte[] sha256, byte[] body) {}

  /** Reads the stream; keeps the body only when {@code keep} (small objects). */
  Future<Got> get(GetObjectRequest get, boolean keep) {
    return this.<GetObjectRequest, GetObjectResponse>open(ObjectStoreGrpcClient.GetObject)
        .compose(request -> {
          // The handlers must be set as the response arrives: vertx-grpc drops messages (and the end) that
          // come while none is set. Waiting for end()'s write to complete first lost the race under load.
          request.end(get);
          return request.response();
        })
        .compose(response -> {
          Promise<Got> got = Promise.promise();
          MessageDigest sha = sha256();
          AtomicReference<ObjectInfo> info = new AtomicReference<>();
          AtomicLong bytes = new AtomicLong();
          ByteArrayOutputStream body = new ByteArrayOutputStream();
          response.handler(message -> {
            if (message.hasInfo()) {
              info.set(message.getInfo());
            } else {
              sha.update(message.getData().asReadOnlyByteBuffer());
              bytes.addAndGet(message.getData().size());
              if (keep) {
                body.writeBytes(message.getData().toByteArray());
              }
            }
          });
          response.exceptionHandler(got::tryFail);
          response.endHandler(v -> {
            if (response.status() == GrpcStatus.OK) {
              got.tryComplete(new Got(info.get(), bytes.get(), sha.digest(), body.toByteArray()));
            } else {
              got.tryFail(failure(response));
            }
          });
          return got.future();
        });
  }

  static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    client.close().await();
  }
}
