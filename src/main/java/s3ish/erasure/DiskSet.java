package s3ish.erasure;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The directories that model separate disks, and where each shard of a blob lives: shard {@code i} of a blob in
 * file {@code <blobId>.<i>} on disk {@code (h + i) mod disks}, h from the blob id, so every shard of a blob is on
 * a different disk and blobs spread over all disks when there are more disks than shards. Files being written
 * live in each disk's {@code .tmp} directory until they are renamed into place. Blocking methods: call them
 * from worker threads.
 */
final class DiskSet {
  private static final Pattern BLOB_ID = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}");
  private static final Pattern SHARD_FILE = Pattern.compile("(.+)\\.(\\d{1,2})");
  static final String TEMP_DIR = ".tmp";

  private final List<Path> disks;
  private final int totalShards;

  DiskSet(List<Path> disks, int totalShards) {
    this.disks = List.copyOf(disks);
    this.totalShards = totalShards;
  }

  List<Path> disks() {
    return disks;
  }

  int totalShards() {
    return totalShards;
  }

  /** Creates the directories and drops files left in {@code .tmp} by a crash (nothing refers to them). */
  void prepare() {
    for (Path disk : disks) {
      Path temp = disk.resolve(TEMP_DIR);
      try {
        Files.createDirectories(temp);
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(temp)) {
          for (Path file : leftovers) {
            Files.deleteIfExists(file);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("cannot prepare disk directory " + disk, e);
      }
    }
  }

  static String checkBlobId(String blobId) {
    if (blobId == null || !BLOB_ID.matcher(blobId).matches()) {
      throw new IllegalArgumentException("invalid blob id '" + blobId + "' (letters, digits, . _ -)");
    }
    return blobId;
  }

  Path disk(String blobId, int shard) {
    return disks.get(Math.floorMod(blobId.hashCode() + shard, disks.size()));
  }

  Path shard(String blobId, int shard) {
    return disk(blobId, shard).resolve(blobId + "." + shard);
  }

  /** A new, unique temporary file for shard {@code shard} of a blob, on that shard's disk. */
  Path newTemp(String blobId, int shard) {
    return disk(blobId, shard).resolve(TEMP_DIR).resolve(blobId + "." + shard + "." + UUID.randomUUID());
  }

  /** Ids of every blob with at least one shard file on some disk, sorted. */
  List<String> blobIds() throws IOException {
    TreeSet<String> ids = new TreeSet<>();
    for (Path disk : disks) {
      try (DirectoryStream<Path> files = Files.newDirectoryStream(disk)) {
        for (Path file : files) {
          Matcher m = SHARD_FILE.matcher(file.getFileName().toString());
          if (m.matches() && Integer.parseInt(m.group(2)) < totalShards && Files.isRegularFile(file)) {
            ids.add(m.group(1));
          }
        }
      } catch (NoSuchFileException e) {
        // a disk directory that is gone holds no shards; reads of its shards are degraded
      }
    }
    return List.copyOf(ids);
  }

  /** Makes renames and deletions in a disk directory durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }
}
