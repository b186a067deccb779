package s3ish.grpc;

import io.vertx.core.Future;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.PutObjectHeader;

/** Conversions between the proto messages and the contract's records. */
final class Messages {
  private Messages() {}

  static Bucket bucket(StorageMessages.BucketInfo info) {
    Bucket.Builder b = Bucket.newBuilder().setName(info.name()).setCreationDate(info.creationDate());
    if (info.region() != null) {
      b.setRegion(info.region());
    }
    return b.build();
  }

  static ObjectInfo info(StorageMessages.ObjectInfo info) {
    ObjectInfo.Builder b = ObjectInfo.newBuilder()
        .setBucket(info.bucket())
        .setKey(info.key())
        .setSize(info.size())
        .setEtag(info.etag())
        .setLastModified(info.lastModified());
    StorageMessages.ObjectMetadata metadata = info.metadata();
    if (metadata != null) {
      if (metadata.contentType() != null) {
        b.setContentType(metadata.contentType());
      }
      if (metadata.user() != null) {
        b.putAllMetadata(metadata.user());
      }
    }
    return b.build();
  }

  static StorageMessages.PutObject putObject(PutObjectHeader header) {
    Map<Checksum, String> expected = new HashMap<>();
    if (header.hasContentMd5()) {
      expected.put(Checksum.MD5, validMd5(header.getContentMd5()));
    }
    // S3 user metadata keys are case-insensitive and stored lowercase.
    Map<String, String> user = new HashMap<>();
    header.getMetadataMap().forEach((k, v) -> user.put(k.toLowerCase(Locale.ROOT), v));
    StorageMessages.ObjectMetadata metadata = new StorageMessages.ObjectMetadata(
        emptyToNull(header.getContentType()), null, null, null, null, null, Map.copyOf(user));
    // The length is unknown until the stream ends: storage checks max_object_size as bytes arrive.
    return new StorageMessages.PutObject(header.getBucket(), header.getKey(), metadata, -1, Map.copyOf(expected),
        StorageMessages.WriteConditions.NONE);
  }

  static Future<StorageMessages.ByteRange> range(GetObjectRequest get) {
    if (!get.hasRangeFirst()) {
      return get.hasRangeLast()
          ? Future.failedFuture(new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "range_last needs range_first"))
          : Future.succeededFuture(null);
    }
    return Future.succeededFuture(new StorageMessages.ByteRange(get.getRangeFirst(),
        get.hasRangeLast() ? get.getRangeLast() : null, null));
  }

  static StorageMessages.ReadConditions conditions(GetObjectRequest get) {
    return conditions(get.hasIfMatch() ? get.getIfMatch() : null, get.hasIfNoneMatch() ? get.getIfNoneMatch() : null);
  }

  static StorageMessages.ReadConditions conditions(String ifMatch, String ifNoneMatch) {
    return ifMatch == null && ifNoneMatch == null
        ? StorageMessages.ReadConditions.NONE
        : new StorageMessages.ReadConditions(ifMatch, ifNoneMatch, null, null);
  }

  static String emptyToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }

  private static String validMd5(String value) {
    try {
      if (Base64.getDecoder().decode(value.trim()).length == 16) {
        return value.trim();
      }
    } catch (IllegalArgumentException notBase64) {
      // reported below
    }
    throw new S3Exception(S3ErrorCode.INVALID_DIGEST);
  }
}
