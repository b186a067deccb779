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
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.CRC32C;
import s3ish.storage.BlobStore.BlobWriter;

/**
 * Writes one blob as shard files: bytes gather into one stripe; a full stripe is sent to the erasure role for
 * its parity, then every block and its CRC32C is appended to its shard's temporary file on a worker thread.
 * {@link #append} completes when the stripes it filled are encoded and written, so memory stays at one stripe
 * plus the chunk being appended. {@link #seal} writes the headers, fsyncs, renames every shard into place and
 * fsyncs the directories; until then nothing is visible under the blob id.
 */
final class StripeEncoder implements BlobWriter {
  private final ErasureBlobStore store;
  private final Context context;
  private final String blobId;
  private final int dataShards;
  private final int parityShards;
  private final int blockSize;
  private final Path[] temps;
  private final FileChannel[] channels;
  private final byte[] stripe;
  private final ByteBuffer crcBuffer = ByteBuffer.allocate(ShardLayout.CRC_BYTES);
  private int filled;
  private long bytesWritten;
  private boolean sealed;
  private boolean discarded;

  private StripeEncoder(ErasureBlobStore store, Context context, String blobId, Path[] temps,
      FileChannel[] channels) {
    ErasureSettings settings = store.settings();
    this.store = store;
    this.context = context;
    this.blobId = blobId;
    this.dataShards = settings.dataShards();
    this.parityShards = settings.parityShards();
    this.blockSize = settings.blockSize();
    this.temps = temps;
    this.channels = channels;
    this.stripe = new byte[dataShards * blockSize];
  }

  /** Opens a temporary file per shard (blocking: call on a worker thread). */
  static StripeEncoder open(ErasureBlobStore store, Context context, String blobId) throws IOException {
    DiskSet disks = store.disks();
    int n = disks.totalShards();
    Path[] temps = new Path[n];
    FileChannel[] channels = new FileChannel[n];
    try {
      for (int i = 0; i < n; i++) {
        temps[i] = disks.newTemp(blobId, i);
        channels[i] = FileChannel.open(temps[i], StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        channels[i].position(ShardHeader.BYTES); // the header is written at seal, when the size is known
      }
    } catch (IOException | RuntimeException e) {
      discardTemporaries(temps, channels);
      throw e;
    }
    return new StripeEncoder(store, context, blobId, temps, channels);
  }

  @Override
  public Future<Void> append(Buffer data) {
    if (sealed || discarded) {
      return Future.failedFuture(new IllegalStateException("blob " + blobId + " is no longer being written"));
    }
    return fill(data, 0);
  }

  private Future<Void> fill(Buffer data, int from) {
    int take = Math.min(stripe.length - filled, data.length() - from);
    data.getBytes(from, from + take, stripe, filled);
    filled += take;
    bytesWritten += take;
    if (filled < stripe.length) {
      return Future.succeededFuture();
    }
    return writeStripe().compose(v -> from + take < data.length() ? fill(data, from + take) : Future.succeededFuture());
  }

  /** Encodes the gathered stripe (a short last one split into equal, zero-padded blocks) and writes it. */
  private Future<Void> writeStripe() {
    int blockLength = filled == stripe.length ? blockSize : (filled + dataShards - 1) / dataShards;
    int coded = blockLength * dataShards;
    Arrays.fill(stripe, filled, coded, (byte) 0);
    Future<List<Buffer>> parity = parityShards == 0 ? Future.succeededFuture(List.of())
        : store.coder().encode(dataShards, parityShards,
            Buffer.buffer(coded == stripe.length ? stripe : Arrays.copyOf(stripe, coded)));
    return parity
        .compose(blocks -> context.<Void>executeBlocking(() -> writeBlocks(blockLength, blocks), false))
        .onSuccess(v -> filled = 0);
  }

  private Void writeBlocks(int blockLength, List<Buffer> parity) throws IOException {
    for (int i = 0; i < dataShards; i++) {
      writeBlock(channels[i], ByteBuffer.wrap(stripe, i * blockLength, blockLength));
    }
    for (int p = 0; p < parityShards; p++) {
      writeBlock(channels[dataShards + p], ByteBuffer.wrap(parity.get(p).getBytes()));
    }
    return null;
  }

  private void writeBlock(FileChannel channel, ByteBuffer block) throws IOException {
    CRC32C crc = new CRC32C();
    crc.update(block.duplicate());
    crcBuffer.clear();
    crcBuffer.putInt((int) crc.getValue()).flip();
    while (block.hasRemaining()) {
      channel.write(block);
    }
    while (crcBuffer.hasRemaining()) {
      channel.write(crcBuffer);
    }
  }

  @Override
  public Future<Void> seal() {
    if (sealed) {
      return Future.succeededFuture();
    }
    if (discarded) {
      return Future.failedFuture(new IllegalStateException("blob " + blobId + " was discarded"));
    }
    return (filled > 0 ? writeStripe() : Future.<Void>succeededFuture())
        .compose(v -> context.<Void>executeBlocking(this::publish, false))
        .onSuccess(v -> sealed = true);
  }

  /** Headers, fsync, rename into place, fsync the directories: the blob is durable and visible at once. */
  private Void publish() throws IOException {
    DiskSet disks = store.disks();
    Set<Path> directories = new LinkedHashSet<>();
    for (int i = 0; i < channels.length; i++) {
      ShardHeader header = new ShardHeader(dataShards, parityShards, i, blockSize, bytesWritten);
      ByteBuffer encoded = header.encode();
      long position = 0;
      while (encoded.hasRemaining()) {
        position += channels[i].write(encoded, position);
      }
      channels[i].force(true);
      channels[i].close();
    }
    for (int i = 0; i < temps.length; i++) {
      Path target = disks.shard(blobId, i);
      Files.move(temps[i], target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      directories.add(target.getParent());
    }
    for (Path directory : directories) {
      DiskSet.syncDirectory(directory);
    }
    ErasureMetrics.shardsWritten(temps.length);
    return null;
  }

  @Override
  public Future<Void> discard() {
    if (sealed || discarded) {
      return Future.succeededFuture();
    }
    discarded = true;
    return context.executeBlocking(() -> {
      discardTemporaries(temps, channels);
      return null;
    }, false);
  }

  /** Closes and deletes shard temporaries (nulls skipped); one that cannot be deleted is removed at the next start. */
  static void discardTemporaries(Path[] temps, FileChannel[] channels) {
    for (int i = 0; i < temps.length; i++) {
      try {
        if (channels[i] != null) {
          channels[i].close();
        }
        if (temps[i] != null) {
          Files.deleteIfExists(temps[i]);
        }
      } catch (IOException ignored) {
        // a leftover temporary file is removed at the next start
      }
    }
  }

  @Override
  public long bytesWritten() {
    return bytesWritten;
  }
}
