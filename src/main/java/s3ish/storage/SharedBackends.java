package s3ish.storage;

import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;

/**
 * One backend per Vert.x instance, shared by all storage verticle instances on it (the bus round-robins
 * requests between them, so they must see the same objects). The first instance's config creates it.
 */
final class SharedBackends {
  private static final String MAP = "s3ish.storage.backends";

  private SharedBackends() {}

  private record Holder(StorageBackend backend) implements Shareable {}

  static StorageBackend get(Vertx vertx, StorageConfig config) {
    LocalMap<String, Holder> map = vertx.sharedData().getLocalMap(MAP);
    return map.computeIfAbsent(config.backend(), name -> new Holder(create(config))).backend();
  }

  private static StorageBackend create(StorageConfig config) {
    return new MemoryBackend(config.memoryMaxBytes(), config.maxObjectSize(), config.minPartSize());
  }
}
