package s3ish.auth;

import s3ish.observability.S3ishMetrics;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import s3ish.bus.AuthMessages.ChunkSigning;

/**
 * Verifies the chunk signatures of one signed aws-chunked body ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}),
 * in order. Each chunk, the final empty one included, is signed over
 * <pre>
 * AWS4-HMAC-SHA256-PAYLOAD \n timestamp \n scope \n previous-signature \n hex(sha256("")) \n hex(sha256(data))
 * </pre>
 * where the previous signature starts as the request's seed signature. With trailers
 * ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER}) the trailer block is signed last, chained from the final
 * chunk's signature:
 * <pre>
 * AWS4-HMAC-SHA256-TRAILER \n timestamp \n scope \n previous-signature \n hex(sha256(canonical trailers))
 * </pre>
 * the canonical trailers being {@code name:value\n} per trailer, names lowercase and sorted, values trimmed,
 * the signature trailer itself left out. Pure computation for the HTTP role,
 * which decodes the body; the auth decision itself (the seed) is made by {@link AuthService} over the bus.
 * Not thread-safe: one instance per body.
 */
public final class ChunkSignatureChain {
  static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";
  static final String TRAILER_ALGORITHM = "AWS4-HMAC-SHA256-TRAILER";

  private final byte[] signingKey;
  private final String timestamp;
  private final String scope;
  private String previous;

  public ChunkSignatureChain(ChunkSigning signing) {
    this.signingKey = HexFormat.of().parseHex(signing.signingKeyHex());
    this.timestamp = signing.timestamp();
    this.scope = signing.scope();
    this.previous = signing.seedSignature();
  }

  /**
   * Whether {@code provided} signs the next chunk, whose data hashes to {@code dataSha256}. Only a match
   * advances the chain; after a mismatch the body must be refused.
   */
  public boolean verifyNext(byte[] dataSha256, String provided) {
    String expected = SigV4.signature(signingKey, stringToSign(timestamp, scope, previous, dataSha256));
    boolean valid = SigV4.constantTimeEquals(expected, provided);
    S3ishMetrics.get().authChunkSignature(valid);
    if (!valid) {
      return false;
    }
    previous = expected;
    return true;
  }

  /**
   * Whether {@code provided} (the x-amz-trailer-signature) signs {@code trailers}, after every chunk was
   * verified. Names any case; the signature trailer must not be among them.
   */
  public boolean verifyTrailer(Map<String, String> trailers, String provided) {
    String expected = SigV4.signature(signingKey, trailerStringToSign(timestamp, scope, previous, trailers));
    boolean valid = SigV4.constantTimeEquals(expected, provided);
    S3ishMetrics.get().authChunkSignature(valid);
    if (!valid) {
      return false;
    }
    previous = expected;
    return true;
  }

  static String trailerStringToSign(String timestamp, String scope, String previousSignature,
      Map<String, String> trailers) {
    StringBuilder canonical = new StringBuilder();
    lowercaseNames(trailers).forEach((name, value) ->
        canonical.append(name).append(':').append(value.trim()).append('\n'));
    return TRAILER_ALGORITHM + '\n' + timestamp + '\n' + scope + '\n' + previousSignature + '\n'
        + HexFormat.of().formatHex(sha256(canonical.toString()));
  }

  private static Map<String, String> lowercaseNames(Map<String, String> trailers) {
    Map<String, String> out = new TreeMap<>();
    trailers.forEach((name, value) -> out.put(name.toLowerCase(Locale.ROOT), value));
    return out;
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  }

  static String stringToSign(String timestamp, String scope, String previousSignature, byte[] dataSha256) {
    return CHUNK_ALGORITHM + '\n' + timestamp + '\n' + scope + '\n' + previousSignature + '\n'
        + SigV4.EMPTY_SHA256 + '\n' + HexFormat.of().formatHex(dataSha256);
  }
}
