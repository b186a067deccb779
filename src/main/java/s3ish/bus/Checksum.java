package s3ish.bus;

/**
 * Digests a body can be checked against when its stream ends. The expected value comes from the client
 * (a header at open, or a trailer at the end); the consumer computes its own while the body streams and
 * refuses to commit on mismatch with {@link #mismatch()}.
 */
public enum Checksum {
  /** Content-MD5: base64 of the MD5. */
  MD5(S3ErrorCode.BAD_DIGEST),
  /** x-amz-content-sha256 of a SigV4 request: lowercase hex of the SHA-256. */
  CONTENT_SHA256(S3ErrorCode.CONTENT_SHA256_MISMATCH);

  private final S3ErrorCode mismatch;

  Checksum(S3ErrorCode mismatch) {
    this.mismatch = mismatch;
  }

  public S3ErrorCode mismatch() {
    return mismatch;
  }
}
