package s3ish.grpc;

import com.google.protobuf.ByteString;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.health.HealthService;
import io.vertx.grpc.reflection.ReflectionService;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import io.vertx.grpc.server.Service;
import io.vertx.grpc.server.ServiceBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;
import s3ish.bus.AuthClient;
import s3ish.bus.AuthMessages;
import s3ish.bus.OutboundStream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages;
import s3ish.bus.StreamEndpoint;
import s3ish.bus.StreamSettings;
import s3ish.bus.Streams;
import s3ish.config.ListenAddress;
import s3ish.config.Setting;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.ObjectStoreGrpcService;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.Part;
import s3ish.grpc.v1.PutObjectRequest;
import s3ish.grpc.v1.UploadPartRequest;
import s3ish.observability.NodeState;
import java.util.concurrent.TimeUnit;

/**
 * The gRPC role: serves {@code s3ish.v1.ObjectStore} over HTTP/2 on {@code grpc_listen_addr}. Like the HTTP
 * role it authenticates every call with the auth role and reaches storage only through {@link StorageClient}.
 */
public final class GrpcVerticle extends VerticleBase {
  /** Largest request message: bounds what one PutObject data message can make the server hold. */
  static final int MAX_MESSAGE_SIZE = 4 * 1024 * 1024;
  /**
   * Largest data message sent: clients' default limit is 256 KiB per message (framing included), so
   * storage's chunks are sliced below it.
   */
  static final int MAX_DATA_MESSAGE = 128 * 1024;
  static final String ACCESS_KEY = "x-access-key";
  static final String SECRET_KEY = "x-secret-key";

  private StreamEndpoint endpoint;
  private StorageClient storage;
  private HttpServer server;
  private AuthClient auth;

  @Override
  public Future<?> start() {
    JsonObject config = config();
    ListenAddress listen = ListenAddress.parse(Setting.GRPC_LISTEN_ADDR.string(config));
    StreamSettings streams = new StreamSettings(
        Setting.CHUNK_SIZE.intValue(config),
        Setting.CREDIT_WINDOW.intValue(config),
        Setting.STREAM_IDLE_TIMEOUT_SECS.intValue(config) * 1000L);
    auth = new AuthClient(vertx, streams.idleTimeoutMs());
    return StreamEndpoint.create(vertx, streams)
        .compose(created -> {
          endpoint = created;
          storage = new StorageClient(vertx, endpoint);
          GrpcServer grpc = GrpcServer.server(vertx, new GrpcServerOptions()
              .setMaxMessageSize(MAX_MESSAGE_SIZE)
              // a call past its grpc-timeout is cancelled here, so an unfinished upload is aborted, not kept
              .setScheduleDeadlineAutomatically(true));
          grpc.addService(objectStore(new ObjectStoreCalls(storage)));
          // Unauthenticated, as probes and tools expect: health says whether storage answers.
          grpc.addService(HealthService.create(vertx)
              .register(ObjectStoreGrpcService.SERVICE_NAME.fullyQualifiedName(), this::storageAnswers)
              .register("", this::storageAnswers));
          grpc.addService(ReflectionService.v1());
          server = vertx.createHttpServer(new HttpServerOptions().setHost(listen.host()).setPort(listen.port()))
              .requestHandler(GrpcMetrics.measured(grpc));
          return server.listen();
        })
        .onSuccess(bound -> NodeState.grpcPort(vertx, bound.actualPort()));
  }

  @Override
  public Future<?> stop() {
    // Draining for shutdown: stop accepting and give requests in flight the grace period; else close at once.
    long grace = NodeState.isDraining(vertx) ? Setting.SHUTDOWN_GRACE_SECS.intValue(config()) : 0;
    Future<Void> closed = server == null ? Future.succeededFuture() : server.shutdown(grace, TimeUnit.SECONDS);
    return closed.eventually(() -> endpoint == null ? Future.succeededFuture() : endpoint.close());
  }

