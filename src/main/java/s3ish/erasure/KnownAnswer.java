package s3ish.erasure;

import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * The codec's start-up self-test: 4+2 parity of a fixed pattern must have the CRC32C recorded when the codec was
 * written, and dropping two shards must give the pattern back. A mistake in the tables or a tuned loop fails it.
 */
final class KnownAnswer {
  private KnownAnswer() {}

  static final long PARITY_CRC = 0x600635beL;
  private static final int LENGTH = 1000;

  static void check() {
    byte[][] shards = new byte[6][LENGTH];
    for (int i = 0; i < 4; i++) {
      for (int b = 0; b < LENGTH; b++) {
        shards[i][b] = (byte) (b * 31 + i * 7 + 3);
      }
    }
    ReedSolomon codec = ReedSolomon.of(4, 2);
    codec.encode(Arrays.copyOf(shards, 4), Arrays.copyOfRange(shards, 4, 6), 0, LENGTH);
    long crc = parityCrc(shards);
    if (crc != PARITY_CRC) {
      throw new IllegalStateException("Reed-Solomon known-answer test failed: parity CRC32C "
          + Long.toHexString(crc) + ", expected " + Long.toHexString(PARITY_CRC));
    }
    byte[][] damaged = new byte[6][];
    for (int i = 0; i < 6; i++) {
      damaged[i] = i == 1 || i == 4 ? new byte[LENGTH] : shards[i].clone();
    }
    codec.reconstruct(damaged, new boolean[] {true, false, true, true, false, true}, 0, LENGTH);
    if (!Arrays.deepEquals(damaged, shards)) {
      throw new IllegalStateException("Reed-Solomon known-answer test failed: shards 1 and 4 not rebuilt");
    }
  }

  static long parityCrc(byte[][] shards) {
    CRC32C crc = new CRC32C();
    crc.update(shards[4]);
    crc.update(shards[5]);
    return crc.getValue();
  }
}
