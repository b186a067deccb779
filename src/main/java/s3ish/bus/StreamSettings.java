package s3ish.bus;

/**
 * Bounds of every body stream: memory per stream is at most {@code chunkSize * (window + 1)} on each side.
 *
 * @param chunkSize bytes per chunk message (the producer coalesces smaller writes up to this size)
 * @param window unacknowledged chunks a consumer allows in flight
 * @param idleTimeoutMs a stream with no message for this long is aborted (covers a dead peer node)
 */
public record StreamSettings(int chunkSize, int window, long idleTimeoutMs) {
  public static final StreamSettings DEFAULT = new StreamSettings(256 * 1024, 8, 120_000);

  public StreamSettings {
    if (chunkSize < 1024) {
      throw new IllegalArgumentException("chunk size must be at least 1024 bytes");
    }
    if (window < 1) {
      throw new IllegalArgumentException("credit window must be at least 1");
    }
    if (idleTimeoutMs < 1) {
      throw new IllegalArgumentException("stream idle timeout must be positive");
    }
  }
}
