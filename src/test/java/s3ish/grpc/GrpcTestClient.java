package s3ish.grpc;

import io.vertx.core.Future;
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

/**
 * Calls the generated {@code ObjectStoreGrpcClient} methods with credentials in the call metadata, which the
 * generated proxy has no place for, and reports failures with their status and S3 code trailer.
 */
final class GrpcTestClient implements AutoCloseable {
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

  @Override
  public void close() {
    client.close().await();
  }
}
