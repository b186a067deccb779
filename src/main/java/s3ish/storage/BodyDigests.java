package s3ish.storage;

import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Digests of a body computed while it streams: MD5 always (it is the ETag), and each other checksum only when
 * the uploader asked for it at open — with its expected value, or announced as a trailer whose value comes with
 * End. Not thread-safe; one per upload.
 */
final class BodyDigests {
  /** One running digest. */
  private interface Running {
    void update(ByteBuffer data);

    byte[] finish();
  }

  private final Map<Checksum, Running> running = new EnumMap<>(Checksum.class);
  private final Map<Checksum, byte[]> results = new EnumMap<>(Checksum.class);

  /**
   * @param expectedAtOpen checksums whose values are known at open
   * @param trailing object checksums whose values will come with End
   */
  BodyDigests(Map<Checksum, String> expectedAtOpen, Collection<Checksum> trailing) {
    running.put(Checksum.MD5, digest("MD5"));
    expectedAtOpen.keySet().forEach(c -> running.computeIfAbsent(c, BodyDigests::start));
    trailing.forEach(c -> running.computeIfAbsent(c, BodyDigests::start));
  }

  void update(ByteBuffer data) {
    for (Running r : running.values()) {
      r.update(data.duplicate());
    }
  }

  /** Lowercase hex MD5; ends the digesting. */
  String md5Hex() {
    finish();
    return HexFormat.of().formatHex(results.get(Checksum.MD5));
  }

  /** Base64 of each object checksum computed (those asked for), to store with the object; ends the digesting. */
  Map<Checksum, String> objectChecksums() {
    finish();
    Map<Checksum, String> out = new EnumMap<>(Checksum.class);
    results.forEach((kind, digest) -> {
      if (kind.isObjectChecksum()) {
        out.put(kind, Base64.getEncoder().encodeToString(digest));
      }
    });
    return out;
  }

  /** Fails with the checksum's mismatch code (BadDigest, XAmzContentSHA256Mismatch) on the first difference. */
  void verify(Map<Checksum, String> expected) {
    finish();
    for (Map.Entry<Checksum, String> e : expected.entrySet()) {
      Checksum kind = e.getKey();
      byte[] actual = results.get(kind);
      if (actual == null) {
        // Computing from the first byte is the only way to check it: it had to be announced at open.
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "A " + name(kind) + " checksum arrived only at the end "
            + "of the body; it must be announced when the upload opens (x-amz-trailer).");
      }
      String want = e.getValue().trim();
      boolean ok = kind == Checksum.CONTENT_SHA256
          ? want.equalsIgnoreCase(HexFormat.of().formatHex(actual))
          : want.equals(Base64.getEncoder().encodeToString(actual));
      if (!ok) {
        throw kind.isObjectChecksum()
            ? new S3Exception(kind.mismatch(), "The " + kind.algorithm() + " you specified did not match the "
                + "calculated checksum.")
            : new S3Exception(kind.mismatch());
      }
    }
  }

  private void finish() {
    if (results.isEmpty()) {
      running.forEach((kind, r) -> results.put(kind, r.finish()));
    }
  }

  private static String name(Checksum kind) {
    return kind.isObjectChecksum() ? kind.algorithm() : kind == Checksum.MD5 ? "Content-MD5" : "SHA-256";
  }

  private static Running start(Checksum kind) {
    return switch (kind) {
      case MD5 -> digest("MD5");
      case CONTENT_SHA256, SHA256 -> digest("SHA-256");
      case SHA1 -> digest("SHA-1");
      case CRC32 -> crc(new CRC32(), 4);
      case CRC32C -> crc(new CRC32C(), 4);
      case CRC64NVME -> crc(new Crc64Nvme(), 8);
    };
  }

  /** A CRC's value as its big-endian bytes, which is what S3 base64-encodes. */
  private static Running crc(java.util.zip.Checksum crc, int bytes) {
    return new Running() {
      @Override
      public void update(ByteBuffer data) {
        crc.update(data);
      }

      @Override
      public byte[] finish() {
        long value = crc.getValue();
        byte[] out = new byte[bytes];
        for (int i = 0; i < bytes; i++) {
          out[i] = (byte) (value >>> (8 * (bytes - 1 - i)));
        }
        return out;
      }
    };
  }

  private static Running digest(String algorithm) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(algorithm + " is required by every Java platform", e);
    }
    return new Running() {
      @Override
      public void update(ByteBuffer data) {
        md.update(data);
      }

      @Override
      public byte[] finish() {
        return md.digest();
      }
    };
  }
}
