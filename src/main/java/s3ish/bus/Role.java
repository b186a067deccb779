package s3ish.bus;

/** The roles a node can deploy (keys of verticles.json), and the verticle class serving each. */
public enum Role {
  HTTP("http", "s3ish.http.HttpVerticle"),
  AUTH("auth", "s3ish.auth.AuthVerticle"),
  STORAGE("storage", "s3ish.storage.StorageVerticle");

  private final String key;
  private final String verticleClass;

  Role(String key, String verticleClass) {
    this.key = key;
    this.verticleClass = verticleClass;
  }

  public String key() {
    return key;
  }

  public String verticleClass() {
    return verticleClass;
  }
}
