package s3ish.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The erasure codec with random missing or corrupt shards, as a read sees them: each shard's block carries a
 * CRC32C (as in the shard format), so corruption is found and the shard treated as missing. With at least k
 * intact shards the data comes back exactly; with fewer, reconstruction is refused, never wrong bytes. Shard
 * headers of any bytes decode or are refused as corrupt.
 */
class ErasureCodecFuzzTest {

  @FuzzTest
  void anyKIntactShardsRebuildTheDataAndFewerAreRefused(FuzzedDataProvider in) {
    int k = in.consumeInt(1, 12);
    int m = in.consumeInt(1, 6);
    int length = in.consumeInt(1, 300);
    ReedSolomon codec = ReedSolomon.of(k, m);
    byte[][] shards = new byte[k + m][];
    for (int i = 0; i < k; i++) {
      shards[i] = in.consumeBytes(length);
      shards[i] = java.util.Arrays.copyOf(shards[i], length); // short input pads with zeros
    }
    byte[][] parity = new byte[m][length];
    byte[][] data = java.util.Arrays.copyOf(shards, k);
    codec.encode(data, parity, 0, length);
    System.arraycopy(parity, 0, shards, k, m);
    byte[][] original = new byte[k][];
    int[] crcs = new int[k + m];
    for (int i = 0; i < k + m; i++) {
      crcs[i] = crc(shards[i]);
      if (i < k) {
        original[i] = shards[i].clone();
      }
    }

    // damage: 0 intact, 1 missing, 2 a flipped bit, 3 zeroed
    boolean[] present = new boolean[k + m];
    int intact = 0;
    for (int i = 0; i < k + m; i++) {
      int damage = in.consumeInt(0, 3);
      if (damage == 2) {
        int bit = in.consumeInt(0, length * 8 - 1);
        shards[i][bit / 8] ^= (byte) (1 << (bit % 8));
      } else if (damage == 3) {
        java.util.Arrays.fill(shards[i], (byte) 0);
      } else if (damage == 1) {
        shards[i] = new byte[length];
      }
      present[i] = damage != 1 && crc(shards[i]) == crcs[i];
      intact += present[i] ? 1 : 0;
    }

    if (intact >= k) {
      codec.reconstruct(shards, present, 0, length);
      for (int i = 0; i < k; i++) {
        assertArrayEquals(original[i], shards[i], "data shard " + i + " of " + k + "+" + m);
      }
    } else {
      assertThrows(IllegalArgumentException.class, () -> codec.reconstruct(shards, present, 0, length));
    }
  }

  @FuzzTest
  void shardHeadersDecodeOrAreRefused(FuzzedDataProvider in) {
    boolean valid = in.consumeBoolean();
    if (valid) {
      int k = in.consumeInt(1, 16);
      ShardHeader header = new ShardHeader(k, in.consumeInt(1, 8), 0, in.consumeInt(1, 1 << 20),
          in.consumeLong(0, Long.MAX_VALUE / 2));
      ByteBuffer encoded = header.encode();
      assertEquals(header, ShardHeader.decode(encoded.duplicate()));
      byte[] bytes = new byte[encoded.remaining()];
      encoded.get(bytes);
      int bit = in.consumeInt(0, bytes.length * 8 - 1);
      bytes[bit / 8] ^= (byte) (1 << (bit % 8));
      assertThrows(CorruptShardException.class, () -> ShardHeader.decode(ByteBuffer.wrap(bytes)));
      return;
    }
    try {
      ShardHeader.decode(ByteBuffer.wrap(in.consumeRemainingAsBytes()));
    } catch (CorruptShardException refused) {
      // the one documented refusal
    }
  }

  private static int crc(byte[] block) {
    CRC32C crc = new CRC32C();
    crc.update(block);
    return (int) crc.getValue();
  }
}
