package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.UnaryOperator;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages.ListObjects;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectSummary;
import s3ish.http.ListBucketResult.CommonPrefix;
import s3ish.http.ListBucketResult.Contents;

/** ListObjects (v1) and ListObjectsV2: both are one ordered listing at storage after a start key. */
final class ListObjectsOperation {
  static final int MAX_KEYS = 1000;
  static final String STANDARD = "STANDARD";

  private final StorageClient storage;

  ListObjectsOperation(StorageClient storage) {
    this.storage = storage;
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
    return storage.listObjects(new ListObjects(context.bucket(), emptyToNull(listing.prefix()), listing.delimiter(),
            marker, listing.maxKeys()))
        .map(result -> listBucketResult(context.bucket(), listing, marker, result, context.identity().accessKey()))
        .compose(document -> Responses.xml(request.response(), document));
  }

  Future<Void> listObjectsV2(RequestContext context, HttpServerRequest request) {
    Listing listing = Listing.of(context);
    String token = context.param("continuation-token");
    String startAfter = emptyToNull(context.param("start-after"));
    String from = token != null ? decodeToken(token) : startAfter;
    boolean fetchOwner = "true".equalsIgnoreCase(context.param("fetch-owner"));
    return storage.listObjects(new ListObjects(context.bucket(), emptyToNull(listing.prefix()), listing.delimiter(),
            from, listing.maxKeys()))
        .map(result -> listBucketResultV2(context.bucket(), listing, token, startAfter, result,
            fetchOwner ? context.identity().accessKey() : null))
        .compose(document -> Responses.xml(request.response(), document));
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
