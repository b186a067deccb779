package s3ish.erasure;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import s3ish.observability.S3ishMetrics;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.ErasureClient;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.storage.BlobStore;
import s3ish.storage.ReadableObject;

/**
 * A {@link BlobStore} that keeps every blob as k data + m parity shard files on k + m different disk
 * directories ({@link DiskSet}), coded one stripe at a time by the erasure role over the bus
 * ({@link ErasureClient}). Reads survive up to m missing or corrupt shards ({@link StripeDecoder}); {@link #heal}
 * and the background scrubber rebuild damaged shards ({@link Healer}). File work runs on worker threads.
 */
public final class ErasureBlobStore implements BlobStore {
  private static final Logger LOG = LoggerFactory.getLogger(ErasureBlobStore.class);

  private final Vertx vertx;
  private final ErasureSettings settings;
  private final DiskSet disks;
  private final ErasureClient coder;
  private final Object[] locks = new Object[64];
  private volatile boolean closed;
  private long scrubTimer = -1;

  private ErasureBlobStore(Vertx vertx, ErasureSettings settings) {
    this.vertx = vertx;
    this.settings = settings;
    this.disks = new DiskSet(settings.disks(), settings.totalShards());
    this.coder = new ErasureClient(vertx);
    for (int i = 0; i < locks.length; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * A store over the settings' disks: creates the directories and removes temporary files a crash left behind
   * (blocking, so call it once at start-up). Starts the scrubber when {@code scrub_interval_secs} > 0.
   */
  public static ErasureBlobStore create(Vertx vertx, ErasureSettings settings) {
    ErasureBlobStore store = new ErasureBlobStore(vertx, settings);
    store.disks.prepare();
    if (settings.scrubIntervalSecs() > 0) {
      store.scheduleScrub();
    }
    return store;
  }

  /**
   * Checks a blob id: letters, digits, '.', '_' and '-', not starting with '.'.
   *
   * @throws IllegalArgumentException for anything else
   */
  public static String checkBlobId(String blobId) {
    return DiskSet.checkBlobId(blobId);
  }

  ErasureSettings settings() {
    return settings;
  }

  DiskSet disks() {
    return disks;
  }

  ErasureClient coder() {
    return coder;
  }

  Object lockFor(String blobId) {
    return locks[Math.floorMod(blobId.hashCode(), locks.length)];
  }

  @Override
  public String name() {
    return "erasure " + settings.dataShards() + "+" + settings.parityShards();
  }

  @Override
  public Future<BlobWriter> create(String blobId) {
    DiskSet.checkBlobId(blobId);
    Context context = vertx.getOrCreateContext();
    return context.executeBlocking(() -> StripeEncoder.open(this, context, blobId), false);
  }

  @Override
  public Future<Blob> open(String blobId) {
    DiskSet.checkBlobId(blobId);
    Context context = vertx.getOrCreateContext();
    return context.executeBlocking(() -> openShards(blobId), false)
        .map(shards -> new ErasureBlob(context, blobId, shards));
  }

  /** The blob's shards, refusing before any byte is read when fewer than k are whole. */
  private ShardSet openShards(String blobId) {
    ShardSet shards = ShardSet.open(disks, blobId, settings.dataShards());
    if (shards == null) {
      ErasureMetrics.failedRead();
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Blob " + blobId + " has no shards.");
    }
    if (!shards.readable()) {
      shards.close();
      ErasureMetrics.failedRead();
      LOG.error("blob {} unreadable: {} of {} shards usable, {} needed; {}", blobId, shards.usableCount(),
          shards.totalShards(), shards.dataShards(), String.join(", ", shards.problems()));
      throw new S3Exception(S3ErrorCode.INTERNAL_ERROR, "Blob " + blobId + " is unreadable: only "
          + shards.usableCount() + " of " + shards.totalShards() + " shards are intact.");
    }
    return shards;
  }

  /** A blob whose headers checked out; each read streams from its own set of open shard files. */
  private final class ErasureBlob implements Blob {
    private final Context context;
    private final String blobId;
    private final long size;
    private ShardSet opened;

    ErasureBlob(Context context, String blobId, ShardSet opened) {
      this.context = context;
      this.blobId = blobId;
      this.size = opened.header().blobSize();
      this.opened = opened; // the first read takes these
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public synchronized ReadableObject.Body read(long start, long length) {
      if (start < 0 || length < 0 || start + length > size) {
        throw new IllegalArgumentException("span " + start + "+" + length + " outside blob of " + size);
      }
      ShardSet first = opened;
      opened = null;
      return new StripeDecoder(ErasureBlobStore.this, context,
          first != null ? () -> first : () -> openShards(blobId), start, length);
    }

    @Override
    public synchronized void close() {
      if (opened != null) {
        opened.close();
        opened = null;
      }
    }
  }

  @Override
  public Future<Void> delete(String blobId) {
    DiskSet.checkBlobId(blobId);
    return vertx.executeBlocking(() -> {
      Set<Path> directories = new LinkedHashSet<>();
      synchronized (lockFor(blobId)) {
        for (int i = 0; i < disks.totalShards(); i++) {
          Path shard = disks.shard(blobId, i);
          if (Files.deleteIfExists(shard)) {
            directories.add(shard.getParent());
          }
        }
      }
      for (Path directory : directories) {
        DiskSet.syncDirectory(directory);
      }
      return null;
    }, false);
  }

  @Override
  public Future<List<String>> list() {
    return vertx.executeBlocking(disks::blobIds, false);
  }

  /** Verifies every block of one blob and rebuilds its missing or damaged shards. */
  public Future<HealResult> heal(String blobId) {
    DiskSet.checkBlobId(blobId);
    return new Healer(this, vertx.getOrCreateContext(), blobId).heal();
  }

  /** Heals every blob, one after the other; a blob that cannot be healed does not stop the others. */
  public Future<HealReport> healAll() {
    Context context = vertx.getOrCreateContext();
    return list().compose(ids -> healEach(context, ids, 0, new ArrayList<>())).map(HealReport::of);
  }

  private Future<List<HealResult>> healEach(Context context, List<String> ids, int next, List<HealResult> results) {
    passProgress = ids.isEmpty() ? 1.0 : (double) next / ids.size();
    if (next == ids.size() || closed) {
      return Future.succeededFuture(results);
    }
    String id = ids.get(next);
    return new Healer(this, context, id).heal()
        .recover(e -> Future.succeededFuture(new HealResult(id, HealResult.Status.UNRECOVERABLE, List.of(),
            "heal failed: " + e.getMessage())))
        .compose(result -> {
          results.add(result);
          return healEach(context, ids, next + 1, results);
        });
  }

  /** Progress of the heal pass under way (the scrubber's, when it runs), and when the scrubber last finished one. */
  private volatile double passProgress = 1.0;
  private volatile long lastScrubEpochSecs;
  private boolean scrubGauges;

  private void scheduleScrub() {
    if (!scrubGauges) {
      scrubGauges = true;
      S3ishMetrics.get().erasureScrubGauges(() -> passProgress, () -> lastScrubEpochSecs);
    }
    scrubTimer = vertx.setTimer(settings.scrubIntervalSecs() * 1000L, id -> healAll().onComplete(ar -> {
      if (ar.succeeded()) {
        lastScrubEpochSecs = System.currentTimeMillis() / 1000;
        ErasureMetrics.scrubPass();
        HealReport r = ar.result();
        LOG.info("scrub pass: {} blobs checked, {} repaired ({} shards), {} unrecoverable", r.checked(),
            r.repaired(), r.shardsRebuilt(), r.unrecoverable());
      } else {
        LOG.warn("scrub pass failed: {}", ar.cause().getMessage());
      }
      if (!closed) {
        scheduleScrub();
      }
    }));
  }

  /** Stops the scrubber (a pass under way ends after its current blob). */
  public void close() {
    closed = true;
    vertx.cancelTimer(scrubTimer);
  }
}
