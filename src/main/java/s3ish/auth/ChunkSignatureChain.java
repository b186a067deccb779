package s3ish.auth;

import java.util.HexFormat;
import s3ish.bus.AuthMessages.ChunkSigning;

/**
 * Verifies the chunk signatures of one signed aws-chunked body ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD}),
 * in order. Each chunk, the final empty one included, is signed over
 * <pre>
 * AWS4-HMAC-SHA256-PAYLOAD \n timestamp \n scope \n previous-signature \n hex(sha256("")) \n hex(sha256(data))
 * </pre>
 * where the previous signature starts as the request's seed signature. Pure computation for the HTTP role,
 * which decodes the body; the auth decision itself (the seed) is made by {@link AuthService} over the bus.
 * Not thread-safe: one instance per body.
 */
public final class ChunkSignatureChain {
  static final String CHUNK_ALGORITHM = "AWS4-HMAC-SHA256-PAYLOAD";

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
    if (!SigV4.constantTimeEquals(expected, provided)) {
      return false;
    }
    previous = expected;
    return true;
  }

  static String stringToSign(String timestamp, String scope, String previousSignature, byte[] dataSha256) {
    return CHUNK_ALGORITHM + '\n' + timestamp + '\n' + scope + '\n' + previousSignature + '\n'
        + SigV4.EMPTY_SHA256 + '\n' + HexFormat.of().formatHex(dataSha256);
  }
}
