package s3ish.erasure;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A systematic Reed-Solomon code over GF(2^8) with {@code dataShards} data and {@code parityShards} parity
 * shards: the generator is the identity on top of a Cauchy matrix, so every square submatrix of k of its rows is
 * invertible and any k of the n shards give back the data. Stateless apart from a cache of decoding matrices;
 * thread-safe. Shards are byte arrays coded over the same {@code [offset, offset + length)} range.
 */
public final class ReedSolomon {
  /** 64-bit masks name the shards a decoding matrix was built from. */
  public static final int MAX_TOTAL_SHARDS = 64;

  private final int dataShards;
  private final int parityShards;
  /** Parity rows of the generator, {@code parityShards x dataShards}. */
  private final byte[][] parityRows;
  private final Map<Long, byte[][]> decodingMatrices = new ConcurrentHashMap<>();

  private ReedSolomon(int dataShards, int parityShards) {
    this.dataShards = dataShards;
    this.parityShards = parityShards;
    this.parityRows = new byte[parityShards][dataShards];
    for (int i = 0; i < parityShards; i++) {
      for (int j = 0; j < dataShards; j++) {
        // Cauchy: 1 / (x_i + y_j) with x_i = k + i and y_j = j, all distinct, so no denominator is 0
        parityRows[i][j] = (byte) GaloisField.inverse((dataShards + i) ^ j);
      }
    }
  }

  public static ReedSolomon of(int dataShards, int parityShards) {
    if (dataShards < 1 || parityShards < 0 || dataShards + parityShards > MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException("unsupported code " + dataShards + "+" + parityShards
          + " (at least 1 data shard, at most " + MAX_TOTAL_SHARDS + " shards)");
    }
    return new ReedSolomon(dataShards, parityShards);
  }

  public int dataShards() {
    return dataShards;
  }

  public int parityShards() {
    return parityShards;
  }

  public int totalShards() {
    return dataShards + parityShards;
  }

  /** Computes {@code parity[0..m)} from {@code data[0..k)} over the given range. */
  public void encode(byte[][] data, byte[][] parity, int offset, int length) {
    checkCount(data, dataShards, "data");
    checkCount(parity, parityShards, "parity");
    multiply(parityRows, data, parity, offset, length);
  }

  /**
   * Rebuilds every shard not marked present, in place, from the present ones.
   *
   * @param shards all n shards (data first), each at least {@code offset + length} long; missing ones are overwritten
   * @throws IllegalArgumentException if fewer than k shards are present
   */
  public void reconstruct(byte[][] shards, boolean[] present, int offset, int length) {
    checkCount(shards, totalShards(), "shards");
    int[] chosen = new int[dataShards];
    int found = 0;
    boolean allData = true;
    for (int i = 0; i < shards.length && found < dataShards; i++) {
      if (present[i]) {
        chosen[found++] = i;
      } else if (i < dataShards) {
        allData = false;
      }
    }
    if (found < dataShards) {
      throw new IllegalArgumentException("only " + found + " of " + totalShards() + " shards present, "
          + dataShards + " needed");
    }
    byte[][] data = Arrays.copyOf(shards, dataShards);
    if (!allData) {
      byte[][] decode = decodingMatrix(chosen);
      byte[][] inputs = new byte[dataShards][];
      for (int i = 0; i < dataShards; i++) {
        inputs[i] = shards[chosen[i]];
      }
      int missing = 0;
      for (int d = 0; d < dataShards; d++) {
        if (!present[d]) {
          missing++;
        }
      }
      byte[][] rows = new byte[missing][];
      byte[][] outputs = new byte[missing][];
      int next = 0;
      for (int d = 0; d < dataShards; d++) {
        if (!present[d]) {
          rows[next] = decode[d];
          outputs[next++] = shards[d];
        }
      }
      multiply(rows, inputs, outputs, offset, length);
    }
    int missingParity = 0;
    for (int p = 0; p < parityShards; p++) {
      if (!present[dataShards + p]) {
        missingParity++;
      }
    }
    if (missingParity > 0) {
      byte[][] rows = new byte[missingParity][];
      byte[][] outputs = new byte[missingParity][];
      int next = 0;
      for (int p = 0; p < parityShards; p++) {
        if (!present[dataShards + p]) {
          rows[next] = parityRows[p];
          outputs[next++] = shards[dataShards + p];
        }
      }
      multiply(rows, data, outputs, offset, length);
    }
  }

