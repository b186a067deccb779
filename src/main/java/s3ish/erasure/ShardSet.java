package s3ish.erasure;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The shard files of one blob, opened for reading: a shard is usable while its header agrees with the majority,
 * its length is what the header implies and every block read so far passed its CRC32C. This is the bit-rot
 * verifier: a block is only ever returned after its checksum matched. Used by one reader at a time (calls
 * may move between worker threads, ordered by futures); blocking.
 */
final class ShardSet implements AutoCloseable {
  private final String blobId;
  private final ShardHeader header;
  private final FileChannel[] channels;
  private final String[] problems;
  private final ByteBuffer crcBuffer = ByteBuffer.allocate(ShardLayout.CRC_BYTES);

  private ShardSet(String blobId, ShardHeader header, FileChannel[] channels, String[] problems) {
    this.blobId = blobId;
    this.header = header;
    this.channels = channels;
    this.problems = problems;
  }

  /**
   * Opens every shard of a blob and checks headers and lengths.
   *
   * @return null when no shard file of the blob exists at all
   */
  static ShardSet open(DiskSet disks, String blobId, int dataShards) {
    int n = disks.totalShards();
    FileChannel[] channels = new FileChannel[n];
    ShardHeader[] headers = new ShardHeader[n];
    long[] lengths = new long[n];
    String[] problems = new String[n];
    boolean anyFile = false;
    for (int i = 0; i < n; i++) {
      Path path = disks.shard(blobId, i);
      try {
        channels[i] = FileChannel.open(path, StandardOpenOption.READ);
        anyFile = true;
        lengths[i] = channels[i].size();
        ByteBuffer buffer = ByteBuffer.allocate(ShardHeader.BYTES);
        if (!readFully(channels[i], buffer, 0)) {
          throw new CorruptShardException("shorter than a header");
        }
        headers[i] = ShardHeader.decode(buffer.flip());
        if (headers[i].index() != i || headers[i].dataShards() + headers[i].parityShards() != n) {
          throw new CorruptShardException("header names shard " + headers[i].index() + " of "
              + headers[i].dataShards() + "+" + headers[i].parityShards());
        }
      } catch (NoSuchFileException e) {
        problems[i] = "missing";
      } catch (IOException | CorruptShardException e) {
        problems[i] = e.getMessage();
        headers[i] = null;
        closeQuietly(channels[i]);
        channels[i] = null;
      }
    }
    if (!anyFile) {
      return null;
    }
    ShardHeader reference = majority(headers);
    for (int i = 0; i < n; i++) {
      if (channels[i] == null) {
        continue;
      }
      String problem = null;
      if (reference == null || !headers[i].sameBlob(reference)) {
        problem = "header disagrees with the other shards";
      } else if (lengths[i] != reference.layout().shardFileLength()) {
        problem = "length " + lengths[i] + ", expected " + reference.layout().shardFileLength();
      }
      if (problem != null) {
        problems[i] = problem;
        closeQuietly(channels[i]);
        channels[i] = null;
      }
    }
    // with no valid header at all nothing is usable: the configured code stands in
    ShardHeader header = reference == null
        ? new ShardHeader(dataShards, n - dataShards, 0, 1, 0) : reference.withIndex(0);
    return new ShardSet(blobId, header, channels, problems);
  }

  private static ShardHeader majority(ShardHeader[] headers) {
    Map<ShardHeader, Integer> votes = new HashMap<>();
    ShardHeader best = null;
    int bestVotes = 0;
    for (ShardHeader h : headers) {
      if (h != null) {
        int v = votes.merge(h.withIndex(0), 1, Integer::sum);
        if (v > bestVotes) {
          best = h.withIndex(0);
          bestVotes = v;
        }
      }
    }
    return best;
  }

  String blobId() {
    return blobId;
  }

  ShardHeader header() {
    return header;
  }

  ShardLayout layout() {
    return header.layout();
  }

  int dataShards() {
    return header.dataShards();
  }

  int totalShards() {
    return channels.length;
  }

  boolean usable(int shard) {
    return channels[shard] != null;
  }

  int usableCount() {
    int count = 0;
    for (FileChannel channel : channels) {
      count += channel == null ? 0 : 1;
    }
    return count;
  }

  boolean readable() {
    return usableCount() >= dataShards();
  }

  /** Shards found unusable so far, with the reason, e.g. {@code "2 (missing)"}. */
  List<String> problems() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < problems.length; i++) {
      if (problems[i] != null) {
        out.add(i + " (" + problems[i] + ")");
      }
    }
    return out;
  }

  List<Integer> unusableShards() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < channels.length; i++) {
      if (channels[i] == null) {
        out.add(i);
      }
    }
    return out;
  }

  /**
   * Reads one block of one shard into {@code into[offset..]} and checks its CRC32C. A block that is short or
   * fails its checksum makes the whole shard unusable (it will be rebuilt by heal).
   *
   * @return false when the shard is, or just became, unusable
   */
  boolean readBlock(int shard, long stripe, byte[] into, int offset) {
    FileChannel channel = channels[shard];
    if (channel == null) {
      return false;
    }
    ShardLayout layout = layout();
    int length = layout.blockLength(stripe);
    long position = layout.blockOffset(stripe);
    try {
      crcBuffer.clear();
      if (!readFully(channel, ByteBuffer.wrap(into, offset, length), position)
          || !readFully(channel, crcBuffer, position + length)) {
        return markBad(shard, "block " + stripe + " cut short");
      }
      CRC32C crc = new CRC32C();
      crc.update(into, offset, length);
      if (crcBuffer.getInt(0) != (int) crc.getValue()) {
        ErasureMetrics.bitrot();
        return markBad(shard, "block " + stripe + " fails its checksum");
      }
      return true;
    } catch (IOException e) {
      return markBad(shard, "block " + stripe + ": " + e.getMessage());
    }
  }

  /**
   * Reads and verifies the blocks of one stripe: data shards first, then parity in place of any that fail, until
   * k blocks are intact ({@code all}: every usable shard, as a scrub does).
   *
   * @return one entry per shard, null where not read or not intact
   * @throws CorruptShardException when fewer than k blocks of the stripe are intact
   */
  byte[][] readStripe(long stripe, boolean all) {
    int n = totalShards();
    int k = dataShards();
    int length = layout().blockLength(stripe);
    byte[][] blocks = new byte[n][];
    int intact = 0;
    for (int i = 0; i < n && (all || intact < k); i++) {
      if (usable(i)) {
        byte[] block = new byte[length];
        if (readBlock(i, stripe, block, 0)) {
          blocks[i] = block;
          intact++;
        }
      }
    }
    if (intact < k) {
      throw new CorruptShardException("blob " + blobId + " stripe " + stripe + ": only " + intact + " of " + n
          + " blocks intact, " + k + " needed; unusable shards: " + String.join(", ", problems()));
    }
    return blocks;
  }

  private boolean markBad(int shard, String problem) {
    problems[shard] = problem;
    closeQuietly(channels[shard]);
    channels[shard] = null;
    return false;
  }

  static boolean readFully(FileChannel channel, ByteBuffer buffer, long position) throws IOException {
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        return false;
      }
      position += read;
    }
    return true;
  }

  @Override
  public void close() {
    for (int i = 0; i < channels.length; i++) {
      closeQuietly(channels[i]);
    }
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // read-only: nothing to lose
      }
    }
  }
}
