package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.send;
import static s3ish.e2e.S3TestSupport.seedRequest;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.BucketLocationConstraint;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.GetBucketVersioningResponse;
import software.amazon.awssdk.services.s3.model.ListObjectVersionsResponse;
import software.amazon.awssdk.services.s3.model.ObjectCannedACL;
import software.amazon.awssdk.services.s3.model.ObjectLockMode;
import software.amazon.awssdk.services.s3.model.ObjectVersion;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;
import software.amazon.awssdk.services.s3.model.StorageClass;

/** The small behaviours real clients rely on, each through the SDK v2 or raw HTTP. */
class ClientExpectationsTest extends ServerPerClass {

  @Test
  void listObjectVersionsListsEachObjectOnceAsVersionNull() {
    String bucket = createBucket("versions");
    for (String key : List.of("a", "b", "d/1", "d/2", "e")) {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
    }
    List<ObjectVersion> all = s3.listObjectVersionsPaginator(b -> b.bucket(bucket).maxKeys(2)).versions().stream()
        .toList();
    assertEquals(List.of("a", "b", "d/1", "d/2", "e"), all.stream().map(ObjectVersion::key).toList());
    for (ObjectVersion v : all) {
      assertEquals("null", v.versionId());
      assertTrue(v.isLatest());
      assertEquals((long) v.key().length(), v.size());
      assertNotNull(v.eTag());
      assertNotNull(v.lastModified());
      assertEquals("STANDARD", v.storageClassAsString());
      assertNotNull(v.owner().id());
    }
  }

  @Test
  void listObjectVersionsPagesWithKeyAndVersionIdMarkersAndGroupsByDelimiter() {
    String bucket = createBucket("vmarkers");
    for (String key : List.of("a", "d/1", "d/2", "e")) {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
    }
    ListObjectVersionsResponse first = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/").maxKeys(1));
    assertTrue(first.isTruncated());
    assertEquals("a", first.nextKeyMarker());
    assertEquals("null", first.nextVersionIdMarker());
    ListObjectVersionsResponse rest = s3.listObjectVersions(b -> b.bucket(bucket).delimiter("/")
        .keyMarker(first.nextKeyMarker()).versionIdMarker(first.nextVersionIdMarker()));
    assertEquals(List.of("d/"), rest.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    assertEquals(List.of("e"), rest.versions().stream().map(ObjectVersion::key).toList());
    assertS3Error(400, "InvalidArgument", () -> s3.listObjectVersions(b -> b.bucket(bucket).keyMarker("a")
        .versionIdMarker("3sL4kqtJlcpXroDTDmJ")));
  }

  @Test
  void bucketVersioningIsNeverEnabledAndCannotBeEnabled() {
    String bucket = createBucket("versioning");
    GetBucketVersioningResponse versioning = s3.getBucketVersioning(b -> b.bucket(bucket));
    assertNull(versioning.status());
    assertNull(versioning.mfaDelete());
    assertS3Error(501, "NotImplemented", () -> s3.putBucketVersioning(b -> b.bucket(bucket)
        .versioningConfiguration(c -> c.status("Enabled"))));
  }

  @Test
  void listingsCarryTheBucketsRegion() throws Exception {
    String home = createBucket("region");
    String away = S3TestSupport.bucketName("away");
    s3.createBucket(b -> b.bucket(away)
        .createBucketConfiguration(c -> c.locationConstraint(BucketLocationConstraint.EU_WEST_1)));
    for (String query : List.of("", "?list-type=2", "?versions")) {
      assertEquals("us-east-1", get("/" + home + query).headers().firstValue("x-amz-bucket-region").orElse(null), query);
      assertEquals("eu-west-1", get("/" + away + query).headers().firstValue("x-amz-bucket-region").orElse(null), query);
    }
  }

  @Test
  void everyResponseHasDateAndServerAndHeadOfAMissingKeyIs404WithoutBody() throws Exception {
    String bucket = createBucket("head");
    HttpResponse<String> r = send(seedRequest(server, "/" + bucket + "/absent")
        .method("HEAD", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(404, r.statusCode());
    assertEquals("", r.body());
    assertTrue(r.headers().firstValue("Date").orElse("").endsWith(" GMT"), r.headers().toString());
    assertEquals("s3ish", r.headers().firstValue("Server").orElse(null));
  }

  @Test
  void emptyPutWithAndWithoutContentLengthStoresAnEmptyObject() throws IOException {
    String bucket = createBucket("emptyput");
    String host = "127.0.0.1:" + server.port();
    assertEquals(200, RawHttp.exchange(server, "PUT", "/" + bucket + "/with", host, "Content-Length: 0\r\n", null).status());
    // curl -X PUT sends neither Content-Length nor a body: HTTP/1.1 framing says the body is empty
    RawHttp.Response without = RawHttp.exchange(server, "PUT", "/" + bucket + "/without", host, "", null);
    assertEquals(200, without.status(), without.body());
    for (String key : List.of("with", "without")) {
      assertEquals(0L, s3.headObject(b -> b.bucket(bucket).key(key)).contentLength(), key);
    }
  }

  @Test
  void headersAskingForWhatAlreadyHoldsAreAccepted() {
    String bucket = createBucket("accepted");
    s3.putObject(b -> b.bucket(bucket).key("k").storageClass(StorageClass.STANDARD).acl(ObjectCannedACL.PRIVATE),
        RequestBody.fromString("x"));
    s3.putObject(b -> b.bucket(bucket).key("owner").acl(ObjectCannedACL.BUCKET_OWNER_FULL_CONTROL),
        RequestBody.fromString("x"));
    assertEquals(2, s3.deleteObjects(b -> b.bucket(bucket).bypassGovernanceRetention(true)
        .delete(d -> d.objects(o -> o.key("k"), o -> o.key("owner")))).deleted().size());
  }

  @Test
  void headersAskingForUnusedFeaturesAreRefusedAndNothingIsStored() {
    String bucket = createBucket("refused");
    assertS3Error(400, "InvalidStorageClass", () -> s3.putObject(b -> b.bucket(bucket).key("k")
        .storageClass(StorageClass.GLACIER), RequestBody.fromString("x")));
    assertS3Error(501, "NotImplemented", () -> s3.putObject(b -> b.bucket(bucket).key("k")
        .acl(ObjectCannedACL.PUBLIC_READ), RequestBody.fromString("x")));
    assertS3Error(501, "NotImplemented", () -> s3.putObject(b -> b.bucket(bucket).key("k")
        .serverSideEncryption(ServerSideEncryption.AES256), RequestBody.fromString("x")));
    assertS3Error(400, "InvalidRequest", () -> s3.putObject(b -> b.bucket(bucket).key("k")
        .objectLockMode(ObjectLockMode.GOVERNANCE).objectLockRetainUntilDate(java.time.Instant.now().plusSeconds(60)),
        RequestBody.fromString("x")));
    assertS3Error(404, "NoSuchKey", () -> s3.headObject(b -> b.bucket(bucket).key("k")));
  }

  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    HttpResponse<String> r = send(seedRequest(server, pathAndQuery).GET().build());
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }
}
