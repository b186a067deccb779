package s3ish.erasure;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The first {@link #BYTES} bytes of every shard file: which code wrote it, which shard it is, and the geometry
 * needed to find every block without reading the others.
 * <pre>
 * magic "S3EC" | version u8 | data shards u8 | parity shards u8 | shard index u8 |
 * block size i32 | blob size i64 | CRC32C of the preceding 20 bytes i32          (big-endian)
 * </pre>
 */
record ShardHeader(int dataShards, int parityShards, int index, int blockSize, long blobSize) {
  static final int BYTES = 24;
  static final int MAGIC = 0x53334543; // "S3EC"
  static final int VERSION = 1;

  ShardHeader {
    if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > ReedSolomon.MAX_TOTAL_SHARDS
        || index < 0 || index >= dataShards + parityShards || blockSize < 1 || blobSize < 0) {
      throw new IllegalArgumentException("invalid shard header " + dataShards + "+" + parityShards + " #" + index
          + " block " + blockSize + " size " + blobSize);
    }
  }

  ShardLayout layout() {
    return new ShardLayout(dataShards, blockSize, blobSize);
  }

  ShardHeader withIndex(int shard) {
    return new ShardHeader(dataShards, parityShards, shard, blockSize, blobSize);
  }

  /** Same blob geometry, whatever the index. */
  boolean sameBlob(ShardHeader other) {
    return dataShards == other.dataShards && parityShards == other.parityShards && blockSize == other.blockSize
        && blobSize == other.blobSize;
  }

  ByteBuffer encode() {
    ByteBuffer out = ByteBuffer.allocate(BYTES);
    out.putInt(MAGIC).put((byte) VERSION).put((byte) dataShards).put((byte) parityShards).put((byte) index)
        .putInt(blockSize).putLong(blobSize);
    CRC32C crc = new CRC32C();
    crc.update(out.array(), 0, BYTES - 4);
    out.putInt((int) crc.getValue());
    return out.flip();
  }

  /**
   * Parses a header.
   *
   * @throws CorruptShardException for a wrong magic, version or checksum, or impossible values
   */
  static ShardHeader decode(ByteBuffer in) {
    if (in.remaining() < BYTES) {
      throw new CorruptShardException("header cut short (" + in.remaining() + " bytes)");
    }
    byte[] bytes = new byte[BYTES];
    in.get(bytes);
    ByteBuffer header = ByteBuffer.wrap(bytes);
    if (header.getInt() != MAGIC) {
      throw new CorruptShardException("not a shard file (bad magic)");
    }
    CRC32C crc = new CRC32C();
    crc.update(bytes, 0, BYTES - 4);
    if (header.getInt(BYTES - 4) != (int) crc.getValue()) {
      throw new CorruptShardException("header checksum mismatch");
    }
    int version = header.get() & 0xff;
    if (version != VERSION) {
      throw new CorruptShardException("unknown shard format version " + version);
    }
    int data = header.get() & 0xff;
    int parity = header.get() & 0xff;
    int index = header.get() & 0xff;
    int blockSize = header.getInt();
    long blobSize = header.getLong();
    try {
      return new ShardHeader(data, parity, index, blockSize, blobSize);
    } catch (IllegalArgumentException e) {
      throw new CorruptShardException(e.getMessage());
    }
  }
}
