package s3ish.grpc;

import com.google.protobuf.Message;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptors;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.MetadataUtils;
import io.vertx.grpc.common.GrpcStatus;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.GetObjectResponse;
import s3ish.grpc.v1.ObjectInfo;

/** grpc-java (io.grpc), the reference implementation, with method descriptors built from the messages. */
final class GrpcJavaCaller implements ObjectStoreCaller {
  private static final Metadata.Key<String> S3_CODE =
      Metadata.Key.of(GrpcErrors.CODE_TRAILER, Metadata.ASCII_STRING_MARSHALLER);

  private final ManagedChannel channel;
  private final Channel calls;

  GrpcJavaCaller(int port, String accessKey, String secretKey) {
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    if (accessKey == null) {
      calls = channel;
    } else {
      Metadata keys = new Metadata();
      keys.put(Metadata.Key.of(GrpcVerticle.ACCESS_KEY, Metadata.ASCII_STRING_MARSHALLER), accessKey);
      keys.put(Metadata.Key.of(GrpcVerticle.SECRET_KEY, Metadata.ASCII_STRING_MARSHALLER), secretKey);
      calls = ClientInterceptors.intercept(channel, MetadataUtils.newAttachHeadersInterceptor(keys));
    }
  }

  @SuppressWarnings("unchecked")
  private static <Req extends Message, Resp extends Message> MethodDescriptor<Req, Resp> descriptor(
      MethodDescriptor.MethodType type, String fullMethod, Req request, Resp response) {
    return MethodDescriptor.<Req, Resp>newBuilder()
        .setType(type)
        .setFullMethodName(fullMethod)
        .setRequestMarshaller(ProtoUtils.marshaller((Req) request.getDefaultInstanceForType()))
        .setResponseMarshaller(ProtoUtils.marshaller((Resp) response.getDefaultInstanceForType()))
        .build();
  }

  static CallFailed failure(Status status, Metadata trailers) {
    return new CallFailed(GrpcStatus.valueOf(status.getCode().name()), trailers == null ? null : trailers.get(S3_CODE),
        status.getDescription());
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp unary(String fullMethod, Req request, Resp responseType) {
    try {
      return ClientCalls.blockingUnaryCall(calls,
          descriptor(MethodDescriptor.MethodType.UNARY, fullMethod, request, responseType), CallOptions.DEFAULT,
          request);
    } catch (StatusRuntimeException e) {
      throw failure(e.getStatus(), e.getTrailers());
    }
  }

  /** A client-streaming call driven by hand: a message is sent only while the call is ready (flow control). */
  private final class Upload<Req extends Message, Resp extends Message> extends ClientCall.Listener<Resp> {
    final ClientCall<Req, Resp> call;
    final CompletableFuture<Resp> reply = new CompletableFuture<>();
    private Resp last;

    Upload(String fullMethod, Req header, Resp responseType, CallOptions options) {
      call = calls.newCall(descriptor(MethodDescriptor.MethodType.CLIENT_STREAMING, fullMethod, header,
          responseType), options);
      call.start(this, new Metadata());
      call.request(1);
    }

    @Override
    public void onMessage(Resp message) {
      last = message;
    }

    @Override
    public synchronized void onReady() {
      notifyAll();
    }

    @Override
    public void onClose(Status status, Metadata trailers) {
      if (status.isOk()) {
        reply.complete(last);
      } else {
        reply.completeExceptionally(failure(status, trailers));
      }
      synchronized (this) {
        notifyAll();
      }
    }

    /** Waits for the call to be ready (onReady wakes it) unless it has ended. */
    synchronized void awaitReady() throws InterruptedException {
      while (!call.isReady() && !reply.isDone()) {
        wait();
      }
    }

    Resp await() {
      try {
        return reply.get(120, TimeUnit.SECONDS);
      } catch (ExecutionException e) {
        throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }

  @Override
  public <Req extends Message, Resp extends Message> Resp upload(String fullMethod, Req header, Iterator<Req> data,
      Resp responseType) {
    Upload<Req, Resp> upload = new Upload<>(fullMethod, header, responseType, CallOptions.DEFAULT);
    try {
      upload.call.sendMessage(header);
      while (data.hasNext()) {
        upload.awaitReady();
        if (upload.reply.isDone()) {
          break; // the server answered early (an error): stop sending
        }
        upload.call.sendMessage(data.next());
      }
      upload.call.halfClose();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      upload.call.cancel("interrupted", e);
    } catch (IllegalStateException alreadyClosed) {
      // the call ended meanwhile: its status tells why
    }
    return upload.await();
  }

  @Override
  public <Req extends Message> void uploadThenCancel(String fullMethod, Req header, Req data) {
    Upload<Req, Message> upload = new Upload<>(fullMethod, header, header, CallOptions.DEFAULT);
    upload.call.sendMessage(header);
    upload.call.sendMessage(data);
    try {
      // grpc-java has no write completion: ready again means what was queued has gone to the transport
      upload.awaitReady();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    upload.call.cancel("the test cancels the upload", null);
  }

  @Override
  public <Req extends Message> CallFailed uploadPastDeadline(String fullMethod, Req header, Req data,
      long deadlineMillis) {
    Upload<Req, Message> upload = new Upload<>(fullMethod, header, header,
        CallOptions.DEFAULT.withDeadlineAfter(deadlineMillis, TimeUnit.MILLISECONDS));
    upload.call.sendMessage(header);
    upload.call.sendMessage(data);
    try {
      upload.await();
    } catch (CallFailed failed) {
      return failed;
    }
    throw new AssertionError("an unfinished upload succeeded");
  }

  @Override
  public Got get(GetObjectRequest request) {
    Iterator<GetObjectResponse> messages = ClientCalls.blockingServerStreamingCall(calls,
        descriptor(MethodDescriptor.MethodType.SERVER_STREAMING, ObjectStoreCaller.method("GetObject"), request,
            GetObjectResponse.getDefaultInstance()), CallOptions.DEFAULT, request);
    try {
      ObjectInfo info = messages.next().getInfo();
      var sha = ObjectStoreCaller.sha256();
      ByteArrayOutputStream body = new ByteArrayOutputStream();
      long bytes = 0;
      while (messages.hasNext()) {
        var data = messages.next().getData();
        sha.update(data.asReadOnlyByteBuffer());
        bytes += data.size();
        if (info.getSize() <= KEEP_LIMIT) {
          body.writeBytes(data.toByteArray());
        }
      }
      return new Got(info, bytes, sha.digest(), body.toByteArray());
    } catch (StatusRuntimeException e) {
      throw failure(e.getStatus(), e.getTrailers());
    }
  }

  @Override
  public void close() {
    try {
      channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
