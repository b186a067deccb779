package s3ish.http;

import static s3ish.http.RequestTarget.Resource.BUCKET;
import static s3ish.http.RequestTarget.Resource.OBJECT;
import static s3ish.http.RequestTarget.Resource.SERVICE;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.http.RequestTarget.Resource;

/**
 * The routing table: one constant per AWS API name. Each declares the resource it addresses, its methods,
 * what tells it apart from its neighbours (query flags, query values, headers) and its access class.
 *
 * <p>Resolution is independent of declaration order: among the constants whose resource, method and every
 * discriminator match, the most specific wins (most subresource flags first, then most other discriminators).
 * Whether an API is implemented is decided by the dispatcher's operation table, not here.
 */
enum S3Endpoint {
  // service
  LIST_BUCKETS("ListBuckets", SERVICE, Access.READ, "GET"),

  // bucket: implemented
  CREATE_BUCKET("CreateBucket", BUCKET, Access.WRITE, "PUT"),
  HEAD_BUCKET("HeadBucket", BUCKET, Access.READ, "HEAD"),
  DELETE_BUCKET("DeleteBucket", BUCKET, Access.WRITE, "DELETE"),
  GET_BUCKET_LOCATION("GetBucketLocation", BUCKET, Access.READ, "GET", flag("location")),
  LIST_OBJECTS("ListObjects", BUCKET, Access.READ, "GET"),
  LIST_OBJECTS_V2("ListObjectsV2", BUCKET, Access.READ, "GET", value("list-type", "2")),
  DELETE_OBJECTS("DeleteObjects", BUCKET, Access.WRITE, "POST", flag("delete")),

