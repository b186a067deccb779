package s3ish.erasure;

import java.util.List;

/** What healing one blob found and did. {@code rebuilt}: shard indexes whose files were rewritten. */
public record HealResult(String blobId, Status status, List<Integer> rebuilt, String detail) {
  public enum Status {
    /** Every shard present and every block intact. */
    HEALTHY,
    /** Some shards were missing or damaged and have been rebuilt. */
    REPAIRED,
    /** More shards damaged than the code has parity: the data is lost. */
    UNRECOVERABLE,
    /** No shard of the blob exists (deleted meanwhile). */
    GONE
  }

  public HealResult {
    rebuilt = List.copyOf(rebuilt);
  }
}
