package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import s3ish.TestServer;
import s3ish.storage.Crc64Nvme;
import software.amazon.awssdk.checksums.DefaultChecksumAlgorithm;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.services.s3.model.ChecksumAlgorithm;
import software.amazon.awssdk.services.s3.model.ChecksumMode;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/**
 * Object checksums with the real SDK at its default settings (over http:// it sends aws-chunked bodies with a
 * signed checksum trailer), and trailer bodies framed by the SDK's signer and then tampered with.
 */
class S3ChecksumTest extends ServerPerClass {
  // More than one SDK chunk (128 KiB), so the digests run across chunks.
  private static final byte[] DATA = S3TestSupport.randomBytes(128 * 1024 + 777, 11);
  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  /** The value S3 sends: base64 of the big-endian digest, computed here with the JDK (and our CRC-64/NVME). */
  private static String expected(ChecksumAlgorithm algorithm, byte[] data) {
    return switch (algorithm) {
      case CRC32 -> crc(new CRC32(), 4, data);
      case CRC32_C -> crc(new CRC32C(), 4, data);
      case CRC64_NVME -> crc(new Crc64Nvme(), 8, data);
      case SHA1 -> Base64.getEncoder().encodeToString(S3TestSupport.digest("SHA-1", data));
      case SHA256 -> Base64.getEncoder().encodeToString(S3TestSupport.digest("SHA-256", data));
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  private static String crc(java.util.zip.Checksum c, int bytes, byte[] data) {
    c.update(data, 0, data.length);
    byte[] all = ByteBuffer.allocate(8).putLong(c.getValue()).array();
    return Base64.getEncoder().encodeToString(java.util.Arrays.copyOfRange(all, 8 - bytes, 8));
  }

  private static String checksumOf(ChecksumAlgorithm algorithm, HeadObjectResponse r) {
    return switch (algorithm) {
      case CRC32 -> r.checksumCRC32();
      case CRC32_C -> r.checksumCRC32C();
      case CRC64_NVME -> r.checksumCRC64NVME();
      case SHA1 -> r.checksumSHA1();
      case SHA256 -> r.checksumSHA256();
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  private static String checksumOf(ChecksumAlgorithm algorithm, GetObjectResponse r) {
    return switch (algorithm) {
      case CRC32 -> r.checksumCRC32();
      case CRC32_C -> r.checksumCRC32C();
      case CRC64_NVME -> r.checksumCRC64NVME();
      case SHA1 -> r.checksumSHA1();
      case SHA256 -> r.checksumSHA256();
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  private static String checksumOf(ChecksumAlgorithm algorithm, PutObjectResponse r) {
    return switch (algorithm) {
      case CRC32 -> r.checksumCRC32();
      case CRC32_C -> r.checksumCRC32C();
      case CRC64_NVME -> r.checksumCRC64NVME();
      case SHA1 -> r.checksumSHA1();
      case SHA256 -> r.checksumSHA256();
      default -> throw new IllegalArgumentException(algorithm.toString());
    };
  }

  /** The stored checksum comes back on HEAD and on a whole-object GET, which the SDK then validates itself. */
  private static void assertStoredChecksum(String bucket, String key, ChecksumAlgorithm algorithm) {
    String want = expected(algorithm, DATA);
    HeadObjectResponse head = s3.headObject(h -> h.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    assertEquals(want, checksumOf(algorithm, head), "HEAD");
    assertEquals("FULL_OBJECT", head.checksumTypeAsString());
    ResponseBytes<GetObjectResponse> get =
        s3.getObjectAsBytes(g -> g.bucket(bucket).key(key).checksumMode(ChecksumMode.ENABLED));
    assertEquals(want, checksumOf(algorithm, get.response()), "GET");
    assertArrayEquals(DATA, get.asByteArray());
  }

  @ParameterizedTest
  @EnumSource(value = ChecksumAlgorithm.class, names = {"CRC32", "CRC32_C", "SHA1", "SHA256"})
  void aChecksumTheSdkSendsAsATrailerIsStoredAndReturned(ChecksumAlgorithm algorithm) {
    String bucket = createBucket("cks");
    PutObjectResponse put = s3.putObject(p -> p.bucket(bucket).key("k").checksumAlgorithm(algorithm),
        RequestBody.fromBytes(DATA));

    assertEquals(expected(algorithm, DATA), checksumOf(algorithm, put));
    assertStoredChecksum(bucket, "k", algorithm);
  }

  @Test
  void aCrc64NvmeChecksumSentAsAHeaderIsStoredAndReturned() {
    // Without the native CRT the SDK cannot compute CRC64NVME itself: we hand it the value.
    String bucket = createBucket("cks");
    String value = expected(ChecksumAlgorithm.CRC64_NVME, DATA);
    s3.putObject(p -> p.bucket(bucket).key("k").checksumCRC64NVME(value), RequestBody.fromBytes(DATA));

    assertStoredChecksum(bucket, "k", ChecksumAlgorithm.CRC64_NVME);
  }

  @Test
  void theSdksDefaultPutObjectStoresACrc32() {
    String bucket = createBucket("cks");
    s3.putObject(p -> p.bucket(bucket).key("default"), RequestBody.fromBytes(DATA));

    assertStoredChecksum(bucket, "default", ChecksumAlgorithm.CRC32);
  }

  @Test
  void awsChunkedIsTransferFramingAndNotStoredAsContentEncoding() {
    String bucket = createBucket("cks");
    s3.putObject(p -> p.bucket(bucket).key("plain"), RequestBody.fromBytes(DATA));
    s3.putObject(p -> p.bucket(bucket).key("gz").contentEncoding("gzip"), RequestBody.fromBytes(DATA));

    assertNull(s3.headObject(h -> h.bucket(bucket).key("plain")).contentEncoding());
    assertEquals("gzip", s3.headObject(h -> h.bucket(bucket).key("gz")).contentEncoding());
  }

  @Test
  void checksumsAreReturnedOnlyWhenAskedForAndNotForARange() {
    String bucket = createBucket("cks");
    s3.putObject(p -> p.bucket(bucket).key("k"), RequestBody.fromBytes(DATA));

    assertNull(s3.headObject(h -> h.bucket(bucket).key("k")).checksumCRC32());
    GetObjectResponse ranged = s3.getObjectAsBytes(g -> g.bucket(bucket).key("k").range("bytes=0-9")
        .checksumMode(ChecksumMode.ENABLED)).response();
    assertNull(ranged.checksumCRC32());
  }

  @Test
  void aWrongChecksumHeaderIsBadDigestAndNothingIsStored() {
    String bucket = createBucket("cks");
    String wrong = expected(ChecksumAlgorithm.CRC32, "other".getBytes(StandardCharsets.US_ASCII));

    assertS3Error(400, "BadDigest", () -> s3.putObject(p -> p.bucket(bucket).key("bad").checksumCRC32(wrong),
        RequestBody.fromBytes(DATA)));
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("bad")));
  }

  @Test
  void aChecksumHeaderThatIsNotADigestIsInvalidRequest() {
    String bucket = createBucket("cks");

    assertS3Error(400, "InvalidRequest", () -> s3.putObject(p -> p.bucket(bucket).key("bad").checksumSHA256("AAAA"),
        RequestBody.fromBytes(DATA)));
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("bad")));
  }

  // ---- bodies framed by the SDK's signer, then changed on the way

  /** The signed request: its headers and its aws-chunked body with a CRC32 trailer. */
  private record Signed(Map<String, List<String>> headers, byte[] body) {}

  private static Signed signWithTrailer(String path, boolean signedPayload) throws Exception {
    // The signer signs every chunk over http:// whatever it is told: an https URI (same host and port, and the
    // scheme is not signed) lets it build the unsigned variant.
    SdkHttpRequest request = SdkHttpRequest.builder()
        .method(SdkHttpMethod.PUT)
        .uri(URI.create(server.endpoint().toString().replace("http:", "https:") + path))
        .putHeader("Content-Length", String.valueOf(DATA.length))
        .build();
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> r
        .identity(AwsCredentialsIdentity.create(TestServer.ACCESS_KEY, TestServer.SECRET_KEY))
        .request(request)
        .payload(ContentStreamProvider.fromByteArray(DATA))
        .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
        .putProperty(AwsV4HttpSigner.REGION_NAME, "us-east-1")
        .putProperty(AwsV4HttpSigner.CHUNK_ENCODING_ENABLED, true)
        .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, signedPayload)
        .putProperty(AwsV4HttpSigner.CHECKSUM_ALGORITHM, DefaultChecksumAlgorithm.CRC32)
        .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
        .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
        .putProperty(HttpSigner.SIGNING_CLOCK, Clock.systemUTC()));
    try (InputStream in = signed.payload().orElseThrow().newStream()) {
      return new Signed(signed.request().headers(), in.readAllBytes());
    }
  }

  private static HttpResponse<String> send(String path, Signed signed, byte[] body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
    signed.headers().forEach((name, values) -> {
      if (!name.equalsIgnoreCase("host") && !name.equalsIgnoreCase("content-length")) {
        values.forEach(v -> b.header(name, v));
      }
    });
    return HTTP.send(b.PUT(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The body with the CRC32 trailer's value replaced by that of other data (still well-formed). */
  private static byte[] withOtherTrailerValue(byte[] body) {
    String text = new String(body, StandardCharsets.ISO_8859_1);
    String name = "x-amz-checksum-crc32:";
    int at = text.lastIndexOf(name) + name.length();
    String good = expected(ChecksumAlgorithm.CRC32, DATA);
    assertEquals(good, text.substring(at, at + good.length()));
    String other = expected(ChecksumAlgorithm.CRC32, new byte[] {1, 2, 3});
    return (text.substring(0, at) + other + text.substring(at + good.length())).getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void theSignedTrailerVariantStoresTheObjectAndItsChecksum() throws Exception {
    String bucket = createBucket("trl");
    Signed signed = signWithTrailer("/" + bucket + "/k", true);
    assertEquals("STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER", signed.headers().get("x-amz-content-sha256").get(0));

    HttpResponse<String> r = send("/" + bucket + "/k", signed, signed.body());

    assertEquals(200, r.statusCode(), r.body());
    assertEquals(expected(ChecksumAlgorithm.CRC32, DATA), r.headers().firstValue("x-amz-checksum-crc32").orElse(null));
    assertStoredChecksum(bucket, "k", ChecksumAlgorithm.CRC32);
  }

  @Test
  void aChangedSignedTrailerIsSignatureDoesNotMatchAndNothingIsStored() throws Exception {
    String bucket = createBucket("trl");
    Signed signed = signWithTrailer("/" + bucket + "/k", true);

    HttpResponse<String> r = send("/" + bucket + "/k", signed, withOtherTrailerValue(signed.body()));

    assertEquals(403, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>SignatureDoesNotMatch</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("k")));
  }

  @Test
  void theUnsignedTrailerVariantStoresTheObjectAndItsChecksum() throws Exception {
    String bucket = createBucket("trl");
    Signed signed = signWithTrailer("/" + bucket + "/k", false);
    assertEquals("STREAMING-UNSIGNED-PAYLOAD-TRAILER", signed.headers().get("x-amz-content-sha256").get(0));

    HttpResponse<String> r = send("/" + bucket + "/k", signed, signed.body());

    assertEquals(200, r.statusCode(), r.body());
    assertStoredChecksum(bucket, "k", ChecksumAlgorithm.CRC32);
  }

  @Test
  void aWrongUnsignedTrailerIsBadDigestAndNothingIsStored() throws Exception {
    String bucket = createBucket("trl");
    Signed signed = signWithTrailer("/" + bucket + "/k", false);

    HttpResponse<String> r = send("/" + bucket + "/k", signed, withOtherTrailerValue(signed.body()));

    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>BadDigest</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("k")));
  }

  @Test
  void aDeclaredTrailerThatNeverArrivesIsMalformedTrailerAndNothingIsStored() throws Exception {
    String bucket = createBucket("trl");
    Signed signed = signWithTrailer("/" + bucket + "/k", false);
    // Renamed rather than removed: the length is signed.
    byte[] withoutTrailer = new String(signed.body(), StandardCharsets.ISO_8859_1)
        .replace("x-amz-checksum-crc32:", "x-amz-checksum-crc3x:").getBytes(StandardCharsets.ISO_8859_1);

    HttpResponse<String> r = send("/" + bucket + "/k", signed, withoutTrailer);

    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>MalformedTrailerError</Code>"), r.body());
    assertS3Error(404, null, () -> s3.headObject(h -> h.bucket(bucket).key("k")));
  }
}
