package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc64NvmeTest {
  private static long crc(byte[] data) {
    Crc64Nvme c = new Crc64Nvme();
    c.update(data, 0, data.length);
    return c.getValue();
  }

  @Test
  void theCatalogueCheckValueOf123456789Matches() {
    assertEquals(0xAE8B14860A799888L, crc("123456789".getBytes(StandardCharsets.US_ASCII)));
  }

  @Test
  void theEmptyInputIsZero() {
    assertEquals(0L, crc(new byte[0]));
  }

  @Test
  void thePolynomialIsTheReflectedFormOfTheNvmePolynomial() {
    assertEquals(0x9A6C9329AC4BC9B5L, Crc64Nvme.POLY_REFLECTED);
  }

  @Test
  void eightBytesAtATimeAgreesWithOneByteAtATimeWhateverTheSplit() {
    byte[] data = new byte[1000];
    new Random(42).nextBytes(data);
    Crc64Nvme bytewise = new Crc64Nvme();
    for (byte b : data) {
      bytewise.update(b);
    }
    for (int split : new int[] {0, 1, 7, 8, 9, 333, 999, 1000}) {
      Crc64Nvme pieces = new Crc64Nvme();
      pieces.update(ByteBuffer.wrap(data, 0, split));
      pieces.update(ByteBuffer.allocateDirect(data.length - split).put(data, split, data.length - split).flip());
      assertEquals(bytewise.getValue(), pieces.getValue(), "split at " + split);
    }
  }

  @Test
  void agreesWithTheAwsCommonRuntimeWhenItLoadsOnThisMachine() {
    java.util.zip.Checksum crt;
    try {
      crt = new software.amazon.awssdk.crt.checksums.CRC64NVME();
    } catch (Throwable unavailable) { // no native library for this platform: nothing to compare with
      assumeTrue(false, "aws-crt does not load here: " + unavailable);
      return;
    }
    Random random = new Random(7);
    for (int length : new int[] {0, 1, 9, 100, 4096, 100_003}) {
      byte[] data = new byte[length];
      random.nextBytes(data);
      crt.reset();
      crt.update(data, 0, data.length);
      assertEquals(crt.getValue(), crc(data), "length " + length);
    }
  }
}
