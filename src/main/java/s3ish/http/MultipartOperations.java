package s3ish.http;

import io.vertx.core.Future;
import io.vertx.core.http.HttpServerRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.S3Names;
import s3ish.bus.StorageClient;
import s3ish.bus.StorageMessages;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.PartList;
import s3ish.bus.StorageMessages.ReadConditions;
import s3ish.bus.StorageMessages.UploadList;
import s3ish.http.ListBucketResult.CommonPrefix;

/**
 * The multipart upload family: CreateMultipartUpload, UploadPart, UploadPartCopy, CompleteMultipartUpload,
 * AbortMultipartUpload, ListParts and ListMultipartUploads. Upload state lives at storage; this class parses,
 * validates and renders. Part bodies stream exactly like PutObject's ({@link UploadBody}).
 */
final class MultipartOperations {
  static final int MAX_PARTS = 10_000;
  static final long MAX_PART_SIZE = 5L * 1024 * 1024 * 1024;
  static final int MAX_LIST = 1000;
  /**
   * A CompleteMultipartUpload of 10,000 parts, each with a quoted ETag and a SHA256 checksum element, and
   * pretty-printed, is about 2.5 MB: more than the 1 MiB of other request documents, so its own (bounded) cap.
   */
  static final int MAX_COMPLETE_BYTES = 4 * 1024 * 1024;
  static final String STANDARD = "STANDARD";

  private static final Pattern COPY_RANGE = Pattern.compile("bytes=(\\d{1,19})-(\\d{1,19})");

  private final StorageClient storage;
  private final long maxPartSize;

  MultipartOperations(StorageClient storage, long maxObjectSize) {
    this.storage = storage;
    this.maxPartSize = Math.min(maxObjectSize, MAX_PART_SIZE);
  }

  // ---- CreateMultipartUpload

  Future<Void> createMultipartUpload(RequestContext context, HttpServerRequest request) {
    S3Names.checkKey(context.key());
    StorageMessages.CreateMultipartUpload create = new StorageMessages.CreateMultipartUpload(context.bucket(),
        context.key(), ObjectHeaders.metadata(context.headers()), checksumAlgorithm(context.header(CHECKSUM_ALGORITHM)));
    return storage.createMultipartUpload(create)
        .compose(created -> {
          if (create.checksumAlgorithm() != null) {
            request.response().putHeader(CHECKSUM_ALGORITHM, create.checksumAlgorithm().algorithm());
          }
          return Responses.xml(request.response(),
              new InitiateMultipartUploadResult(created.bucket(), created.key(), created.uploadId()));
        });
  }

  static final String CHECKSUM_ALGORITHM = "x-amz-checksum-algorithm";

