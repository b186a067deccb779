package s3ish.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.EnumMap;
import java.util.Map;
import java.util.function.IntSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.apache.commons.rng.simple.RandomSource;
import org.junit.jupiter.api.Test;

/** The parts of a workload that are pure: sizes, op mixes and key distributions. */
class WorkloadShapeTest {
  private final UniformRandomProvider random = RandomSource.XO_RO_SHI_RO_128_PP.create(7L);

  @Test
  void sizesAreBytesOrBinaryUnits() {
    assertEquals(4096, BenchCommand.parseSize("4096"));
    assertEquals(4096, BenchCommand.parseSize("4KiB"));
    assertEquals(4096, BenchCommand.parseSize("4k"));
    assertEquals(64L << 20, BenchCommand.parseSize("64MiB"));
    assertEquals(1L << 30, BenchCommand.parseSize("1G"));
    assertEquals(0, BenchCommand.parseSize("0"));
    assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseSize("-1"));
    assertThrows(IllegalArgumentException.class, () -> BenchCommand.parseSize("1TiB"));
  }

  @Test
  void aMixDrawsEachOperationInProportionToItsWeight() {
    OperationMix mix = OperationMix.parse("get=70, put=30");
    Map<Operation, Integer> drawn = new EnumMap<>(Operation.class);
    for (int i = 0; i < 10_000; i++) {
      drawn.merge(mix.next(random), 1, Integer::sum);
    }
    assertEquals(2, drawn.size());
    assertTrue(Math.abs(drawn.get(Operation.GET) - 7000) < 300, drawn.toString());
    assertTrue(mix.readsObjects());
    assertTrue(!OperationMix.of(Operation.PUT).readsObjects());
  }

  @Test
  void aMixRefusesUnknownRepeatedOrNonPositiveEntries() {
    assertThrows(IllegalArgumentException.class, () -> OperationMix.parse("get=70,fly=30"));
    assertThrows(IllegalArgumentException.class, () -> OperationMix.parse("get=70,get=30"));
    assertThrows(IllegalArgumentException.class, () -> OperationMix.parse("get=0"));
    assertThrows(IllegalArgumentException.class, () -> OperationMix.parse("get"));
  }

  @Test
  void zipfFavoursTheFirstKeysWhileUniformDoesNot() {
    int[] zipf = histogram(new KeySpace("k/", 100, KeySpace.Distribution.ZIPF, 0.99).sampler(random));
    int[] uniform = histogram(new KeySpace("k/", 100, KeySpace.Distribution.UNIFORM, 0).sampler(random));
    // with s = 0.99 over 100 keys the most popular key gets about 19% of draws, the last one about 0.2%
    assertTrue(zipf[0] > 10 * zipf[99] && zipf[0] > zipf[1] && zipf[1] > zipf[9], java.util.Arrays.toString(zipf));
    assertTrue(uniform[0] < 2 * uniform[99], java.util.Arrays.toString(uniform));
  }

  @Test
  void keysArePrefixedAndZeroPadded() {
    KeySpace keys = new KeySpace("bench/", 10, KeySpace.Distribution.UNIFORM, 0);
    assertEquals("bench/00000007", keys.key(7));
    assertThrows(IllegalArgumentException.class, () -> new KeySpace("a b", 10, KeySpace.Distribution.UNIFORM, 0));
    assertThrows(IllegalArgumentException.class, () -> new KeySpace("p", 0, KeySpace.Distribution.UNIFORM, 0));
  }

  private static int[] histogram(IntSupplier sampler) {
    int[] counts = new int[100];
    for (int i = 0; i < 50_000; i++) {
      counts[sampler.getAsInt()]++;
    }
    return counts;
  }
}
