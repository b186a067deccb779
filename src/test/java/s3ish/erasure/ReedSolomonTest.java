package s3ish.erasure;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Property tests of the codec: any k of the n shards give back every shard. */
class ReedSolomonTest {

  @Test
  void fieldMultiplicationHasInversesAndDistributes() {
    Random random = new Random(1);
    for (int a = 1; a < 256; a++) {
      assertEquals(1, GaloisField.multiply(a, GaloisField.inverse(a)), "a * 1/a for a=" + a);
    }
    for (int t = 0; t < 10_000; t++) {
      int a = random.nextInt(256);
      int b = random.nextInt(256);
      int c = random.nextInt(256);
      assertEquals(GaloisField.multiply(a, b ^ c), GaloisField.multiply(a, b) ^ GaloisField.multiply(a, c));
      assertEquals(GaloisField.multiply(a, b), GaloisField.multiply(b, a));
    }
  }

  @Test
  void wordWiseMultiplyAgreesWithTheTableForAnyCoefficientsAndLengths() {
    Random random = new Random(11);
    for (int trial = 0; trial < 40; trial++) {
      int inputs = 1 + random.nextInt(6);
      int outputs = 1 + random.nextInt(4);
      int offset = random.nextInt(9);
      int length = random.nextInt(3) == 0 ? random.nextInt(20) : random.nextInt(10_000);
      byte[][] rows = new byte[outputs][inputs];
      for (byte[] row : rows) {
        random.nextBytes(row);
      }
      byte[][] in = new byte[inputs][offset + length + 3];
      for (byte[] shard : in) {
        random.nextBytes(shard);
      }
      byte[][] fast = new byte[outputs][offset + length + 3];
      byte[][] reference = new byte[outputs][offset + length + 3];
      ReedSolomon.multiply(rows, in, fast, offset, length);
      ReedSolomon.multiplyBytes(rows, in, reference, offset, length);
      assertArrayEquals(reference, fast, "trial " + trial + ": " + inputs + "x" + outputs + " over " + length);
    }
  }

  @Test
  void knownAnswerSelfTestPasses() {
    KnownAnswer.check();
  }

  /** Every set of up to m lost shards (all C(n, <=m) of them) is rebuilt exactly, over an offset range. */
  @ParameterizedTest
  @CsvSource({"1,1", "2,1", "3,2", "4,2", "8,4", "5,5"})
  void anyDataShardsOfTheTotalRebuildTheRest(int k, int m) {
    ReedSolomon codec = ReedSolomon.of(k, m);
    Random random = new Random(k * 31L + m);
    int offset = 3;
    int length = 1 + random.nextInt(700);
    byte[][] original = new byte[k + m][offset + length + 5];
    for (int i = 0; i < k; i++) {
      random.nextBytes(original[i]);
    }
    codec.encode(Arrays.copyOf(original, k), Arrays.copyOfRange(original, k, k + m), offset, length);
    int n = k + m;
    int checked = 0;
    for (int lost = 1; lost < 1 << n; lost++) {
      if (Integer.bitCount(lost) > m) {
        continue;
      }
      byte[][] shards = new byte[n][];
      boolean[] present = new boolean[n];
      for (int i = 0; i < n; i++) {
        present[i] = (lost & 1 << i) == 0;
        shards[i] = present[i] ? original[i].clone() : new byte[original[i].length];
      }
      codec.reconstruct(shards, present, offset, length);
      for (int i = 0; i < n; i++) {
        assertArrayEquals(Arrays.copyOfRange(original[i], offset, offset + length),
            Arrays.copyOfRange(shards[i], offset, offset + length), "shard " + i + " with lost set " + lost);
      }
      checked++;
    }
    assertEquals((1 << n) - 1 - (int) java.util.stream.IntStream.range(0, 1 << n)
        .filter(x -> Integer.bitCount(x) > m).count(), checked);
  }

  @Test
  void randomLossesUpToParityAreRebuiltForWideCodes() {
    Random random = new Random(7);
    for (int[] shape : new int[][] {{12, 4}, {16, 8}, {32, 16}}) {
      int k = shape[0];
      int m = shape[1];
      ReedSolomon codec = ReedSolomon.of(k, m);
      for (int trial = 0; trial < 50; trial++) {
        int length = 1 + random.nextInt(300);
        byte[][] original = new byte[k + m][length];
        for (int i = 0; i < k; i++) {
          random.nextBytes(original[i]);
        }
        codec.encode(Arrays.copyOf(original, k), Arrays.copyOfRange(original, k, k + m), 0, length);
        boolean[] present = new boolean[k + m];
        Arrays.fill(present, true);
        int losses = 1 + random.nextInt(m);
        for (int l = 0; l < losses; ) {
          int i = random.nextInt(k + m);
          if (present[i]) {
            present[i] = false;
            l++;
          }
        }
        byte[][] shards = new byte[k + m][];
        for (int i = 0; i < k + m; i++) {
          shards[i] = present[i] ? original[i].clone() : new byte[length];
        }
        codec.reconstruct(shards, present, 0, length);
        assertArrayEquals(original, shards, k + "+" + m + " losing " + Arrays.toString(present));
      }
    }
  }

  @Test
  void moreLossesThanParityAreRefused() {
    ReedSolomon codec = ReedSolomon.of(4, 2);
    byte[][] shards = new byte[6][10];
    assertThrows(IllegalArgumentException.class,
        () -> codec.reconstruct(shards, new boolean[] {false, true, false, true, false, true}, 0, 10));
  }

  @Test
  void unsupportedShapesAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> ReedSolomon.of(0, 2));
    assertThrows(IllegalArgumentException.class, () -> ReedSolomon.of(60, 5));
  }
}
