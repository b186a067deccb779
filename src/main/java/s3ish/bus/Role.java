package s3ish.bus;

/**
 * The roles a node can deploy (keys of verticles.json), the verticle class serving each, and when it starts:
 * lower {@link #startOrder()} first, so backends are up before a protocol role accepts requests.
 */
public enum Role {
  HTTP("http", "s3ish.http.HttpVerticle", 2),
  AUTH("auth", "s3ish.auth.AuthVerticle", 1),
  STORAGE("storage", "s3ish.storage.StorageVerticle", 0),
  GRPC("grpc", "s3ish.grpc.GrpcVerticle", 3),
  ERASURE("erasure", "s3ish.erasure.ErasureVerticle", 0);

  private final String key;
  private final String verticleClass;
  private final int startOrder;

  Role(String key, String verticleClass, int startOrder) {
    this.key = key;
    this.verticleClass = verticleClass;
    this.startOrder = startOrder;
  }

  public String key() {
    return key;
  }

  public String verticleClass() {
    return verticleClass;
  }

  /** Roles start in ascending order (backends 0, auth 1, protocols 2 and 3); equal orders start in declaration order. */
  public int startOrder() {
    return startOrder;
  }
}
