package s3ish.bench;

import io.vertx.core.http.HttpMethod;
import java.util.Locale;

/** The S3 requests the load generator sends, one per benchmarked operation. */
enum Operation {
  PUT(HttpMethod.PUT, false),
  GET(HttpMethod.GET, true),
  STAT(HttpMethod.HEAD, true),
  LIST(HttpMethod.GET, true),
  DELETE(HttpMethod.DELETE, true);

  final HttpMethod method;
  /** Whether the key space must hold objects before the operation measures anything useful. */
  final boolean readsObjects;

  Operation(HttpMethod method, boolean readsObjects) {
    this.method = method;
    this.readsObjects = readsObjects;
  }

  String label() {
    return name().toLowerCase(Locale.ROOT);
  }

  static Operation parse(String name) {
    for (Operation op : values()) {
      if (op.label().equals(name.strip().toLowerCase(Locale.ROOT))) {
        return op;
      }
    }
    throw new IllegalArgumentException("unknown operation '" + name + "' (put, get, stat, list, delete)");
  }
}