  // bucket: declared
  POST_OBJECT("PostObject", BUCKET, Access.WRITE, "POST"),
  LIST_OBJECT_VERSIONS("ListObjectVersions", BUCKET, Access.READ, "GET", flag("versions")),
  LIST_MULTIPART_UPLOADS("ListMultipartUploads", BUCKET, Access.READ, "GET", flag("uploads")),
  GET_BUCKET_ACL("GetBucketAcl", BUCKET, Access.ADMIN, "GET", flag("acl")),
  PUT_BUCKET_ACL("PutBucketAcl", BUCKET, Access.ADMIN, "PUT", flag("acl")),
  GET_BUCKET_POLICY("GetBucketPolicy", BUCKET, Access.ADMIN, "GET", flag("policy")),
  PUT_BUCKET_POLICY("PutBucketPolicy", BUCKET, Access.ADMIN, "PUT", flag("policy")),
  DELETE_BUCKET_POLICY("DeleteBucketPolicy", BUCKET, Access.ADMIN, "DELETE", flag("policy")),
  GET_BUCKET_POLICY_STATUS("GetBucketPolicyStatus", BUCKET, Access.ADMIN, "GET", flag("policyStatus")),
  GET_BUCKET_VERSIONING("GetBucketVersioning", BUCKET, Access.READ, "GET", flag("versioning")),
  PUT_BUCKET_VERSIONING("PutBucketVersioning", BUCKET, Access.ADMIN, "PUT", flag("versioning")),
  GET_BUCKET_TAGGING("GetBucketTagging", BUCKET, Access.READ, "GET", flag("tagging")),
  PUT_BUCKET_TAGGING("PutBucketTagging", BUCKET, Access.ADMIN, "PUT", flag("tagging")),
  DELETE_BUCKET_TAGGING("DeleteBucketTagging", BUCKET, Access.ADMIN, "DELETE", flag("tagging")),
  GET_BUCKET_LIFECYCLE_CONFIGURATION("GetBucketLifecycleConfiguration", BUCKET, Access.READ, "GET", flag("lifecycle")),
  PUT_BUCKET_LIFECYCLE_CONFIGURATION("PutBucketLifecycleConfiguration", BUCKET, Access.ADMIN, "PUT", flag("lifecycle")),
  DELETE_BUCKET_LIFECYCLE("DeleteBucketLifecycle", BUCKET, Access.ADMIN, "DELETE", flag("lifecycle")),
  GET_BUCKET_CORS("GetBucketCors", BUCKET, Access.READ, "GET", flag("cors")),
  PUT_BUCKET_CORS("PutBucketCors", BUCKET, Access.ADMIN, "PUT", flag("cors")),
  DELETE_BUCKET_CORS("DeleteBucketCors", BUCKET, Access.ADMIN, "DELETE", flag("cors")),
  GET_BUCKET_WEBSITE("GetBucketWebsite", BUCKET, Access.READ, "GET", flag("website")),
  PUT_BUCKET_WEBSITE("PutBucketWebsite", BUCKET, Access.ADMIN, "PUT", flag("website")),
  DELETE_BUCKET_WEBSITE("DeleteBucketWebsite", BUCKET, Access.ADMIN, "DELETE", flag("website")),
  GET_BUCKET_LOGGING("GetBucketLogging", BUCKET, Access.READ, "GET", flag("logging")),
  PUT_BUCKET_LOGGING("PutBucketLogging", BUCKET, Access.ADMIN, "PUT", flag("logging")),
  GET_BUCKET_NOTIFICATION_CONFIGURATION("GetBucketNotificationConfiguration", BUCKET, Access.READ, "GET", flag("notification")),
  PUT_BUCKET_NOTIFICATION_CONFIGURATION("PutBucketNotificationConfiguration", BUCKET, Access.ADMIN, "PUT", flag("notification")),
  GET_BUCKET_REPLICATION("GetBucketReplication", BUCKET, Access.READ, "GET", flag("replication")),
  PUT_BUCKET_REPLICATION("PutBucketReplication", BUCKET, Access.ADMIN, "PUT", flag("replication")),
  DELETE_BUCKET_REPLICATION("DeleteBucketReplication", BUCKET, Access.ADMIN, "DELETE", flag("replication")),
  GET_BUCKET_ENCRYPTION("GetBucketEncryption", BUCKET, Access.READ, "GET", flag("encryption")),
  PUT_BUCKET_ENCRYPTION("PutBucketEncryption", BUCKET, Access.ADMIN, "PUT", flag("encryption")),
  DELETE_BUCKET_ENCRYPTION("DeleteBucketEncryption", BUCKET, Access.ADMIN, "DELETE", flag("encryption")),
  GET_OBJECT_LOCK_CONFIGURATION("GetObjectLockConfiguration", BUCKET, Access.READ, "GET", flag("object-lock")),
  PUT_OBJECT_LOCK_CONFIGURATION("PutObjectLockConfiguration", BUCKET, Access.ADMIN, "PUT", flag("object-lock")),
  GET_BUCKET_OWNERSHIP_CONTROLS("GetBucketOwnershipControls", BUCKET, Access.READ, "GET", flag("ownershipControls")),
  PUT_BUCKET_OWNERSHIP_CONTROLS("PutBucketOwnershipControls", BUCKET, Access.ADMIN, "PUT", flag("ownershipControls")),
  DELETE_BUCKET_OWNERSHIP_CONTROLS("DeleteBucketOwnershipControls", BUCKET, Access.ADMIN, "DELETE", flag("ownershipControls")),
  GET_PUBLIC_ACCESS_BLOCK("GetPublicAccessBlock", BUCKET, Access.READ, "GET", flag("publicAccessBlock")),
  PUT_PUBLIC_ACCESS_BLOCK("PutPublicAccessBlock", BUCKET, Access.ADMIN, "PUT", flag("publicAccessBlock")),
  DELETE_PUBLIC_ACCESS_BLOCK("DeletePublicAccessBlock", BUCKET, Access.ADMIN, "DELETE", flag("publicAccessBlock")),
  GET_BUCKET_ACCELERATE_CONFIGURATION("GetBucketAccelerateConfiguration", BUCKET, Access.READ, "GET", flag("accelerate")),
  PUT_BUCKET_ACCELERATE_CONFIGURATION("PutBucketAccelerateConfiguration", BUCKET, Access.ADMIN, "PUT", flag("accelerate")),
  GET_BUCKET_REQUEST_PAYMENT("GetBucketRequestPayment", BUCKET, Access.READ, "GET", flag("requestPayment")),
  PUT_BUCKET_REQUEST_PAYMENT("PutBucketRequestPayment", BUCKET, Access.ADMIN, "PUT", flag("requestPayment")),
  LIST_BUCKET_ANALYTICS_CONFIGURATIONS("ListBucketAnalyticsConfigurations", BUCKET, Access.READ, "GET", flag("analytics")),
  GET_BUCKET_ANALYTICS_CONFIGURATION("GetBucketAnalyticsConfiguration", BUCKET, Access.READ, "GET", flag("analytics"), param("id")),
  PUT_BUCKET_ANALYTICS_CONFIGURATION("PutBucketAnalyticsConfiguration", BUCKET, Access.ADMIN, "PUT", flag("analytics")),
  DELETE_BUCKET_ANALYTICS_CONFIGURATION("DeleteBucketAnalyticsConfiguration", BUCKET, Access.ADMIN, "DELETE", flag("analytics")),
  LIST_BUCKET_INVENTORY_CONFIGURATIONS("ListBucketInventoryConfigurations", BUCKET, Access.READ, "GET", flag("inventory")),
  GET_BUCKET_INVENTORY_CONFIGURATION("GetBucketInventoryConfiguration", BUCKET, Access.READ, "GET", flag("inventory"), param("id")),
  PUT_BUCKET_INVENTORY_CONFIGURATION("PutBucketInventoryConfiguration", BUCKET, Access.ADMIN, "PUT", flag("inventory")),
  DELETE_BUCKET_INVENTORY_CONFIGURATION("DeleteBucketInventoryConfiguration", BUCKET, Access.ADMIN, "DELETE", flag("inventory")),
  LIST_BUCKET_METRICS_CONFIGURATIONS("ListBucketMetricsConfigurations", BUCKET, Access.READ, "GET", flag("metrics")),
  GET_BUCKET_METRICS_CONFIGURATION("GetBucketMetricsConfiguration", BUCKET, Access.READ, "GET", flag("metrics"), param("id")),
  PUT_BUCKET_METRICS_CONFIGURATION("PutBucketMetricsConfiguration", BUCKET, Access.ADMIN, "PUT", flag("metrics")),
  DELETE_BUCKET_METRICS_CONFIGURATION("DeleteBucketMetricsConfiguration", BUCKET, Access.ADMIN, "DELETE", flag("metrics")),
  LIST_BUCKET_INTELLIGENT_TIERING_CONFIGURATIONS("ListBucketIntelligentTieringConfigurations", BUCKET, Access.READ, "GET", flag("intelligent-tiering")),
  GET_BUCKET_INTELLIGENT_TIERING_CONFIGURATION("GetBucketIntelligentTieringConfiguration", BUCKET, Access.READ, "GET", flag("intelligent-tiering"), param("id")),
  PUT_BUCKET_INTELLIGENT_TIERING_CONFIGURATION("PutBucketIntelligentTieringConfiguration", BUCKET, Access.ADMIN, "PUT", flag("intelligent-tiering")),
  DELETE_BUCKET_INTELLIGENT_TIERING_CONFIGURATION("DeleteBucketIntelligentTieringConfiguration", BUCKET, Access.ADMIN, "DELETE", flag("intelligent-tiering")),