  /** The inverse of the generator rows of {@code chosen}: it maps those shards back to the data shards. */
  private byte[][] decodingMatrix(int[] chosen) {
    long mask = 0;
    for (int index : chosen) {
      mask |= 1L << index;
    }
    return decodingMatrices.computeIfAbsent(mask, m -> {
      byte[][] sub = new byte[dataShards][];
      for (int i = 0; i < dataShards; i++) {
        sub[i] = generatorRow(chosen[i]);
      }
      return GaloisField.invert(sub);
    });
  }

  private byte[] generatorRow(int shard) {
    if (shard >= dataShards) {
      return parityRows[shard - dataShards];
    }
    byte[] identity = new byte[dataShards];
    identity[shard] = 1;
    return identity;
  }

  /** Bytes of each shard coded per pass: inputs, their 8 doublings and the outputs stay in the L1/L2 cache. */
  private static final int WORDS = 512;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_CLEAR = 0x7f7f7f7f7f7f7f7fL;
  private static final ThreadLocal<long[][]> SCRATCH = ThreadLocal.withInitial(() -> new long[8][WORDS]);

  /**
   * {@code outputs[i] = sum_j rows[i][j] * inputs[j]} over the range. Multiplying by a constant is linear over
   * GF(2): {@code c * x} is the XOR of {@code 2^b * x} for the set bits b of c. So each input word (8 bytes in a
   * long) is doubled 7 times, all bytes at once, and each output XORs in the doublings its coefficient selects.
   * Every pass is a plain loop over long arrays, which the JIT turns into vector instructions; this is several
   * times faster than one table lookup per byte. The bytes past the last full word use the table.
   */
  static void multiply(byte[][] rows, byte[][] inputs, byte[][] outputs, int offset, int length) {
    long[][] doublings = SCRATCH.get();
    long[][] sums = new long[outputs.length][WORDS];
    int words = length >>> 3;
    for (int done = 0; done < words; done += WORDS) {
      int count = Math.min(WORDS, words - done);
      int position = offset + (done << 3);
      for (long[] sum : sums) {
        java.util.Arrays.fill(sum, 0, count, 0L);
      }
      for (int j = 0; j < inputs.length; j++) {
        ByteBuffer.wrap(inputs[j], position, count << 3).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
            .get(doublings[0], 0, count);
        int needed = 0;
        for (byte[] row : rows) {
          needed |= row[j] & 0xff;
        }
        int highest = 31 - Integer.numberOfLeadingZeros(needed);
        for (int b = 1; b <= highest; b++) {
          double2(doublings[b - 1], doublings[b], count);
        }
        for (int i = 0; i < outputs.length; i++) {
          int c = rows[i][j] & 0xff;
          for (int b = 0; c != 0; b++, c >>>= 1) {
            if ((c & 1) != 0) {
              xorInto(sums[i], doublings[b], count);
            }
          }
        }
      }
      for (int i = 0; i < outputs.length; i++) {
        ByteBuffer.wrap(outputs[i], position, count << 3).order(ByteOrder.LITTLE_ENDIAN).asLongBuffer()
            .put(sums[i], 0, count);
      }
    }
    multiplyBytes(rows, inputs, outputs, offset + (words << 3), length - (words << 3));
  }

  /** Multiplies every byte of every word by 2 in GF(2^8): shift left, reduce the bytes that overflowed. */
  private static void double2(long[] from, long[] to, int count) {
    for (int w = 0; w < count; w++) {
      long x = from[w];
      to[w] = ((x & HIGH_CLEAR) << 1) ^ (((x >>> 7) & LOW_BITS) * 0x1d);
    }
  }

  private static void xorInto(long[] sum, long[] term, int count) {
    for (int w = 0; w < count; w++) {
      sum[w] ^= term[w];
    }
  }

  /** One table lookup per byte: the reference, and the tail shorter than a word. */
  static void multiplyBytes(byte[][] rows, byte[][] inputs, byte[][] outputs, int offset, int length) {
    byte[] table = GaloisField.MUL;
    int end = offset + length;
    for (int j = 0; j < inputs.length; j++) {
      byte[] in = inputs[j];
      for (int i = 0; i < outputs.length; i++) {
        byte[] out = outputs[i];
        int row = (rows[i][j] & 0xff) << 8;
        if (j == 0) {
          for (int b = offset; b < end; b++) {
            out[b] = table[row | (in[b] & 0xff)];
          }
        } else {
          for (int b = offset; b < end; b++) {
            out[b] ^= table[row | (in[b] & 0xff)];
          }
        }
      }
    }
  }

  private static void checkCount(byte[][] shards, int expected, String what) {
    if (shards.length != expected) {
      throw new IllegalArgumentException("expected " + expected + " " + what + " shards, got " + shards.length);
    }
  }
}
