package s3ish.bench;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What one operation did: latencies (microseconds) in an HdrHistogram {@link Recorder}, which the workers write
 * to without locks while the reporter takes interval snapshots; body bytes; errors and the first error seen.
 */
final class OperationStats {
  private static final int SIGNIFICANT_DIGITS = 3;

  final Operation operation;
  private final Recorder recorder = new Recorder(SIGNIFICANT_DIGITS);
  private final LongAdder bytes = new LongAdder();
  private final LongAdder errors = new LongAdder();
  private final AtomicReference<String> firstError = new AtomicReference<>();
  // touched only by the reporter (one thread at a time)
  private Histogram total = new Histogram(SIGNIFICANT_DIGITS);
  private Histogram interval;

  OperationStats(Operation operation) {
    this.operation = operation;
  }

  void success(long startNanos, long bodyBytes) {
    recorder.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(System.nanoTime() - startNanos)));
    bytes.add(bodyBytes);
  }

  void failure(String description) {
    errors.increment();
    firstError.compareAndSet(null, description);
  }

  /** Moves what was recorded since the last call into the total; returns that interval's histogram. */
  synchronized Histogram drainInterval() {
    interval = recorder.getIntervalHistogram(interval);
    total.add(interval);
    return interval;
  }

  /** Forgets everything so far (the end of the warm-up). */
  synchronized void reset() {
    drainInterval();
    total = new Histogram(SIGNIFICANT_DIGITS);
    bytes.reset();
    errors.reset();
    firstError.set(null);
  }

  synchronized Histogram total() {
    drainInterval();
    return total.copy();
  }

  long bytes() {
    return bytes.sum();
  }

  long errors() {
    return errors.sum();
  }

  String firstError() {
    return firstError.get();
  }
}