  // object: implemented
  GET_OBJECT("GetObject", OBJECT, Access.READ, "GET"),
  HEAD_OBJECT("HeadObject", OBJECT, Access.READ, "HEAD"),
  PUT_OBJECT("PutObject", OBJECT, Access.WRITE, "PUT"),
  /** PUT is the AWS form; PATCH with the same header is the seed's. */
  COPY_OBJECT("CopyObject", OBJECT, Access.WRITE, Set.of("PUT", "PATCH"), List.of(header("x-amz-copy-source"))),
  DELETE_OBJECT("DeleteObject", OBJECT, Access.WRITE, "DELETE"),

  // object: declared
  CREATE_MULTIPART_UPLOAD("CreateMultipartUpload", OBJECT, Access.WRITE, "POST", flag("uploads")),
  COMPLETE_MULTIPART_UPLOAD("CompleteMultipartUpload", OBJECT, Access.WRITE, "POST", param("uploadId")),
  UPLOAD_PART("UploadPart", OBJECT, Access.WRITE, "PUT", param("partNumber"), param("uploadId")),
  UPLOAD_PART_COPY("UploadPartCopy", OBJECT, Access.WRITE, "PUT", param("partNumber"), param("uploadId"), header("x-amz-copy-source")),
  ABORT_MULTIPART_UPLOAD("AbortMultipartUpload", OBJECT, Access.WRITE, "DELETE", param("uploadId")),
  LIST_PARTS("ListParts", OBJECT, Access.READ, "GET", param("uploadId")),
  GET_OBJECT_ACL("GetObjectAcl", OBJECT, Access.ADMIN, "GET", flag("acl")),
  PUT_OBJECT_ACL("PutObjectAcl", OBJECT, Access.ADMIN, "PUT", flag("acl")),
  GET_OBJECT_TAGGING("GetObjectTagging", OBJECT, Access.READ, "GET", flag("tagging")),
  PUT_OBJECT_TAGGING("PutObjectTagging", OBJECT, Access.WRITE, "PUT", flag("tagging")),
  DELETE_OBJECT_TAGGING("DeleteObjectTagging", OBJECT, Access.WRITE, "DELETE", flag("tagging")),
  GET_OBJECT_RETENTION("GetObjectRetention", OBJECT, Access.READ, "GET", flag("retention")),
  PUT_OBJECT_RETENTION("PutObjectRetention", OBJECT, Access.ADMIN, "PUT", flag("retention")),
  GET_OBJECT_LEGAL_HOLD("GetObjectLegalHold", OBJECT, Access.READ, "GET", flag("legal-hold")),
  PUT_OBJECT_LEGAL_HOLD("PutObjectLegalHold", OBJECT, Access.ADMIN, "PUT", flag("legal-hold")),
  GET_OBJECT_TORRENT("GetObjectTorrent", OBJECT, Access.READ, "GET", flag("torrent")),
  GET_OBJECT_ATTRIBUTES("GetObjectAttributes", OBJECT, Access.READ, "GET", flag("attributes")),
  RESTORE_OBJECT("RestoreObject", OBJECT, Access.WRITE, "POST", flag("restore")),
  SELECT_OBJECT_CONTENT("SelectObjectContent", OBJECT, Access.READ, "POST", flag("select"));

