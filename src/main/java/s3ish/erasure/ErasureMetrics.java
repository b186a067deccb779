package s3ish.erasure;

import s3ish.observability.S3ishMetrics;

/**
 * What the erasure code records, in the meters {@link S3ishMetrics} names (the one place metric names live):
 * degraded and unrecoverable reads, heals and rebuilt shards, scrub passes, encode and decode work.
 */
final class ErasureMetrics {
  private ErasureMetrics() {}

  /** A read that had to reconstruct from parity because shards were missing or corrupt. */
  static void degradedRead() {
    S3ishMetrics.get().erasureDegradedReads().increment();
  }

  /** A read refused or aborted because more shards were damaged than the code has parity. */
  static void failedRead() {
    S3ishMetrics.get().erasureUnrecoverableReads().increment();
  }

  static void shardsRebuilt(int count) {
    S3ishMetrics.get().erasureHealedShards().increment(count);
  }

  /** One blob checked by heal or the scrubber; a repair or a failure to repair is a heal attempt. */
  static void scrubbed(HealResult.Status status) {
    S3ishMetrics metrics = S3ishMetrics.get();
    metrics.erasureScrubObjects().increment();
    switch (status) {
      case REPAIRED -> metrics.erasureHeals(true).increment();
      case UNRECOVERABLE -> metrics.erasureHeals(false).increment();
      default -> { }
    }
  }

  /** A shard block whose CRC32C did not match (found by a read or a scrub). */
  static void bitrot() {
    S3ishMetrics.get().erasureBitrotErrors().increment();
  }

  static void shardsWritten(int count) {
    S3ishMetrics.get().erasureShardsWritten().increment(count);
  }

  static void scrubPass() {
    S3ishMetrics.get().erasureScrubRuns().increment();
  }

  static void encoded(long bytes, long elapsedNanos) {
    S3ishMetrics metrics = S3ishMetrics.get();
    metrics.erasureEncodedBytes().increment(bytes);
    metrics.erasureEncode().record(elapsedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }

  static void decoded(long bytes, long elapsedNanos) {
    S3ishMetrics metrics = S3ishMetrics.get();
    metrics.erasureDecodedBytes().increment(bytes);
    metrics.erasureDecode().record(elapsedNanos, java.util.concurrent.TimeUnit.NANOSECONDS);
  }
}
