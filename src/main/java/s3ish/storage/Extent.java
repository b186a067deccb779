package s3ish.storage;

import java.nio.ByteBuffer;

/** A run of stored bytes: a direct buffer (memory backend) or a range of a sealed blob (file backend). */
sealed interface Extent {
  long length();

  /** {@code length} bytes from {@code offset}, sharing the same storage. */
  Extent slice(long offset, long length);

  /** Bytes held off-heap in this JVM. */
  record InMemory(ByteBuffer buffer) implements Extent {
    @Override
    public long length() {
      return buffer.limit();
    }

    @Override
    public Extent slice(long offset, long length) {
      return new InMemory(buffer.slice((int) offset, (int) length));
    }
  }

  /** Bytes {@code offset}..{@code offset + length} of the blob {@code blobId} in a {@link BlobStore}. */
  record InBlob(String blobId, long offset, long length) implements Extent {
    @Override
    public Extent slice(long from, long count) {
      return new InBlob(blobId, offset + from, count);
    }
  }
}
