package s3ish.erasure;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.erasure.HealResult.Status;

/**
 * Heals one blob in two passes. The first reads every block of every shard and checks its CRC32C (this is
 * what a scrub costs); a shard with any problem is rebuilt whole. The second reads k intact blocks per stripe,
 * has the erasure role rebuild the stripe and writes the damaged shards' blocks to temporary files, which then
 * replace the damaged shards atomically (fsync, rename, fsync directory), unless the blob was deleted meanwhile.
 */
final class Healer {
  private static final Logger LOG = LoggerFactory.getLogger(Healer.class);

  private final ErasureBlobStore store;
  private final Context context;
  private final String blobId;
  private ShardSet shards;
  private List<Integer> damaged;
  private Path[] temps;
  private FileChannel[] channels;

  Healer(ErasureBlobStore store, Context context, String blobId) {
    this.store = store;
    this.context = context;
    this.blobId = blobId;
  }

  Future<HealResult> heal() {
    return context.executeBlocking(this::verify, false)
        .compose(result -> result != null ? Future.succeededFuture(result) : rebuild())
        .eventually(() -> context.executeBlocking(() -> {
          cleanUp();
          return null;
        }, false))
        .onSuccess(this::record);
  }

  /** First pass: every block of every shard. Returns the result when there is nothing to rebuild. */
  private HealResult verify() {
    shards = ShardSet.open(store.disks(), blobId, store.settings().dataShards());
    if (shards == null) {
      return new HealResult(blobId, Status.GONE, List.of(), "no shard found");
    }
    long stripes = shards.layout().stripeCount();
    for (long s = 0; s < stripes && shards.readable(); s++) {
      for (int i = 0; i < shards.totalShards(); i++) {
        if (shards.usable(i)) {
          shards.readBlock(i, s, new byte[shards.layout().blockLength(s)], 0);
        }
      }
    }
    damaged = shards.unusableShards();
    String problems = String.join(", ", shards.problems());
    if (damaged.isEmpty()) {
      return new HealResult(blobId, Status.HEALTHY, List.of(), "");
    }
    if (!shards.readable()) {
      return new HealResult(blobId, Status.UNRECOVERABLE, List.of(), "unusable shards: " + problems);
    }
    return null;
  }

  private Future<HealResult> rebuild() {
    String problems = String.join(", ", shards.problems());
    return context.<Void>executeBlocking(this::openTemps, false)
        .compose(v -> rebuildStripe(0))
        .compose(v -> context.executeBlocking(this::publish, false))
        .map(published -> published
            ? new HealResult(blobId, Status.REPAIRED, damaged, "rebuilt from parity; were: " + problems)
            : new HealResult(blobId, Status.GONE, List.of(), "deleted while healing"));
  }

  private Void openTemps() throws IOException {
    temps = new Path[damaged.size()];
    channels = new FileChannel[damaged.size()];
    for (int t = 0; t < damaged.size(); t++) {
      int shard = damaged.get(t);
      temps[t] = store.disks().newTemp(blobId, shard);
      Files.createDirectories(temps[t].getParent());
      channels[t] = FileChannel.open(temps[t], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
      ByteBuffer header = shards.header().withIndex(shard).encode();
      while (header.hasRemaining()) {
        channels[t].write(header);
      }
    }
    return null;
  }

  private Future<Void> rebuildStripe(long stripe) {
    if (stripe >= shards.layout().stripeCount()) {
      return Future.succeededFuture();
    }
    int length = shards.layout().blockLength(stripe);
    int k = shards.dataShards();
    return context.executeBlocking(() -> shards.readStripe(stripe, false), false)
        .compose(blocks -> {
          List<Buffer> present = new ArrayList<>(blocks.length);
          for (byte[] block : blocks) {
            present.add(block == null ? null : Buffer.buffer(block));
          }
          return store.coder().decode(k, shards.totalShards() - k, length, present);
        })
        .compose(all -> context.<Void>executeBlocking(() -> writeBlocks(all), false))
        .compose(v -> rebuildStripe(stripe + 1));
  }

  private Void writeBlocks(List<Buffer> all) throws IOException {
    for (int t = 0; t < damaged.size(); t++) {
      byte[] block = all.get(damaged.get(t)).getBytes();
      CRC32C crc = new CRC32C();
      crc.update(block);
      ByteBuffer out = ByteBuffer.allocate(block.length + ShardLayout.CRC_BYTES);
      out.put(block).putInt((int) crc.getValue()).flip();
      while (out.hasRemaining()) {
        channels[t].write(out);
      }
    }
    return null;
  }

  /** Replaces the damaged shards; false when the blob was deleted meanwhile (its temporaries are dropped). */
  private boolean publish() throws IOException {
    for (FileChannel channel : channels) {
      channel.force(true);
      channel.close();
    }
    Set<Path> directories = new LinkedHashSet<>();
    synchronized (store.lockFor(blobId)) {
      boolean exists = false;
      for (int i = 0; i < shards.totalShards() && !exists; i++) {
        exists = !damaged.contains(i) && Files.exists(store.disks().shard(blobId, i));
      }
      if (!exists) {
        return false;
      }
      for (int t = 0; t < damaged.size(); t++) {
        Path target = store.disks().shard(blobId, damaged.get(t));
        Files.move(temps[t], target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        temps[t] = null;
        directories.add(target.getParent());
      }
    }
    for (Path directory : directories) {
      DiskSet.syncDirectory(directory);
    }
    return true;
  }

  private void cleanUp() {
    if (shards != null) {
      shards.close();
    }
    if (temps != null) {
      StripeEncoder.discardTemporaries(temps, channels);
    }
  }

  private void record(HealResult result) {
    ErasureMetrics.scrubbed(result.status());
    switch (result.status()) {
      case REPAIRED -> {
        ErasureMetrics.shardsRebuilt(result.rebuilt().size());
        LOG.warn("healed blob {}: rebuilt shards {} ({})", blobId, result.rebuilt(), result.detail());
      }
      case UNRECOVERABLE -> LOG.error("blob {} cannot be healed: {}", blobId, result.detail());
      default -> { }
    }
  }
}
