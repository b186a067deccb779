package s3ish.grpc;

import com.google.protobuf.Message;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientOptions;
import io.vertx.grpc.client.GrpcClientRequest;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.ObjectStoreGrpcClient;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.PutObjectRequest;

/**
 * The vertx-grpc client: the generated {@code ObjectStoreGrpcClient} methods (or any method by name) with
 * credentials in the call metadata, which the generated proxy has no place for.
 */
final class GrpcTestClient implements ObjectStoreCaller {
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

  <Req, Resp> Future<GrpcClientRequest<Req, Resp>> open(ServiceMethod<Resp, Req> method) {
    return client.request(server, method).map(request -> {
      if (accessKey != null) {
        request.headers().set(GrpcVerticle.ACCESS_KEY, accessKey).set(GrpcVerticle.SECRET_KEY, secretKey);
      }
      return request;
    });
  }

  <Req, Resp> Future<Resp> call(ServiceMethod<Resp, Req> method, Req message) {
    return this.<Req, Resp>open(method).compose(request -> {
      request.end(message);
      return request.response().compose(GrpcTestClient::single);
    });
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

  @SuppressWarnings("unchecked")
  static <Req extends Message, Resp extends Message> ServiceMethod<Resp, Req> method(String fullMethod,
      Resp responseType) {
    int slash = fullMethod.indexOf('/');
    return ServiceMethod.client(ServiceName.create(fullMethod.substring(0, slash)), fullMethod.substring(slash + 1),
        GrpcMessageEncoder.encoder(), GrpcMessageDecoder.decoder(responseType.newBuilderForType()));
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp unary(String fullMethod, Req request, Resp responseType) {
    return call(GrpcTestClient.<Req, Resp>method(fullMethod, responseType), request).await();
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp upload(String fullMethod, Req header, Iterator<Req> data,
      Resp responseType) {
    return upload(GrpcTestClient.<Req, Resp>method(fullMethod, responseType), header, data).await();
  }

  /** Streams {@code size} pseudo-random bytes after the header, honouring backpressure. */
  Future<ObjectInfo> putRandom(PutObjectHeader header, long size, long seed, MessageDigest sha) {
    return upload(ObjectStoreGrpcClient.PutObject, PutObjectRequest.newBuilder().setHeader(header).build(),
        ObjectStoreCaller.randomData(size, seed, sha, data -> PutObjectRequest.newBuilder().setData(data).build()));
  }

  private <Req, Resp> Future<Resp> upload(ServiceMethod<Resp, Req> method, Req header, Iterator<Req> data) {
    return this.<Req, Resp>open(method).compose(request -> {
      Future<Resp> reply = request.response().compose(GrpcTestClient::single);
      request.write(header);
      pump(request, data);
      return reply;
    });
  }

  private static <Req> void pump(GrpcClientRequest<Req, ?> request, Iterator<Req> data) {
    while (data.hasNext() && !request.writeQueueFull()) {
      request.write(data.next());
    }
    if (data.hasNext()) {
      request.drainHandler(v -> pump(request, data));
    } else {
      request.end();
    }
  }

  @Override
  public <Req extends Message> void uploadThenCancel(String fullMethod, Req header, Req data) {
    GrpcClientRequest<Req, Message> request = open(GrpcTestClient.<Req, Message>method(fullMethod, header)).await();
    request.write(header).await();
    request.write(data).await();
    request.cancel();
  }

  @Override
  public <Req extends Message> CallFailed uploadPastDeadline(String fullMethod, Req header, Req data,
      long deadlineMillis) {
    GrpcClientRequest<Req, Message> request = open(GrpcTestClient.<Req, Message>method(fullMethod, header)).await();
    request.timeout(deadlineMillis, TimeUnit.MILLISECONDS);
    Future<Message> reply = request.response().compose(GrpcTestClient::single);
    request.write(header);
    request.write(data);
    try {
      reply.await();
    } catch (CallFailed failed) {
      return failed;
    } catch (RuntimeException other) {
      // the client gave up at the deadline (no status from the server)
      return new CallFailed(GrpcStatus.DEADLINE_EXCEEDED, null, String.valueOf(other.getMessage()));
    }
    throw new AssertionError("an unfinished upload succeeded");
  }

  @Override
  public Got get(GetObjectRequest request) {
    return get(request, true).await();
  }

  /** Reads the stream; keeps the body only when {@code keep} (small objects). */
  Future<Got> get(GetObjectRequest get, boolean keep) {
    return this.<GetObjectRequest, GetObjectResponse>open(ObjectStoreGrpcClient.GetObject).compose(request -> {
      // vertx-grpc drops messages (and the end) that arrive while no handler is set, so the handlers are set
      // by a listener attached before the request ends: it runs on the response's context as the response
      // arrives. A listener further down a chain can run later, on another context, and miss the stream.
      Future<Got> got = request.response().compose(response -> read(response, keep));
      request.end(get);
      return got;
    });
  }

  private static Future<Got> read(GrpcClientResponse<GetObjectRequest, GetObjectResponse> response, boolean keep) {
    Promise<Got> got = Promise.promise();
    MessageDigest sha = ObjectStoreCaller.sha256();
    AtomicReference<ObjectInfo> info = new AtomicReference<>();
    AtomicLong bytes = new AtomicLong();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    response.handler(message -> {
      if (message.hasInfo()) {
        info.set(message.getInfo());
      } else if (info.get() == null) {
        got.tryFail(new AssertionError("a data message came before the object's info"));
      } else {
        sha.update(message.getData().asReadOnlyByteBuffer());
        bytes.addAndGet(message.getData().size());
        if (keep && info.get().getSize() <= KEEP_LIMIT) {
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
  }

  static MessageDigest sha256() {
    return ObjectStoreCaller.sha256();
  }

  @Override
  public void close() {
    client.close().await();
  }
}
