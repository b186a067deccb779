package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectSummary;
import s3ish.http.ListBucketResult.CommonPrefix;
import s3ish.http.ListBucketResult.Contents;

/**
 * ListObjects (v1), ListObjectsV2 and ListObjectVersions: all are one ordered listing at storage after a start
 * key. Each response carries {@code x-amz-bucket-region}, as S3's do.
 */
final class ListObjectsOperation {
  static final int MAX_KEYS = 1000;
  static final String STANDARD = "STANDARD";

  private final StorageClient storage;
  private final String region;

  ListObjectsOperation(StorageClient storage, String region) {
    this.storage = storage;
    this.region = region;
  }

  /** The parameters both versions share. */
  record Listing(String prefix, String delimiter, int maxKeys, boolean urlEncoded) {
    static Listing of(RequestContext context) {
      return new Listing(context.param("prefix"), emptyToNull(context.param("delimiter")),
          parseMaxKeys(context.param("max-keys")), urlEncoding(context.param("encoding-type")));
    }

    UnaryOperator<String> encoder() {
      return urlEncoded ? UriCodec::encodeUrl : UnaryOperator.identity();
    }
  }

  Future<Void> listObjects(RequestContext context, HttpServerRequest request) {
    Listing listing = Listing.of(context);
    String marker = emptyToNull(context.param("marker"));
    return respond(context, request, listing, marker,
        result -> listBucketResult(context.bucket(), listing, marker, result, context.identity().accessKey()));
  }

  Future<Void> listObjectsV2(RequestContext context, HttpServerRequest request) {
    Listing listing = Listing.of(context);
    String token = context.param("continuation-token");
    String startAfter = emptyToNull(context.param("start-after"));
    String from = token != null ? decodeToken(token) : startAfter;
    boolean fetchOwner = "true".equalsIgnoreCase(context.param("fetch-owner"));
    return respond(context, request, listing, from, result -> listBucketResultV2(context.bucket(), listing, token,
        startAfter, result, fetchOwner ? context.identity().accessKey() : null));
  }

  /**
   * Without versioning each key has exactly one version, "null", so a (key-marker, version-id-marker) position
   * is the same as starting after key-marker.
   */
  Future<Void> listObjectVersions(RequestContext context, HttpServerRequest request) {
    Listing listing = Listing.of(context);
    String keyMarker = emptyToNull(context.param("key-marker"));
    String versionIdMarker = emptyToNull(context.param("version-id-marker"));
    checkVersionIdMarker(keyMarker, versionIdMarker);
    return respond(context, request, listing, keyMarker, result -> listVersionsResult(context.bucket(), listing,
        keyMarker, versionIdMarker, result, context.identity().accessKey()));
  }

  /** Lists after {@code from} and, at the same time, asks for the bucket's region for the response header. */
  private Future<Void> respond(RequestContext context, HttpServerRequest request, Listing listing, String from,
      Function<ListResult, Object> document) {
    Future<ListResult> listed = storage.listObjects(new ListObjects(context.bucket(), emptyToNull(listing.prefix()),
        listing.delimiter(), from, listing.maxKeys()));
    Future<String> bucketRegion = storage.headBucket(context.bucket())
        .map(info -> BucketOperations.regionOf(info, region));
    return Future.all(listed, bucketRegion)
        .compose(both -> {
          request.response().putHeader(BucketOperations.BUCKET_REGION, bucketRegion.result());
          return Responses.xml(request.response(), document.apply(listed.result()));
        });
  }

