package s3ish.observability;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;

/**
 * Node-local facts shared between the launcher and verticles of one Vert.x instance: whether every role
 * of this node is deployed, whether it is draining for shutdown, and the HTTP and gRPC ports actually bound.
 */
public final class NodeState {
  private static final String MAP = "s3ish.node";
  private static final String DEPLOYED = "deployed";
  private static final String DRAINING = "draining";
  private static final String HTTP_PORT = "http.port";
  private static final String GRPC_PORT = "grpc.port";

  private NodeState() {}

  private static LocalMap<String, Object> map(Vertx vertx) {
    return vertx.sharedData().getLocalMap(MAP);
  }

  public static void markDeployed(Vertx vertx) {
    map(vertx).put(DEPLOYED, true);
  }

  public static boolean isDeployed(Vertx vertx) {
    return Boolean.TRUE.equals(map(vertx).get(DEPLOYED));
  }

  public static void markDraining(Vertx vertx) {
    map(vertx).put(DRAINING, true);
  }

  public static boolean isDraining(Vertx vertx) {
    return Boolean.TRUE.equals(map(vertx).get(DRAINING));
  }

  public static void httpPort(Vertx vertx, int port) {
    map(vertx).put(HTTP_PORT, port);
  }

  /** The port the HTTP role bound (useful with port 0), or -1 before it listens. */
  public static int httpPort(Vertx vertx) {
    Object port = map(vertx).get(HTTP_PORT);
    return port instanceof Integer p ? p : -1;
  }

  public static void grpcPort(Vertx vertx, int port) {
    map(vertx).put(GRPC_PORT, port);
  }

  /** The port the gRPC role bound (useful with port 0), or -1 before it listens. */
  public static int grpcPort(Vertx vertx) {
    Object port = map(vertx).get(GRPC_PORT);
    return port instanceof Integer p ? p : -1;
  }
}
