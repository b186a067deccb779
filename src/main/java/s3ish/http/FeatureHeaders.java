package s3ish.http;

import io.vertx.core.MultiMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * Request headers of S3 features a bucket here never uses. A header that asks for what already holds is
 * accepted (S3 accepts it too: a private ACL, the STANDARD class, bypassing a retention that does not exist);
 * a header asking for something this server would not do is refused, never silently ignored.
 * docs/S3_COMPATIBILITY.md lists each decision.
 */
final class FeatureHeaders {
  private FeatureHeaders() {}

  /** Canned ACLs that describe what every bucket and object already is: owned by, and private to, the owner. */
  private static final Set<String> OWNER_ONLY_ACLS = Set.of("private", "bucket-owner-full-control");
  private static final String STANDARD = "STANDARD";
  private static final String ACL = "x-amz-acl";
  private static final String STORAGE_CLASS = "x-amz-storage-class";
  private static final String OBJECT_LOCK_ENABLED = "x-amz-bucket-object-lock-enabled";

  /** Requests for explicit grants or encryption: not done here, so 501 naming the header. */
  private static final List<String> NOT_IMPLEMENTED = List.of(
      "x-amz-grant-read", "x-amz-grant-write", "x-amz-grant-read-acp", "x-amz-grant-write-acp",
      "x-amz-grant-full-control",
      "x-amz-server-side-encryption", "x-amz-server-side-encryption-aws-kms-key-id",
      "x-amz-server-side-encryption-context", "x-amz-server-side-encryption-customer-algorithm",
      "x-amz-copy-source-server-side-encryption-customer-algorithm",
      "x-amz-tagging");

  /** Object lock settings on a write: S3's own answer for a bucket without object lock. */
  private static final List<String> OBJECT_LOCK = List.of(
      "x-amz-object-lock-mode", "x-amz-object-lock-retain-until-date", "x-amz-object-lock-legal-hold");

  /** Every header name {@link #check} looks at, lowercase: a name missing here would never be checked. */
  private static final Set<String> CHECKED = Stream.of(List.of(ACL, STORAGE_CLASS, OBJECT_LOCK_ENABLED),
          NOT_IMPLEMENTED, OBJECT_LOCK)
      .flatMap(List::stream)
      .collect(Collectors.toUnmodifiableSet());
  private static final String AMZ_PREFIX = "x-amz-";

  static void check(S3Endpoint endpoint, MultiMap headers) {
    // Most requests carry none of these: one pass over the headers instead of sixteen lookups.
    if (!carriesAny(headers)) {
      return;
    }
    String acl = headers.get(ACL);
    if (acl != null && !OWNER_ONLY_ACLS.contains(acl.trim().toLowerCase(Locale.ROOT))) {
      throw notImplemented(ACL, acl);
    }
    String storageClass = headers.get(STORAGE_CLASS);
    if (storageClass != null && !storageClass.trim().equals(STANDARD)) {
      throw new S3Exception(S3ErrorCode.INVALID_STORAGE_CLASS).with("StorageClassRequested", storageClass);
    }
    for (String name : NOT_IMPLEMENTED) {
      String value = headers.get(name);
      if (value != null) {
        throw notImplemented(name, value);
      }
    }
    if (endpoint == S3Endpoint.CREATE_BUCKET
        && "true".equalsIgnoreCase(String.valueOf(headers.get(OBJECT_LOCK_ENABLED)).trim())) {
      throw notImplemented(OBJECT_LOCK_ENABLED, "true");
    }
    for (String name : OBJECT_LOCK) {
      if (headers.get(name) != null) {
        throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "Bucket is missing Object Lock Configuration");
      }
    }
  }

  private static boolean carriesAny(MultiMap headers) {
    for (Map.Entry<String, String> header : headers) {
      String name = header.getKey();
      if (name.regionMatches(true, 0, AMZ_PREFIX, 0, AMZ_PREFIX.length())
          && CHECKED.contains(name.toLowerCase(Locale.ROOT))) {
        return true;
      }
    }
    return false;
  }

  private static S3Exception notImplemented(String header, String value) {
    return new S3Exception(S3ErrorCode.NOT_IMPLEMENTED,
        "A header you provided implies functionality that is not implemented: " + header + ": " + value.trim())
        .with("Header", header);
  }
}