  /** What a caller needs to be allowed; for the authorization step to come. */
  enum Access { READ, WRITE, ADMIN }

  /** One condition that tells an endpoint apart: a subresource flag, a query parameter (with value), a header. */
  record Discriminator(Kind kind, String name, String value) {
    enum Kind { FLAG, PARAM, HEADER }

    boolean matches(Map<String, String> query, Function<String, String> headers) {
      return switch (kind) {
        case FLAG, PARAM -> query.containsKey(name) && (value == null || value.equals(query.get(name)));
        case HEADER -> headers.apply(name) != null;
      };
    }
  }

  private static Discriminator flag(String name) {
    return new Discriminator(Discriminator.Kind.FLAG, name, null);
  }

  private static Discriminator param(String name) {
    return new Discriminator(Discriminator.Kind.PARAM, name, null);
  }

  private static Discriminator value(String name, String value) {
    return new Discriminator(Discriminator.Kind.PARAM, name, value);
  }

  private static Discriminator header(String name) {
    return new Discriminator(Discriminator.Kind.HEADER, name.toLowerCase(Locale.ROOT), null);
  }

  private final String apiName;
  private final Resource resource;
  private final Access access;
  private final Set<String> methods;
  private final List<Discriminator> discriminators;
  /** Subresource flags among the discriminators: the first key of {@link #SPECIFICITY}. */
  private final int flags;

  S3Endpoint(String apiName, Resource resource, Access access, String method, Discriminator... discriminators) {
    this(apiName, resource, access, Set.of(method), List.of(discriminators));
  }

  S3Endpoint(String apiName, Resource resource, Access access, Set<String> methods, List<Discriminator> discriminators) {
    this.apiName = apiName;
    this.resource = resource;
    this.access = access;
    this.methods = methods;
    this.discriminators = discriminators;
    this.flags = (int) discriminators.stream().filter(d -> d.kind() == Discriminator.Kind.FLAG).count();
  }

  /** The AWS API name, also the metrics label. */
  String apiName() {
    return apiName;
  }

  Resource resource() {
    return resource;
  }

  Access access() {
    return access;
  }

  Set<String> methods() {
    return methods;
  }

  List<Discriminator> discriminators() {
    return discriminators;
  }

  /** Most subresource flags first, then most discriminators of any kind. */
  static final Comparator<S3Endpoint> SPECIFICITY = Comparator.<S3Endpoint>comparingInt(e -> e.flags)
      .thenComparingInt(e -> e.discriminators.size());
  private static final Comparator<S3Endpoint> MOST_SPECIFIC_FIRST = SPECIFICITY.reversed();
  private static final List<S3Endpoint> TABLE = List.of(values());

  /**
   * The endpoint for a request. {@code headers} looks a header up by lowercase name. Fails with
   * MethodNotAllowed when nothing matches the method on this resource, and with InvalidRequest when two
   * equally specific endpoints match (e.g. {@code ?acl&tagging}).
   */
  static S3Endpoint resolve(String method, Resource resource, Map<String, String> query,
      Function<String, String> headers) {
    return resolve(TABLE, method, resource, query, headers);
  }

  /** Whether every discriminator matches; runs for each candidate endpoint of every request, so a plain loop. */
  private boolean matches(Map<String, String> query, Function<String, String> headers) {
    for (Discriminator d : discriminators) {
      if (!d.matches(query, headers)) {
        return false;
      }
    }
    return true;
  }

  /** Resolution over any ordering of the table (the tests shuffle it). */
  static S3Endpoint resolve(List<S3Endpoint> table, String method, Resource resource, Map<String, String> query,
      Function<String, String> headers) {
    List<S3Endpoint> matching = new ArrayList<>(2);
    for (S3Endpoint e : table) {
      if (e.resource == resource && e.methods.contains(method) && e.matches(query, headers)) {
        matching.add(e);
      }
    }
    if (matching.isEmpty()) {
      throw new S3Exception(S3ErrorCode.METHOD_NOT_ALLOWED)
          .with("Method", method)
          .with("ResourceType", resource == SERVICE ? "SERVICE" : resource == BUCKET ? "BUCKET" : "OBJECT");
    }
    matching.sort(MOST_SPECIFIC_FIRST);
    if (matching.size() > 1 && SPECIFICITY.compare(matching.get(0), matching.get(1)) == 0) {
      throw new S3Exception(S3ErrorCode.INVALID_REQUEST, "The request names more than one subresource: "
          + matching.get(0).apiName + " and " + matching.get(1).apiName + ".");
    }
    return matching.get(0);
  }
}
