package s3ish.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Vertx;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.config.Setting;

/** storage_root problems stop start-up with a message naming the directory and what is wrong with it. */
class FileBackendRootTest {
  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() {
    vertx.close().await();
  }

  @Test
  void theFileBackendNeedsARoot() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StorageConfig.from(
        Setting.defaults().put(Setting.STORAGE_BACKEND.key(), "file").put(Setting.STORAGE_ROOT.key(), "")));
    assertTrue(e.getMessage().startsWith("storage_root must name a directory"), e.getMessage());
  }

  @Test
  void aMissingRootIsRefused(@TempDir Path dir) {
    assertEquals("storage_root " + dir.resolve("absent") + " is not an existing directory",
        refusal(dir.resolve("absent")));
  }

  @Test
  void aFileIsNotARoot(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    assertEquals("storage_root " + file + " is not an existing directory", refusal(file));
  }

  @Test
  void aRootOfAnotherFormatIsRefused(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("FORMAT"), "something else\n");
    assertTrue(refusal(dir).endsWith("holds another format: something else"), refusal(dir));
  }

  @Test
  void anEmptyDirectoryBecomesARoot(@TempDir Path dir) {
    assertEquals(dir, FileBackend.prepareRoot(vertx, dir.toString()).await());
    assertTrue(Files.exists(dir.resolve("FORMAT")));
  }

  private String refusal(Path root) {
    return assertThrows(IllegalStateException.class, () -> FileBackend.prepareRoot(vertx, root.toString()).await())
        .getMessage();
  }
}