  /** The only version id there is, "null", and only together with a key marker, as S3 requires. */
  static void checkVersionIdMarker(String keyMarker, String versionIdMarker) {
    if (versionIdMarker == null) {
      return;
    }
    if (keyMarker == null) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "A version-id marker cannot be specified without a key marker.")
          .with("ArgumentName", "version-id-marker")
          .with("ArgumentValue", versionIdMarker);
    }
    if (!versionIdMarker.equals(ListVersionsResult.NULL_VERSION)) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid version id specified")
          .with("ArgumentName", "version-id-marker")
          .with("ArgumentValue", versionIdMarker);
    }
  }

  static ListVersionsResult listVersionsResult(String bucket, Listing listing, String keyMarker,
      String versionIdMarker, ListResult result, String owner) {
    UnaryOperator<String> enc = listing.encoder();
    Owner o = Owner.of(owner);
    List<ListVersionsResult.Version> versions = result.contents().stream()
        .map(s -> new ListVersionsResult.Version(enc.apply(s.key()), ListVersionsResult.NULL_VERSION, true,
            HttpDates.iso(s.lastModified()), s.etag(), s.size(), STANDARD, o))
        .toList();
    String next = result.truncated() ? result.nextMarker() : null;
    // The next version id marker names a version: none when the page ended on a common prefix.
    boolean nextIsKey = next != null && !result.contents().isEmpty()
        && next.equals(result.contents().get(result.contents().size() - 1).key());
    return new ListVersionsResult(
        bucket,
        enc.apply(listing.prefix() == null ? "" : listing.prefix()),
        enc.apply(keyMarker == null ? "" : keyMarker),
        versionIdMarker == null ? "" : versionIdMarker,
        enc.apply(next),
        nextIsKey ? ListVersionsResult.NULL_VERSION : null,
        listing.maxKeys(),
        enc.apply(listing.delimiter()),
        listing.urlEncoded() ? "url" : null,
        result.truncated(),
        versions,
        commonPrefixes(result.commonPrefixes(), enc));
  }

  static ListBucketResult listBucketResult(String bucket, Listing listing, String marker, ListResult result,
      String owner) {
    UnaryOperator<String> enc = listing.encoder();
    return new ListBucketResult(
        bucket,
        enc.apply(listing.prefix() == null ? "" : listing.prefix()),
        enc.apply(marker == null ? "" : marker),
        listing.maxKeys(),
        enc.apply(listing.delimiter()),
        listing.urlEncoded() ? "url" : null,
        result.truncated(),
        result.truncated() ? enc.apply(result.nextMarker()) : null,
        contents(result.contents(), enc, owner),
        commonPrefixes(result.commonPrefixes(), enc));
  }

  static ListBucketResultV2 listBucketResultV2(String bucket, Listing listing, String token, String startAfter,
      ListResult result, String owner) {
    UnaryOperator<String> enc = listing.encoder();
    return new ListBucketResultV2(
        bucket,
        enc.apply(listing.prefix() == null ? "" : listing.prefix()),
        listing.maxKeys(),
        result.contents().size() + result.commonPrefixes().size(),
        enc.apply(listing.delimiter()),
        listing.urlEncoded() ? "url" : null,
        result.truncated(),
        token,
        result.truncated() && result.nextMarker() != null ? encodeToken(result.nextMarker()) : null,
        enc.apply(startAfter),
        contents(result.contents(), enc, owner),
        commonPrefixes(result.commonPrefixes(), enc));
  }

  private static List<Contents> contents(List<ObjectSummary> objects, UnaryOperator<String> enc, String owner) {
    Owner o = owner == null ? null : Owner.of(owner);
    return objects.stream()
        .map(s -> new Contents(enc.apply(s.key()), HttpDates.iso(s.lastModified()), s.etag(), s.size(), o, STANDARD))
        .toList();
  }

  private static List<CommonPrefix> commonPrefixes(List<String> prefixes, UnaryOperator<String> enc) {
    return prefixes.stream().map(p -> new CommonPrefix(enc.apply(p))).toList();
  }

  /** Default and cap 1000; anything not a non-negative integer is InvalidArgument. */
  static int parseMaxKeys(String value) {
    if (value == null) {
      return MAX_KEYS;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n < 0) {
        throw new NumberFormatException();
      }
      return Math.min(n, MAX_KEYS);
    } catch (NumberFormatException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Provided max-keys not an integer or within integer range")
          .with("ArgumentName", "max-keys")
          .with("ArgumentValue", value);
    }
  }

  static boolean urlEncoding(String value) {
    if (value == null) {
      return false;
    }
    if (value.equals("url")) {
      return true;
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Invalid Encoding Method specified in Request")
        .with("ArgumentName", "encoding-type")
        .with("ArgumentValue", value);
  }

  /** Opaque to clients: base64url of the last key or prefix returned. */
  static String encodeToken(String key) {
    return Base64.getUrlEncoder().withoutPadding().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  static String decodeToken(String token) {
    try {
      byte[] bytes = Base64.getUrlDecoder().decode(token);
      String key = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
      if (key.isEmpty()) {
        throw new IllegalArgumentException();
      }
      return key;
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The continuation token provided is incorrect")
          .with("ArgumentName", "continuation-token");
    }
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
