package s3ish.bus;

import java.util.List;

/** Request and reply bodies of the auth role. */
public final class AuthMessages {
  private AuthMessages() {}

  public record Header(String name, String value) {}

  /**
   * Everything a signature covers, exactly as received: {@code rawPath} still percent-encoded,
   * {@code rawQuery} without the '?', nullable. {@code headers} in arrival order, names as received.
   * {@code virtualHostBucket}: the bucket a virtual-hosted request named in its Host, else null; SigV2 signs
   * it as part of the resource although it is not in the path.
   */
  public record Verify(String method, String rawPath, String rawQuery, List<Header> headers, String virtualHostBucket) {
    /** A path-style request. */
    public Verify(String method, String rawPath, String rawQuery, List<Header> headers) {
      this(method, rawPath, rawQuery, headers, null);
    }
  }

  /**
   * How a request authenticated: the seed's header keys, SigV4 in the Authorization header or in the query
   * (a presigned URL), SigV2 likewise ({@code Authorization: AWS ...} or {@code AWSAccessKeyId}/{@code Signature}
   * in the query), or not at all.
   */
  public enum Method { HEADER_KEYS, SIGV4_HEADER, ANONYMOUS, PRESIGNED_V4, SIGV2_HEADER, PRESIGNED_V2 }

  /**
   * A verified caller. {@code payloadSha256}: lowercase hex the body must hash to (from a signed
   * x-amz-content-sha256), or null when the payload is unsigned or signed chunk by chunk.
   * {@code chunkSigning}: set only for {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} and its {@code -TRAILER}
   * variant (which the HTTP role tells apart by that header), else null.
   */
  public record Identity(String accessKey, Method method, String payloadSha256, ChunkSigning chunkSigning) {}

  /**
   * What the HTTP role needs to verify the chunk signatures of a signed aws-chunked body, each chained from
   * the previous one starting at {@code seedSignature} (the verified signature of the request itself).
   * {@code signingKeyHex} is the derived SigV4 key, lowercase hex: it is scoped to one day, region and service
   * and never reveals the secret, and the event bus is trusted inside the cluster, so handing it over is
   * acceptable. {@code timestamp} is the request's x-amz-date ({@code yyyyMMdd'T'HHmmss'Z'}); {@code scope}
   * is {@code yyyymmdd/region/service/aws4_request}. {@link #toString()} leaves the key out, for logs.
   */
  public record ChunkSigning(String signingKeyHex, String timestamp, String scope, String seedSignature) {
    @Override
    public String toString() {
      return "ChunkSigning[timestamp=" + timestamp + ", scope=" + scope + ", seedSignature=" + seedSignature + "]";
    }
  }
}
