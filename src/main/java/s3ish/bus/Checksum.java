package s3ish.bus;

import java.util.Base64;
import java.util.Locale;

/**
 * Digests a body can be checked against when its stream ends. The expected value comes from the client
 * (a header at open, or a trailer at the end); the consumer computes its own while the body streams and
 * refuses to commit on mismatch with {@link #mismatch()}.
 *
 * <p>The five object checksums (CRC32 ... SHA256) are also stored with the object and returned on request;
 * their values are base64 of the big-endian digest, as S3 sends them. MD5 is the ETag, CONTENT_SHA256 only
 * a transport check: neither is stored as a checksum.
 */
public enum Checksum {
  /** Content-MD5: base64 of the MD5. */
  MD5(S3ErrorCode.BAD_DIGEST, null, null, 16),
  /** x-amz-content-sha256 of a SigV4 request: lowercase hex of the SHA-256. */
  CONTENT_SHA256(S3ErrorCode.CONTENT_SHA256_MISMATCH, null, null, 32),
  CRC32(S3ErrorCode.BAD_DIGEST, "CRC32", "x-amz-checksum-crc32", 4),
  CRC32C(S3ErrorCode.BAD_DIGEST, "CRC32C", "x-amz-checksum-crc32c", 4),
  /** CRC-64/NVME: the checksum S3 itself computes by default. */
  CRC64NVME(S3ErrorCode.BAD_DIGEST, "CRC64NVME", "x-amz-checksum-crc64nvme", 8),
  SHA1(S3ErrorCode.BAD_DIGEST, "SHA1", "x-amz-checksum-sha1", 20),
  SHA256(S3ErrorCode.BAD_DIGEST, "SHA256", "x-amz-checksum-sha256", 32);

  private final S3ErrorCode mismatch;
  private final String algorithm;
  private final String header;
  private final int digestLength;

  Checksum(S3ErrorCode mismatch, String algorithm, String header, int digestLength) {
    this.mismatch = mismatch;
    this.algorithm = algorithm;
    this.header = header;
    this.digestLength = digestLength;
  }

  public S3ErrorCode mismatch() {
    return mismatch;
  }

  /** The name S3 uses in x-amz-sdk-checksum-algorithm and ChecksumAlgorithm; null for MD5 and CONTENT_SHA256. */
  public String algorithm() {
    return algorithm;
  }

  /** The request/response header (and aws-chunked trailer) name, lowercase; null for MD5 and CONTENT_SHA256. */
  public String header() {
    return header;
  }

  /** Bytes of the digest. */
  public int digestLength() {
    return digestLength;
  }

  /** One of the five checksums stored with an object and returned with x-amz-checksum-mode: ENABLED. */
  public boolean isObjectChecksum() {
    return header != null;
  }

  /** Whether {@code value} is base64 of a digest of the right length (object checksums and MD5). */
  public boolean isWellFormed(String value) {
    if (value == null || this == CONTENT_SHA256) {
      return false;
    }
    try {
      return Base64.getDecoder().decode(value.trim()).length == digestLength;
    } catch (IllegalArgumentException notBase64) {
      return false;
    }
  }

  /** The object checksum whose header or trailer is {@code name} (any case), else null. */
  public static Checksum ofHeader(String name) {
    if (name == null) {
      return null;
    }
    String n = name.trim().toLowerCase(Locale.ROOT);
    for (Checksum c : values()) {
      if (n.equals(c.header)) {
        return c;
      }
    }
    return null;
  }

  /** The object checksum named {@code algorithm} (any case, as in x-amz-sdk-checksum-algorithm), else null. */
  public static Checksum ofAlgorithm(String algorithm) {
    if (algorithm == null) {
      return null;
    }
    for (Checksum c : values()) {
      if (c.algorithm != null && c.algorithm.equalsIgnoreCase(algorithm.trim())) {
        return c;
      }
    }
    return null;
  }
}
