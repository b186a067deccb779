package s3ish.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;

/** Blocking file steps that survive a crash: atomic replace and delete, each followed by a directory fsync. */
final class Durable {
  private Durable() {}

  /** Writes {@code content} to a temp file beside {@code target}, fsyncs it, renames it over the target, fsyncs the directory. */
  static void replace(Path target, byte[] content) throws IOException {
    Path dir = target.getParent();
    Path temp = dir.resolve(target.getFileName() + ".tmp-" + UUID.randomUUID());
    try {
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
        java.nio.ByteBuffer bytes = java.nio.ByteBuffer.wrap(content);
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } finally {
      Files.deleteIfExists(temp);
    }
    syncDirectory(dir);
  }

  /** Deletes {@code target} (absent is fine) and fsyncs its directory. */
  static void delete(Path target) throws IOException {
    if (Files.deleteIfExists(target)) {
      syncDirectory(target.getParent());
    }
  }

  /** Makes a directory's entries (creations, renames, deletions) durable. */
  static void syncDirectory(Path dir) throws IOException {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    }
  }

  static boolean isTemp(Path file) {
    return file.getFileName().toString().contains(".tmp-");
  }
}
