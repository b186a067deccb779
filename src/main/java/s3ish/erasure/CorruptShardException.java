package s3ish.erasure;

/** A shard file, or one block of it, is unusable: a bad header, a short file or a failed block checksum. */
final class CorruptShardException extends RuntimeException {
  CorruptShardException(String message) {
    super(message, null, false, false);
  }
}
