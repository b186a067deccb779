package s3ish.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import org.HdrHistogram.Histogram;

/** Renders a {@link LoadGenerator.Result}: a table for people, or one JSON document for scripts. */
final class BenchReport {
  private static final double[] PERCENTILES = {50, 90, 99, 99.9};
  private static final double MIB = 1024.0 * 1024.0;

  private BenchReport() {}

  static JsonObject json(LoadGenerator.Result result) {
    BenchPlan plan = result.plan();
    double seconds = result.elapsedNanos() / 1e9;
    JsonArray operations = new JsonArray();
    long totalOps = 0;
    long totalErrors = 0;
    long totalBytes = 0;
    for (OperationStats stats : result.operations()) {
      Histogram h = stats.total();
      JsonObject latency = new JsonObject();
      for (double p : PERCENTILES) {
        latency.put("p" + percentileName(p), millis(h.getValueAtPercentile(p)));
      }
      latency.put("max", millis(h.getMaxValue())).put("mean", round(h.getMean() / 1000.0));
      operations.add(new JsonObject()
          .put("op", stats.operation.label())
          .put("ops", h.getTotalCount())
          .put("errors", stats.errors())
          .put("opsPerSec", round(h.getTotalCount() / seconds))
          .put("mibPerSec", round(stats.bytes() / MIB / seconds))
          .put("latencyMs", latency)
          .put("firstError", stats.firstError()));
      totalOps += h.getTotalCount();
      totalErrors += stats.errors();
      totalBytes += stats.bytes();
    }
    return new JsonObject()
        .put("endpoint", plan.endpoint().toString())
        .put("bucket", plan.bucket())
        .put("mix", plan.mix().toString())
        .put("objectSize", plan.objectSize())
        .put("concurrency", plan.concurrency())
        .put("keys", plan.keys().size())
        .put("distribution", plan.keys().distribution().name().toLowerCase(Locale.ROOT))
        .put("seconds", round(seconds))
        .put("ops", totalOps)
        .put("errors", totalErrors)
        .put("opsPerSec", round(totalOps / seconds))
        .put("mibPerSec", round(totalBytes / MIB / seconds))
        .put("operations", operations);
  }

  static String text(LoadGenerator.Result result) {
    JsonObject json = json(result);
    StringBuilder out = new StringBuilder();
    out.append(String.format(Locale.ROOT, "%s  mix %s  size %d B  concurrency %d  keys %d (%s)  %.1f s%n",
        json.getString("endpoint"), json.getString("mix"), json.getLong("objectSize"), json.getInteger("concurrency"),
        json.getInteger("keys"), json.getString("distribution"), json.getDouble("seconds")));
    out.append(String.format(Locale.ROOT, "%-7s %10s %7s %11s %10s %9s %9s %9s %9s %9s%n",
        "op", "ops", "errors", "ops/s", "MiB/s", "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms"));
    for (Object o : json.getJsonArray("operations")) {
      JsonObject op = (JsonObject) o;
      JsonObject l = op.getJsonObject("latencyMs");
      out.append(String.format(Locale.ROOT, "%-7s %10d %7d %11.1f %10.2f %9.3f %9.3f %9.3f %9.3f %9.3f%n",
          op.getString("op"), op.getLong("ops"), op.getLong("errors"), op.getDouble("opsPerSec"),
          op.getDouble("mibPerSec"), l.getDouble("p50"), l.getDouble("p90"), l.getDouble("p99"),
          l.getDouble("p99_9"), l.getDouble("max")));
      if (op.getString("firstError") != null) {
        out.append("        first error: ").append(op.getString("firstError")).append('\n');
      }
    }
    return out.toString();
  }

  private static String percentileName(double p) {
    return p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p).replace('.', '_');
  }

  private static double millis(long micros) {
    return round(micros / 1000.0);
  }

  private static double round(double value) {
    return Math.round(value * 1000.0) / 1000.0;
  }
}