  /** Bodies being relayed from storage right now (GetObject calls in progress), counted on this verticle's context. */
  Future<Integer> openDownloads() {
    Promise<Integer> count = Promise.promise();
    context.runOnContext(v -> count.complete(endpoint.openStreams()));
    return count.future();
  }

  /** A service with its descriptor, so reflection lists it; every call is authenticated first. */
  private Service objectStore(ObjectStoreCalls calls) {
    ServiceBuilder service = Service.service(ObjectStoreGrpcService.SERVICE_NAME, ObjectStoreGrpcService.SERVICE_DESCRIPTOR);
    unary(service, ObjectStoreGrpcService.CreateBucket, calls::createBucket);
    unary(service, ObjectStoreGrpcService.DeleteBucket, calls::deleteBucket);
    unary(service, ObjectStoreGrpcService.ListBuckets, calls::listBuckets);
    unary(service, ObjectStoreGrpcService.HeadBucket, calls::headBucket);
    unary(service, ObjectStoreGrpcService.HeadObject, calls::headObject);
    unary(service, ObjectStoreGrpcService.DeleteObject, calls::deleteObject);
    unary(service, ObjectStoreGrpcService.ListObjects, calls::listObjects);
    unary(service, ObjectStoreGrpcService.CopyObject, calls::copyObject);
    unary(service, ObjectStoreGrpcService.DeleteObjects, calls::deleteObjects);
    unary(service, ObjectStoreGrpcService.CreateMultipartUpload, calls::createMultipartUpload);
    unary(service, ObjectStoreGrpcService.UploadPartCopy, calls::uploadPartCopy);
    unary(service, ObjectStoreGrpcService.CompleteMultipartUpload, calls::completeMultipartUpload);
    unary(service, ObjectStoreGrpcService.AbortMultipartUpload, calls::abortMultipartUpload);
    unary(service, ObjectStoreGrpcService.ListParts, calls::listParts);
    unary(service, ObjectStoreGrpcService.ListMultipartUploads, calls::listMultipartUploads);
    service.bind(ObjectStoreGrpcService.PutObject, request -> this.<PutObjectRequest, ObjectInfo,
        StorageMessages.ObjectInfo>upload(request, PutObjectRequest::hasHeader, PutObjectRequest::getData,
        first -> storage.putObject(Messages.putObject(first.getHeader())).map(StorageClient.Upload::body),
        Messages::info));
    service.bind(ObjectStoreGrpcService.UploadPart, request -> this.<UploadPartRequest, Part,
        StorageMessages.PartInfo>upload(request, UploadPartRequest::hasHeader, UploadPartRequest::getData,
        first -> storage.uploadPart(Messages.uploadPart(first.getHeader())).map(StorageClient.PartUpload::body),
        Messages::part));
    service.bind(ObjectStoreGrpcService.GetObject, this::getObject);
    return service.build();
  }

  private Future<Boolean> storageAnswers() {
    return storage.ping().map(true).otherwise(false);
  }

  private <Req, Resp> void unary(ServiceBuilder service, ServiceMethod<Req, Resp> method,
      Function<Req, Future<Resp>> call) {
    service.bind(method, request -> {
      // Asked for at once: the message may arrive while the call is being authenticated.
      Future<Req> message = request.last();
      authenticate(request)
          .compose(identity -> message)
          .compose(call)
          .onSuccess(reply -> request.response().end(reply))
          .onFailure(error -> fail(request.response(), error));
    });
  }

