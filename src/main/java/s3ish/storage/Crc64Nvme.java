package s3ish.storage;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * CRC-64/NVME (the checksum S3 calls CRC64NVME): polynomial 0xAD93D23594C93659, reflected input and output,
 * initial value and final xor all ones; check value of "123456789" is 0xAE8B14860A799888. The JDK has no
 * implementation and the AWS SDK's needs its native runtime, hence this one: table-driven, eight bytes per
 * step (slicing-by-8), which keeps it within a small factor of the JDK's CRC32. Not thread-safe.
 */
public final class Crc64Nvme implements java.util.zip.Checksum {
  /** The polynomial bit-reversed, as a reflected CRC shifts right. */
  static final long POLY_REFLECTED = Long.reverse(0xAD93D23594C93659L);
  private static final long[][] TABLES = tables();

  private long crc = -1L;

  @Override
  public void update(int b) {
    crc = TABLES[0][(int) (crc ^ b) & 0xff] ^ (crc >>> 8);
  }

  @Override
  public void update(byte[] b, int off, int len) {
    update(ByteBuffer.wrap(b, off, len));
  }

  @Override
  public void update(ByteBuffer buffer) {
    ByteBuffer in = buffer.slice().order(ByteOrder.LITTLE_ENDIAN);
    long c = crc;
    int i = 0;
    int n = in.remaining();
    long[] t0 = TABLES[0], t1 = TABLES[1], t2 = TABLES[2], t3 = TABLES[3];
    long[] t4 = TABLES[4], t5 = TABLES[5], t6 = TABLES[6], t7 = TABLES[7];
    for (; n - i >= 8; i += 8) {
      long x = c ^ in.getLong(i);
      c = t7[(int) x & 0xff] ^ t6[(int) (x >>> 8) & 0xff] ^ t5[(int) (x >>> 16) & 0xff]
          ^ t4[(int) (x >>> 24) & 0xff] ^ t3[(int) (x >>> 32) & 0xff] ^ t2[(int) (x >>> 40) & 0xff]
          ^ t1[(int) (x >>> 48) & 0xff] ^ t0[(int) (x >>> 56) & 0xff];
    }
    for (; i < n; i++) {
      c = t0[(int) (c ^ in.get(i)) & 0xff] ^ (c >>> 8);
    }
    crc = c;
    buffer.position(buffer.limit());
  }

  /** The CRC so far (all 64 bits; the big-endian bytes of this value are what S3 base64-encodes). */
  @Override
  public long getValue() {
    return ~crc;
  }

  @Override
  public void reset() {
    crc = -1L;
  }

  private static long[][] tables() {
    long[][] t = new long[8][256];
    for (int i = 0; i < 256; i++) {
      long c = i;
      for (int bit = 0; bit < 8; bit++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ POLY_REFLECTED : c >>> 1;
      }
      t[0][i] = c;
    }
    for (int k = 1; k < 8; k++) {
      for (int i = 0; i < 256; i++) {
        long prev = t[k - 1][i];
        t[k][i] = (prev >>> 8) ^ t[0][(int) prev & 0xff];
      }
    }
    return t;
  }
}
