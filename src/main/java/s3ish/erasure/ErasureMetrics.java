package s3ish.erasure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.vertx.micrometer.backends.BackendRegistries;

/**
 * Erasure metrics, in the registry that serves /_metrics when Vert.x runs with metrics, else Micrometer's global
 * registry (where tests and the offline heal command can read them). Prometheus names:
 * {@code s3ish_erasure_degraded_reads_total}, {@code s3ish_erasure_failed_reads_total},
 * {@code s3ish_erasure_shards_rebuilt_total}, {@code s3ish_erasure_scrubbed_blobs_total{result}},
 * {@code s3ish_erasure_scrub_passes_total}.
 */
final class ErasureMetrics {
  private ErasureMetrics() {}

  static MeterRegistry registry() {
    MeterRegistry registry = BackendRegistries.getDefaultNow();
    return registry != null ? registry : Metrics.globalRegistry;
  }

  /** A read that had to reconstruct from parity because shards were missing or corrupt. */
  static void degradedRead() {
    counter("s3ish.erasure.degraded.reads", "reads served with shards missing or corrupt").increment();
  }

  /** A read refused or aborted because more shards were damaged than the code has parity. */
  static void failedRead() {
    counter("s3ish.erasure.failed.reads", "reads that failed: more shards damaged than parity").increment();
  }

  static void shardsRebuilt(int count) {
    counter("s3ish.erasure.shards.rebuilt", "shard files rebuilt by heal or the scrubber").increment(count);
  }

  static void scrubbed(HealResult.Status status) {
    Counter.builder("s3ish.erasure.scrubbed.blobs")
        .description("blobs checked by heal or the scrubber, by outcome")
        .tag("result", status.name().toLowerCase(java.util.Locale.ROOT))
        .register(registry())
        .increment();
  }

  static void scrubPass() {
    counter("s3ish.erasure.scrub.passes", "completed passes of the background scrubber").increment();
  }

  private static Counter counter(String name, String description) {
    return Counter.builder(name).description(description).register(registry());
  }
}
