package s3ish.erasure;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import s3ish.config.Setting;

/**
 * What an {@link ErasureBlobStore} needs from the configuration: the code, the block size, the disk directories
 * ({@code storage_roots}, else {@code storage_root/disk-0 .. disk-(n-1)}) and the scrub interval.
 */
public record ErasureSettings(int dataShards, int parityShards, int blockSize, List<Path> disks,
    int scrubIntervalSecs) {

  public ErasureSettings {
    disks = List.copyOf(disks);
    int total = dataShards + parityShards;
    if (dataShards < 1 || parityShards < 0 || total > ReedSolomon.MAX_TOTAL_SHARDS) {
      throw new IllegalArgumentException("unsupported erasure code " + dataShards + "+" + parityShards);
    }
    if (disks.size() < total) {
      throw new IllegalArgumentException(Setting.STORAGE_ROOTS.key() + ": " + dataShards + "+" + parityShards
          + " needs " + total + " disk directories, got " + disks.size());
    }
    if (new HashSet<>(disks.stream().map(p -> p.toAbsolutePath().normalize()).toList()).size() != disks.size()) {
      throw new IllegalArgumentException(Setting.STORAGE_ROOTS.key() + ": a directory is listed twice");
    }
    if (blockSize < 1) {
      throw new IllegalArgumentException(Setting.ERASURE_BLOCK_SIZE.key() + " must be positive");
    }
  }

  public int totalShards() {
    return dataShards + parityShards;
  }

  /** Reads the settings of a resolved configuration (a verticle's deployment config). */
  public static ErasureSettings from(JsonObject config) {
    int data = Setting.ERASURE_DATA_BLOCKS.intValue(config);
    int parity = Setting.ERASURE_PARITY_BLOCKS.intValue(config);
    return new ErasureSettings(data, parity, Setting.ERASURE_BLOCK_SIZE.intValue(config),
        disks(config, data + parity), Setting.SCRUB_INTERVAL_SECS.intValue(config));
  }

  private static List<Path> disks(JsonObject config, int total) {
    List<Path> disks = new ArrayList<>();
    for (String root : Setting.STORAGE_ROOTS.string(config).split(",")) {
      if (!root.isBlank()) {
        disks.add(Path.of(root.trim()));
      }
    }
    if (!disks.isEmpty()) {
      return disks;
    }
    String root = Setting.STORAGE_ROOT.string(config);
    if (root.isBlank()) {
      throw new IllegalArgumentException("erasure coding needs " + Setting.STORAGE_ROOTS.key() + " or "
          + Setting.STORAGE_ROOT.key());
    }
    for (int i = 0; i < total; i++) {
      disks.add(Path.of(root, "disk-" + i));
    }
    return disks;
  }
}
