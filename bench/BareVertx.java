import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;

/**
 * The ceiling of any Vert.x HTTP server on this machine: {@code java -cp CP bench/BareVertx.java PORT BYTES}
 * answers a GET with the same BYTES and a PUT, once its body is read, with 200, and does nothing else (no
 * signature, no bus, no log, no metrics). bench/cpu-per-op.sh runs it as TARGET=vertx. One HTTP verticle
 * per event loop, the Vert.x default pool size, as s3ish's auth and storage roles use.
 */
public class BareVertx {
  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Buffer body = Buffer.buffer(new byte[Integer.parseInt(args[1])]);
    Vertx vertx = Vertx.vertx();
    vertx.deployVerticle(() -> new VerticleBase() {
      @Override
      public Future<?> start() {
        return vertx.createHttpServer()
            .requestHandler(request -> {
              if (request.method().name().equals("PUT")) {
                request.end().onComplete(ar -> request.response().end());
              } else {
                request.response().putHeader("Content-Type", "application/octet-stream").end(body);
              }
            })
            .listen(port, "127.0.0.1");
      }
    }, new DeploymentOptions().setInstances(VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE))
        .onFailure(cause -> {
          cause.printStackTrace();
          System.exit(1);
        });
  }
}
