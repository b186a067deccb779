package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * One plain file per blob under {@code dir}: written as {@code incoming/<id>}, then at seal fsynced, renamed to
 * {@code <first two chars of id>/<id>} and the directory fsynced, so a sealed blob is complete and durable and
 * a crash leaves at most a file in {@code incoming/}, which {@link #open(Vertx, Path)} clears.
 */
final class FileBlobStore implements BlobStore {
  private static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{3,128}");
  private static final int READ_BUFFER = 64 * 1024;

  private final Vertx vertx;
  private final Path dir;
  private final Path incoming;

  private FileBlobStore(Vertx vertx, Path dir) {
    this.vertx = vertx;
    this.dir = dir;
    this.incoming = dir.resolve("incoming");
  }

  /** Prepares {@code dir} and deletes what an interrupted run left half-written. */
  static Future<FileBlobStore> open(Vertx vertx, Path dir) {
    FileBlobStore store = new FileBlobStore(vertx, dir);
    return vertx.executeBlocking(() -> {
      Files.createDirectories(store.incoming);
      try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(store.incoming)) {
        for (Path p : leftovers) {
          Files.deleteIfExists(p);
        }
      }
      Durable.syncDirectory(dir);
      return store;
    }, false);
  }

  @Override
  public String name() {
    return "files";
  }

  @Override
  public Future<BlobWriter> create(String blobId) {
    checkId(blobId);
    Path temp = incoming.resolve(blobId);
    return vertx.fileSystem().open(temp.toString(), new OpenOptions().setWrite(true).setCreateNew(true).setRead(false))
        .map(file -> new Writer(blobId, temp, file));
  }

  @Override
  public Future<Blob> open(String blobId) {
    checkId(blobId);
    Path path = sealed(blobId);
    return vertx.fileSystem().open(path.toString(), new OpenOptions().setRead(true).setWrite(false).setCreate(false))
        .recover(e -> Future.failedFuture(new S3Exception(S3ErrorCode.INTERNAL_ERROR, "blob " + blobId
            + " cannot be read: " + e.getMessage())))
        .compose(file -> file.size()
            .<Blob>map(size -> new FileBlob(file, size))
            .onFailure(e -> file.close()));
  }

  @Override
  public Future<Void> delete(String blobId) {
    checkId(blobId);
    return vertx.executeBlocking(() -> {
      Files.deleteIfExists(sealed(blobId));
      return null;
    }, false);
  }

  @Override
  public Future<List<String>> list() {
    return vertx.executeBlocking(() -> {
      List<String> ids = new ArrayList<>();
      try (DirectoryStream<Path> shards = Files.newDirectoryStream(dir, p -> !p.equals(incoming))) {
        for (Path shard : shards) {
          try (DirectoryStream<Path> blobs = Files.newDirectoryStream(shard)) {
            blobs.forEach(p -> ids.add(p.getFileName().toString()));
          }
        }
      }
      return ids;
    }, false);
  }

  private Path sealed(String blobId) {
    return dir.resolve(blobId.substring(0, 2)).resolve(blobId);
  }

  private static void checkId(String blobId) {
    if (blobId == null || !ID.matcher(blobId).matches()) {
      throw new IllegalArgumentException("bad blob id " + blobId); // ids are ours; never a path from a client
    }
  }

  private final class Writer implements BlobWriter {
    private final String id;
    private final Path temp;
    private final AsyncFile file;
    private long written;
    private boolean done;

    Writer(String id, Path temp, AsyncFile file) {
      this.id = id;
      this.temp = temp;
      this.file = file;
    }

    @Override
    public Future<Void> append(Buffer data) {
      written += data.length();
      return file.write(data); // completes once the bytes are in the file
    }

    @Override
    public Future<Void> seal() {
      done = true;
      Path target = sealed(id);
      return file.close().compose(v -> vertx.<Void>executeBlocking(() -> {
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
          channel.force(true);
        }
        Path shard = target.getParent();
        if (!Files.isDirectory(shard)) {
          Files.createDirectories(shard);
          Durable.syncDirectory(dir);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        Durable.syncDirectory(shard);
        return null;
      }, false)).onFailure(e -> deleteQuietly(temp));
    }

    @Override
    public Future<Void> discard() {
      if (done) {
        return Future.succeededFuture();
      }
      done = true;
      return file.close().<Void>transform(ar -> vertx.executeBlocking(() -> {
        deleteQuietly(temp);
        return null;
      }, false));
    }

    @Override
    public long bytesWritten() {
      return written;
    }
  }

  private static void deleteQuietly(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // start-up clears incoming/ anyway
    }
  }

  /** A sealed blob's file, opened; read once. */
  private static final class FileBlob implements Blob {
    private final AsyncFile file;
    private final long size;
    private boolean taken;

    FileBlob(AsyncFile file, long size) {
      this.file = file;
      this.size = size;
    }

    @Override
    public long size() {
      return size;
    }

    @Override
    public synchronized ReadableObject.Body read(long start, long length) {
      taken = true;
      file.setReadBufferSize(READ_BUFFER).setReadPos(start).setReadLength(length);
      return new FileBody(file);
    }

    @Override
    public synchronized void close() {
      if (!taken) {
        taken = true;
        file.close();
      }
    }
  }

  /** An AsyncFile as a body: closing it closes the file. */
  private record FileBody(AsyncFile file) implements ReadableObject.Body {
    @Override
    public FileBody exceptionHandler(Handler<Throwable> handler) {
      file.exceptionHandler(handler);
      return this;
    }

    @Override
    public FileBody handler(Handler<Buffer> handler) {
      file.handler(handler);
      return this;
    }

    @Override
    public FileBody pause() {
      file.pause();
      return this;
    }

    @Override
    public FileBody resume() {
      file.resume();
      return this;
    }

    @Override
    public FileBody fetch(long amount) {
      file.fetch(amount);
      return this;
    }

    @Override
    public FileBody endHandler(Handler<Void> endHandler) {
      file.endHandler(endHandler);
      return this;
    }

    @Override
    public void close() {
      file.handler(null);
      file.close();
    }
  }
}
