package s3ish.grpc;

import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages;
import s3ish.grpc.v1.Bucket;
import s3ish.grpc.v1.Checksums;
import s3ish.grpc.v1.GetObjectRequest;
import s3ish.grpc.v1.ObjectInfo;
import s3ish.grpc.v1.Part;
import s3ish.grpc.v1.PutObjectHeader;
import s3ish.grpc.v1.UploadPartHeader;

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
        .setLastModified(info.lastModified())
        .setChecksums(checksums(info.checksums()))
        .setPartsCount(info.partsCount());
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
    Map<Checksum, String> expected = expected(header.hasContentMd5() ? header.getContentMd5() : null,
        header.getChecksums());
    // The length is unknown until the stream ends: storage checks max_object_size as bytes arrive.
    return new StorageMessages.PutObject(header.getBucket(), header.getKey(),
        metadata(header.getContentType(), header.getMetadataMap()), -1, expected,
        StorageMessages.WriteConditions.NONE);
  }

  static StorageMessages.UploadPart uploadPart(UploadPartHeader header) {
    return new StorageMessages.UploadPart(header.getBucket(), header.getKey(), header.getUploadId(),
        header.getPartNumber(), -1,
        expected(header.hasContentMd5() ? header.getContentMd5() : null, header.getChecksums()), Set.of());
  }

  static StorageMessages.ObjectMetadata metadata(String contentType, Map<String, String> metadata) {
    // S3 user metadata keys are case-insensitive and stored lowercase.
    Map<String, String> user = new HashMap<>();
    metadata.forEach((k, v) -> user.put(k.toLowerCase(Locale.ROOT), v));
    return new StorageMessages.ObjectMetadata(emptyToNull(contentType), null, null, null, null, null,
        Map.copyOf(user));
  }

  static Part part(StorageMessages.PartInfo info) {
    return Part.newBuilder()
        .setPartNumber(info.partNumber())
        .setEtag(info.etag())
        .setSize(info.size())
        .setLastModified(info.lastModified())
        .setChecksums(checksums(info.checksums()))
        .build();
  }

  /** The digests a body must match: Content-MD5 and every checksum given, each well formed or InvalidDigest. */
  static Map<Checksum, String> expected(String contentMd5, Checksums checksums) {
    Map<Checksum, String> expected = new EnumMap<>(Checksum.class);
    if (contentMd5 != null) {
      expected.put(Checksum.MD5, wellFormed(Checksum.MD5, contentMd5));
    }
    if (checksums.hasCrc32()) {
      expected.put(Checksum.CRC32, wellFormed(Checksum.CRC32, checksums.getCrc32()));
    }
    if (checksums.hasCrc32C()) {
      expected.put(Checksum.CRC32C, wellFormed(Checksum.CRC32C, checksums.getCrc32C()));
    }
    if (checksums.hasCrc64Nvme()) {
      expected.put(Checksum.CRC64NVME, wellFormed(Checksum.CRC64NVME, checksums.getCrc64Nvme()));
    }
    if (checksums.hasSha1()) {
      expected.put(Checksum.SHA1, wellFormed(Checksum.SHA1, checksums.getSha1()));
    }
    if (checksums.hasSha256()) {
      expected.put(Checksum.SHA256, wellFormed(Checksum.SHA256, checksums.getSha256()));
    }
    return Map.copyOf(expected);
  }

  static Checksums checksums(Map<Checksum, String> stored) {
    Checksums.Builder b = Checksums.newBuilder();
    stored.forEach((kind, value) -> {
      switch (kind) {
        case CRC32 -> b.setCrc32(value);
        case CRC32C -> b.setCrc32C(value);
        case CRC64NVME -> b.setCrc64Nvme(value);
        case SHA1 -> b.setSha1(value);
        case SHA256 -> b.setSha256(value);
        case MD5, CONTENT_SHA256 -> { /* never stored as object checksums */ }
      }
    });
    return b.build();
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

  private static String wellFormed(Checksum kind, String value) {
    if (!kind.isWellFormed(value)) {
      throw new S3Exception(S3ErrorCode.INVALID_DIGEST,
          "The " + kind.name() + " value is not base64 of a " + kind.digestLength() + "-byte digest");
    }
    return value.trim();
  }
}
