package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.shareddata.LocalMap;
import io.vertx.core.shareddata.Shareable;
import java.nio.file.Path;
import s3ish.erasure.ErasureBlobStore;

/**
 * One backend per Vert.x instance, shared by all storage verticle instances on it (the bus round-robins
 * requests between them, so they must see the same objects). The first instance's config creates it.
 */
final class SharedBackends {
  private static final String MAP = "s3ish.storage.backends";

  private SharedBackends() {}

  private record Holder(Future<StorageBackend> backend) implements Shareable {}

  static Future<StorageBackend> get(Vertx vertx, StorageConfig config) {
    LocalMap<String, Holder> map = vertx.sharedData().getLocalMap(MAP);
    return map.computeIfAbsent(config.backend(), name -> new Holder(create(vertx, config))).backend();
  }

  private static Future<StorageBackend> create(Vertx vertx, StorageConfig config) {
    if (FileBackend.NAME.equals(config.backend())) {
      return FileBackend.prepareRoot(vertx, config.storageRoot())
          .compose(root -> blobStore(vertx, root, config)
              .compose(blobs -> FileBackend.open(vertx, root, blobs, config.maxObjectSize(), config.minPartSize())))
          .map(StorageBackend.class::cast);
    }
    return Future.succeededFuture(new MemoryBackend(config.memoryMaxBytes(), config.maxObjectSize(),
        config.minPartSize()));
  }

  /** Where the file backend keeps body bytes: the one place a different {@link BlobStore} plugs in. */
  private static Future<BlobStore> blobStore(Vertx vertx, Path root, StorageConfig config) {
    if (config.erasure() != null) {
      // shards on storage_roots (or storage_root/disk-N); coding through the erasure role on the bus
      return vertx.executeBlocking(() -> ErasureBlobStore.create(vertx, config.erasure()), false)
          .map(BlobStore.class::cast);
    }
    return FileBlobStore.open(vertx, root.resolve("blobs")).map(BlobStore.class::cast);
  }
}
