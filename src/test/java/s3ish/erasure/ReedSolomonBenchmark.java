package s3ish.erasure;

import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;

/**
 * Encode and decode throughput of the codec on one thread, one stripe of {@code blockSize}-byte blocks per
 * operation. MiB/s of data = ops/s x data shards x block size / 2^20 (printed by {@link #main}). Decode rebuilds
 * as many data shards as there is parity, the worst case. Run:
 * {@code mvn -o -q test-compile && mvn -o -q dependency:build-classpath -Dmdep.outputFile=cp.txt &&
 * java -cp target/test-classes:target/classes:$(cat cp.txt) s3ish.erasure.ReedSolomonBenchmark}
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(1)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class ReedSolomonBenchmark {
  @Param({"4+2", "8+4"})
  public String code;

  @Param({"65536"})
  public int blockSize;

  private ReedSolomon codec;
  private byte[][] data;
  private byte[][] parity;
  private byte[][] damaged;
  private boolean[] present;

  @Setup
  public void setUp() {
    String[] km = code.split("\\+");
    int k = Integer.parseInt(km[0]);
    int m = Integer.parseInt(km[1]);
    codec = ReedSolomon.of(k, m);
    Random random = new Random(42);
    data = new byte[k][blockSize];
    for (byte[] block : data) {
      random.nextBytes(block);
    }
    parity = new byte[m][blockSize];
    codec.encode(data, parity, 0, blockSize);
    damaged = new byte[k + m][];
    present = new boolean[k + m];
    Arrays.fill(present, true);
    for (int i = 0; i < k + m; i++) {
      damaged[i] = i < k ? data[i].clone() : parity[i - k].clone();
    }
    for (int i = 0; i < m; i++) {
      present[i] = false; // the first m data shards are lost
    }
  }

  @Benchmark
  public byte[][] encode() {
    codec.encode(data, parity, 0, blockSize);
    return parity;
  }

  @Benchmark
  public byte[][] decode() {
    codec.reconstruct(damaged, present, 0, blockSize);
    return damaged;
  }

  public static void main(String[] args) throws RunnerException {
    var results = new Runner(new OptionsBuilder().include(ReedSolomonBenchmark.class.getSimpleName()).build()).run();
    System.out.println();
    System.out.println("| operation | code | MiB/s of data (one thread) |");
    System.out.println("|---|---|---|");
    for (var result : results) {
      String c = result.getParams().getParam("code");
      int k = Integer.parseInt(c.split("\\+")[0]);
      int block = Integer.parseInt(result.getParams().getParam("blockSize"));
      double opsPerSecond = result.getPrimaryResult().getScore();
      String op = result.getParams().getBenchmark().replaceAll(".*\\.", "");
      System.out.printf("| %s | %s | %.0f |%n", op, c, opsPerSecond * k * block / (1 << 20));
    }
  }
}