  /**
   * Client streaming (PutObject, UploadPart): a header message opens the body at storage, then data messages
   * are piped into it with backpressure; storage's reply to the body's end is the call's reply.
   */
  private <M, R, T> void upload(GrpcServerRequest<M, R> request, Predicate<M> isHeader, Function<M, ByteString> data,
      Function<M, Future<OutboundStream>> open, Function<T, R> reply) {
    GrpcServerResponse<M, R> response = request.response();
    request.pause();
    DataMessages<M> messages = new DataMessages<>(request, isHeader, data);
    authenticate(request).onComplete(auth -> {
      if (auth.failed()) {
        fail(response, auth.cause());
        return;
      }
      request.endHandler(v -> GrpcErrors.fail(response, new S3Exception(S3ErrorCode.INVALID_REQUEST,
          request.fullMethodName() + ": the stream ended before its header")));
      request.exceptionHandler(error -> { /* cancelled before the header: nothing to clean up */ });
      request.handler(first -> {
        request.pause();
        request.endHandler(null);
        if (messages.refused()) {
          return;
        }
        if (!isHeader.test(first)) {
          GrpcErrors.fail(response, new S3Exception(S3ErrorCode.INVALID_REQUEST,
              request.fullMethodName() + ": the first message must be the header"));
          return;
        }
        Future.succeededFuture(first)
            .compose(open)
            .compose(body -> Streams.<T>forward(messages, body))
            .onSuccess(result -> response.end(reply.apply(result)))
            .onFailure(error -> GrpcErrors.fail(response, error));
      });
      request.fetch(1);
    });
  }

  /** Server streaming: the object's info, then its body as data messages, pausing storage while the client lags. */
  private void getObject(GrpcServerRequest<s3ish.grpc.v1.GetObjectRequest, GetObjectResponse> request) {
    GrpcServerResponse<s3ish.grpc.v1.GetObjectRequest, GetObjectResponse> response = request.response();
    Future<s3ish.grpc.v1.GetObjectRequest> message = request.last();
    authenticate(request)
        .compose(identity -> message)
        .compose(get -> Messages.range(get)
            .compose(range -> storage.getObject(get.getBucket(), get.getKey(), range, Messages.conditions(get), false)))
        .onFailure(error -> fail(response, error))
        .onSuccess(download -> {
          response.write(GetObjectResponse.newBuilder().setInfo(Messages.info(download.info())).build());
          if (download.inline() != null) {
            writeData(response, download.inline());
          }
          if (download.body() == null) {
            response.end();
            return;
          }
          // A client that cancels or breaks the call releases the body at storage.
          response.exceptionHandler(error -> download.cancel());
          request.exceptionHandler(error -> download.cancel());
          request.errorHandler(error -> download.cancel());
          if (request.deadline() != null) {
            request.deadline().onSuccess(v -> download.cancel());
          }
          var body = download.body();
          body.exceptionHandler(error -> GrpcErrors.fail(response, error));
          body.endHandler(v -> response.end());
          // Registered before the first write, so no drain can come while no handler is there to resume the body.
          response.drainHandler(v -> body.resume());
          body.handler(chunk -> {
            writeData(response, chunk);
            if (response.writeQueueFull()) {
              body.pause();
            }
          });
        });
  }

  private static void writeData(GrpcServerResponse<?, GetObjectResponse> response, Buffer chunk) {
    for (int from = 0; from < chunk.length(); from += MAX_DATA_MESSAGE) {
      int to = Math.min(chunk.length(), from + MAX_DATA_MESSAGE);
      response.write(GetObjectResponse.newBuilder().setData(ByteString.copyFrom(chunk.getBytes(from, to))).build());
    }
  }

  private Future<AuthMessages.Identity> authenticate(GrpcServerRequest<?, ?> request) {
    if (request.headers().get(ACCESS_KEY) == null || request.headers().get(SECRET_KEY) == null) {
      return Future.failedFuture(new MissingCredentials());
    }
    List<AuthMessages.Header> headers = new ArrayList<>(request.headers().size());
    request.headers().forEach(h -> headers.add(new AuthMessages.Header(h.getKey(), h.getValue())));
    // The method path stands in for the S3 resource; header keys do not sign it, SigV4 would.
    String path = "/" + request.fullMethodName();
    AuthMessages.Verify verify = new AuthMessages.Verify("POST", path, null, headers);
    return auth.verify(verify);
  }

  private static void fail(GrpcServerResponse<?, ?> response, Throwable error) {
    if (error instanceof MissingCredentials) {
      GrpcErrors.unauthenticated(response);
    } else {
      GrpcErrors.fail(response, error);
    }
  }

  private static final class MissingCredentials extends RuntimeException {
    MissingCredentials() {
      super("no credentials", null, false, false);
    }
  }
}
