package s3ish.erasure;

import java.util.List;

/** The outcome of healing every blob of a store: counts by status, and the blobs that were not healthy. */
public record HealReport(int checked, int healthy, int repaired, int unrecoverable, int shardsRebuilt,
    List<HealResult> notHealthy) {

  public HealReport {
    notHealthy = List.copyOf(notHealthy);
  }

  public static HealReport of(List<HealResult> results) {
    int healthy = 0;
    int repaired = 0;
    int unrecoverable = 0;
    int shards = 0;
    for (HealResult r : results) {
      switch (r.status()) {
        case HEALTHY -> healthy++;
        case REPAIRED -> repaired++;
        case UNRECOVERABLE -> unrecoverable++;
        case GONE -> { }
      }
      shards += r.rebuilt().size();
    }
    return new HealReport(results.size(), healthy, repaired, unrecoverable, shards,
        results.stream().filter(r -> r.status() != HealResult.Status.HEALTHY).toList());
  }
}
