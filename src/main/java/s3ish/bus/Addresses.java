package s3ish.bus;

/**
 * Every event-bus address of the contract. No address string appears anywhere else.
 * Request/reply addresses are served by any instance of a role (the bus round-robins between them; callers on
 * the node reach the instance on their own event loop first, see {@link Lanes}); stream endpoints are per
 * verticle instance and named by {@link #streamEndpoint(String)}.
 */
public final class Addresses {
  private Addresses() {}

  private static final String PREFIX = "s3ish.";

  // auth role
  public static final String AUTH_VERIFY = PREFIX + "auth.verify";

  // storage role
  /** What every storage address starts with (metrics label storage operations by the rest). */
  public static final String STORAGE_PREFIX = PREFIX + "storage.";
  public static final String STORAGE_PING = PREFIX + "storage.ping";
  public static final String BUCKET_LIST = PREFIX + "storage.bucket.list";
  public static final String BUCKET_CREATE = PREFIX + "storage.bucket.create";
  public static final String BUCKET_HEAD = PREFIX + "storage.bucket.head";
  public static final String BUCKET_DELETE = PREFIX + "storage.bucket.delete";
  public static final String OBJECT_PUT = PREFIX + "storage.object.put";
  public static final String OBJECT_PUT_INLINE = PREFIX + "storage.object.put-inline";
  public static final String OBJECT_GET = PREFIX + "storage.object.get";
  public static final String OBJECT_COPY = PREFIX + "storage.object.copy";
  public static final String OBJECT_DELETE = PREFIX + "storage.object.delete";
  public static final String OBJECTS_DELETE = PREFIX + "storage.objects.delete";
  public static final String OBJECT_LIST = PREFIX + "storage.object.list";
  public static final String MULTIPART_CREATE = PREFIX + "storage.multipart.create";
  public static final String MULTIPART_PART = PREFIX + "storage.multipart.part";
  public static final String MULTIPART_PART_COPY = PREFIX + "storage.multipart.part.copy";
  public static final String MULTIPART_COMPLETE = PREFIX + "storage.multipart.complete";
  public static final String MULTIPART_ABORT = PREFIX + "storage.multipart.abort";
  public static final String MULTIPART_PARTS = PREFIX + "storage.multipart.parts";
  public static final String MULTIPART_UPLOADS = PREFIX + "storage.multipart.uploads";

  // erasure role
  public static final String ERASURE_ENCODE = PREFIX + "erasure.encode";
  public static final String ERASURE_DECODE = PREFIX + "erasure.decode";

  /** The address of one stream endpoint (one per verticle instance that sends or receives bodies). */
  public static String streamEndpoint(String instanceId) {
    return PREFIX + "stream." + instanceId;
  }
}
