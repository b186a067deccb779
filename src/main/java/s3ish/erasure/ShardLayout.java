package s3ish.erasure;

/**
 * Where the blocks of a blob are. A blob is cut into stripes of {@code dataShards x blockSize} bytes; stripe
 * {@code s} puts one block in every shard file at the same offset, each block followed by its CRC32C. The last
 * stripe is shorter: its data is split into {@code dataShards} blocks of equal length (the last one zero-padded),
 * so every shard file of a blob has the same length.
 */
record ShardLayout(int dataShards, int blockSize, long blobSize) {
  static final int CRC_BYTES = 4;

  long stripeBytes() {
    return (long) dataShards * blockSize;
  }

  long stripeCount() {
    return (blobSize + stripeBytes() - 1) / stripeBytes();
  }

  /** Offset in the blob of stripe {@code s}'s first byte. */
  long stripeStart(long stripe) {
    return stripe * stripeBytes();
  }

  /** Data bytes in stripe {@code s} (less than a full stripe only for the last). */
  int stripeDataLength(long stripe) {
    return (int) Math.min(stripeBytes(), blobSize - stripeStart(stripe));
  }

  /** Length of each block of stripe {@code s}. */
  int blockLength(long stripe) {
    int data = stripeDataLength(stripe);
    return data == stripeBytes() ? blockSize : (data + dataShards - 1) / dataShards;
  }

  /** Offset of stripe {@code s}'s block in a shard file. */
  long blockOffset(long stripe) {
    return ShardHeader.BYTES + stripe * (blockSize + (long) CRC_BYTES);
  }

  /** The length every shard file of this blob has. */
  long shardFileLength() {
    long stripes = stripeCount();
    return stripes == 0 ? ShardHeader.BYTES : blockOffset(stripes - 1) + blockLength(stripes - 1) + CRC_BYTES;
  }
}
