package s3ish.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Digests of a body computed while it streams: MD5 always (it is the ETag), SHA-256 only when the uploader
 * announced an expected value at open. Not thread-safe; one per upload.
 */
final class BodyDigests {
  private final MessageDigest md5 = digest("MD5");
  private final MessageDigest sha256;
  private byte[] md5Result;
  private byte[] sha256Result;

  BodyDigests(Map<Checksum, String> expectedAtOpen) {
    this.sha256 = expectedAtOpen.containsKey(Checksum.CONTENT_SHA256) ? digest("SHA-256") : null;
  }

  void update(ByteBuffer data) {
    if (sha256 != null) {
      sha256.update(data.duplicate());
    }
    md5.update(data.duplicate());
  }

  /** Lowercase hex MD5; ends the digesting. */
  String md5Hex() {
    finish();
    return HexFormat.of().formatHex(md5Result);
  }

  /** Fails with the checksum's mismatch code (BadDigest, XAmzContentSHA256Mismatch) on the first difference. */
  void verify(Map<Checksum, String> expected) {
    finish();
    for (Map.Entry<Checksum, String> e : expected.entrySet()) {
      String want = e.getValue().trim();
      boolean ok = switch (e.getKey()) {
        case MD5 -> want.equals(Base64.getEncoder().encodeToString(md5Result));
        case CONTENT_SHA256 -> {
          if (sha256Result == null) {
            throw new S3Exception(S3ErrorCode.INVALID_REQUEST,
                "A SHA-256 checksum arrived only at the end of the body; it must be announced when the upload opens.");
          }
          yield want.equalsIgnoreCase(HexFormat.of().formatHex(sha256Result));
        }
      };
      if (!ok) {
        throw new S3Exception(e.getKey().mismatch());
      }
    }
  }

  private void finish() {
    if (md5Result == null) {
      md5Result = md5.digest();
      sha256Result = sha256 == null ? null : sha256.digest();
    }
  }

  private static MessageDigest digest(String algorithm) {
    try {
      return MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
  }
}