  /** The checksum the completed object will carry; null when none was asked for. */
  static Checksum checksumAlgorithm(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    Checksum c = Checksum.ofAlgorithm(header.trim());
    if (c == null || !c.isObjectChecksum()) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Checksum algorithm provided is unsupported. "
          + "Please try again with any of the valid types: [CRC32, CRC32C, CRC64NVME, SHA1, SHA256]");
    }
    return c;
  }

  // ---- UploadPart

  Future<Void> uploadPart(RequestContext context, HttpServerRequest request) {
    int partNumber = partNumber(context.param("partNumber"));
    UploadBody body = UploadBody.of(context, maxPartSize);
    StorageMessages.UploadPart part = new StorageMessages.UploadPart(context.bucket(), context.key(),
        context.param("uploadId"), partNumber, body.contentLength(), body.expected(), body.trailing());
    return storage.uploadPart(part)
        .compose(upload -> body.<PartInfo>transfer(request, upload.body()))
        .compose(info -> {
          // A part's checksum describes the part only: the values, without an object checksum type.
          info.checksums().forEach((kind, value) -> request.response().headers().set(kind.header(), value));
          return request.response()
              .putHeader("ETag", info.etag())
              .putHeader("Content-Length", "0")
              .setStatusCode(200)
              .end();
        });
  }

  /** An integer 1..10000, as S3 numbers parts. */
  static int partNumber(String value) {
    try {
      int n = Integer.parseInt(value == null ? "" : value.trim());
      if (n >= 1 && n <= MAX_PARTS) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Part number must be an integer between 1 and 10000, inclusive")
        .with("ArgumentName", "partNumber")
        .with("ArgumentValue", String.valueOf(value));
  }

  // ---- UploadPartCopy

  Future<Void> uploadPartCopy(RequestContext context, HttpServerRequest request) {
    StorageMessages.UploadPartCopy copy = prepareCopy(context);
    return storage.uploadPartCopy(copy)
        .compose(info -> Responses.xml(request.response(),
            new CopyPartResult(info.etag(), HttpDates.iso(info.lastModified()))));
  }

  static StorageMessages.UploadPartCopy prepareCopy(RequestContext context) {
    int partNumber = partNumber(context.param("partNumber"));
    CopySource source = CopySource.parse(context.header("x-amz-copy-source"));
    ByteRange range = copySourceRange(context.header("x-amz-copy-source-range"));
    ReadConditions sourceConditions = GetObjectOperation.conditions(
        context.header("x-amz-copy-source-if-match"),
        context.header("x-amz-copy-source-if-none-match"),
        context.header("x-amz-copy-source-if-modified-since"),
        context.header("x-amz-copy-source-if-unmodified-since"));
    return new StorageMessages.UploadPartCopy(context.bucket(), context.key(), context.param("uploadId"), partNumber,
        source.bucket(), source.key(), range, sourceConditions);
  }

  /**
   * {@code bytes=first-last}, both present, first &lt;= last; null when absent (the whole source). Unlike GET's
   * Range, a malformed value is an error, not ignored. Whether it fits the source is storage's to judge.
   */
  static ByteRange copySourceRange(String header) {
    if (header == null) {
      return null;
    }
    Matcher m = COPY_RANGE.matcher(header.trim());
    if (m.matches()) {
      try {
        long first = Long.parseLong(m.group(1));
        long last = Long.parseLong(m.group(2));
        if (first <= last) {
          return new ByteRange(first, last, null);
        }
      } catch (NumberFormatException tooLong) {
        // falls through
      }
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "The x-amz-copy-source-range value must be of the form "
        + "bytes=first-last where first and last are the zero-based offsets of the first and last bytes to copy")
        .with("ArgumentName", "x-amz-copy-source-range")
        .with("ArgumentValue", header);
  }

  // ---- CompleteMultipartUpload

  Future<Void> completeMultipartUpload(RequestContext context, HttpServerRequest request) {
    String location = request.scheme() + "://" + request.authority() + context.resource();
    return RequestBodies.collectXml(request, MAX_COMPLETE_BYTES)
        .map(body -> new StorageMessages.CompleteMultipartUpload(context.bucket(), context.key(),
            context.param("uploadId"), completedParts(S3Xml.parse(body, CompleteMultipartUpload.class,
            MAX_COMPLETE_BYTES)), PutObjectOperation.writeConditions(context)))
        .compose(storage::completeMultipartUpload)
        .compose(info -> Responses.xml(request.response(),
            new CompleteMultipartUploadResult(location, context.bucket(), context.key(), info.etag())));
  }

  /**
   * The parts of the document, in ascending order (else InvalidPartOrder), ETags quoted as storage keeps them.
   * Missing elements, no parts or more than 10,000 are MalformedXML.
   */
  static List<CompletedPart> completedParts(CompleteMultipartUpload document) {
    if (document.parts == null || document.parts.isEmpty() || document.parts.size() > MAX_PARTS) {
      throw S3Xml.malformed();
    }
    List<CompletedPart> parts = new ArrayList<>(document.parts.size());
    int previous = 0;
    for (CompleteMultipartUpload.Part p : document.parts) {
      if (p == null || p.partNumber == null || p.etag == null || p.etag.isBlank()) {
        throw S3Xml.malformed();
      }
      if (p.partNumber <= previous) {
        throw new S3Exception(S3ErrorCode.INVALID_PART_ORDER);
      }
      previous = p.partNumber;
      parts.add(CompletedPart.asSent(p.partNumber, p.etag));
    }
    return parts;
  }

  // ---- AbortMultipartUpload

  Future<Void> abortMultipartUpload(RequestContext context, HttpServerRequest request) {
    return storage.abortMultipartUpload(context.bucket(), context.key(), context.param("uploadId"))
        .compose(v -> Responses.empty(request.response(), 204));
  }

  // ---- ListParts

  Future<Void> listParts(RequestContext context, HttpServerRequest request) {
    int marker = nonNegative(context.param("part-number-marker"), "part-number-marker", 0);
    int maxParts = Math.min(nonNegative(context.param("max-parts"), "max-parts", MAX_LIST), MAX_LIST);
    return storage.listParts(new StorageMessages.ListParts(context.bucket(), context.key(), context.param("uploadId"),
            marker, maxParts))
        .compose(list -> Responses.xml(request.response(),
            listPartsResult(list, marker, maxParts, context.identity().accessKey())));
  }

  static ListPartsResult listPartsResult(PartList list, int marker, int maxParts, String owner) {
    Owner o = Owner.of(owner);
    List<ListPartsResult.Part> parts = list.parts().stream().map(MultipartOperations::part).toList();
    return new ListPartsResult(list.bucket(), list.key(), list.uploadId(), marker,
        list.truncated() ? list.nextPartNumberMarker() : null, maxParts, list.truncated(), parts, o, o, STANDARD);
  }

  private static ListPartsResult.Part part(PartInfo p) {
    Map<Checksum, String> c = p.checksums();
    return new ListPartsResult.Part(p.partNumber(), HttpDates.iso(p.lastModified()), p.etag(), p.size(),
        c.get(Checksum.CRC32), c.get(Checksum.CRC32C), c.get(Checksum.CRC64NVME), c.get(Checksum.SHA1),
        c.get(Checksum.SHA256));
  }

  // ---- ListMultipartUploads

  Future<Void> listMultipartUploads(RequestContext context, HttpServerRequest request) {
    Uploads query = Uploads.of(context);
    return storage.listMultipartUploads(new StorageMessages.ListMultipartUploads(context.bucket(), query.prefix(),
            query.delimiter(), query.keyMarker(), query.uploadIdMarker(), query.maxUploads()))
        .compose(list -> Responses.xml(request.response(),
            listMultipartUploadsResult(context.bucket(), query, list, context.identity().accessKey())));
  }

  /** The query of ListMultipartUploads; as in S3, an upload-id-marker without a key-marker is ignored. */
  record Uploads(String prefix, String delimiter, String keyMarker, String uploadIdMarker, int maxUploads,
      boolean urlEncoded) {
    static Uploads of(RequestContext context) {
      String keyMarker = emptyToNull(context.param("key-marker"));
      return new Uploads(emptyToNull(context.param("prefix")), emptyToNull(context.param("delimiter")), keyMarker,
          keyMarker == null ? null : emptyToNull(context.param("upload-id-marker")),
          Math.min(nonNegative(context.param("max-uploads"), "max-uploads", MAX_LIST), MAX_LIST),
          ListObjectsOperation.urlEncoding(context.param("encoding-type")));
    }
  }

  static ListMultipartUploadsResult listMultipartUploadsResult(String bucket, Uploads query, UploadList list,
      String owner) {
    UnaryOperator<String> enc = query.urlEncoded() ? UriCodec::encodeUrl : UnaryOperator.identity();
    Owner o = Owner.of(owner);
    List<ListMultipartUploadsResult.Upload> uploads = list.uploads().stream()
        .map(u -> new ListMultipartUploadsResult.Upload(enc.apply(u.key()), u.uploadId(), o, o, STANDARD,
            HttpDates.iso(u.initiated())))
        .toList();
    List<CommonPrefix> prefixes = list.commonPrefixes().stream().map(p -> new CommonPrefix(enc.apply(p))).toList();
    return new ListMultipartUploadsResult(
        bucket,
        enc.apply(query.keyMarker() == null ? "" : query.keyMarker()),
        query.uploadIdMarker() == null ? "" : query.uploadIdMarker(),
        list.truncated() ? enc.apply(list.nextKeyMarker()) : null,
        list.truncated() ? list.nextUploadIdMarker() : null,
        enc.apply(query.prefix() == null ? "" : query.prefix()),
        enc.apply(query.delimiter()),
        query.maxUploads(),
        query.urlEncoded() ? "url" : null,
        list.truncated(),
        uploads,
        prefixes);
  }

  /** A non-negative integer query parameter; {@code fallback} when absent. */
  static int nonNegative(String value, String name, int fallback) {
    if (value == null) {
      return fallback;
    }
    try {
      int n = Integer.parseInt(value.trim());
      if (n >= 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through
    }
    throw new S3Exception(S3ErrorCode.INVALID_ARGUMENT, "Provided " + name + " not an integer or within integer range")
        .with("ArgumentName", name)
        .with("ArgumentValue", value);
  }

  private static String emptyToNull(String value) {
    return value == null || value.isEmpty() ? null : value;
  }
}
