package s3ish.storage;

import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * Where the file backend keeps body bytes. Every committed body (an object written in one piece, or a part)
 * is one immutable blob named by an id the backend chooses; object metadata lives elsewhere and refers to blobs
 * by id, so publishing an object never moves bytes. Implementations: one plain file per blob, or erasure-coded
 * shards spread over several disks. Thread-safe; every method may be called from any event loop.
 */
public interface BlobStore {

  /** Short name for logs and the storage ping, e.g. "files" or "erasure 4+2". */
  String name();

  /** Starts a new blob. Nothing is readable under {@code blobId} until {@link BlobWriter#seal()} succeeded. */
  Future<BlobWriter> create(String blobId);

  /**
   * Opens a sealed blob for reading. Fails with an {@link s3ish.bus.S3Exception} before any byte is sent when
   * the blob cannot be read completely and correctly (so the client gets a clean S3 error, not a cut body).
   */
  Future<Blob> open(String blobId);

  /** Removes a blob; a missing one is not an error. Readers that already opened it may finish. */
  Future<Void> delete(String blobId);

  /** Ids of every sealed blob: at start-up the backend deletes those no metadata refers to (crash leftovers). */
  Future<List<String>> list();

  /** One blob being written, used one call at a time from a single context. */
  interface BlobWriter {
    /** Completes once {@code data} is handed to the disk(s) (the moment its chunk may be acknowledged). */
    Future<Void> append(Buffer data);

    /** Makes the blob durable (data and directory entries fsynced) and readable under its id. */
    Future<Void> seal();

    /** Drops whatever was written. Idempotent; a no-op after seal. */
    Future<Void> discard();

    long bytesWritten();
  }

  /** A sealed blob opened for reading. */
  interface Blob {
    long size();

    /** Streams bytes {@code start}..{@code start + length}, at most once; the body must be closed when done. */
    ReadableObject.Body read(long start, long length);

    /** Releases what opening held when the blob is not read after all; a no-op once read. Idempotent. */
    void close();
  }
}
