package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CopyObjectResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.PutObjectResponse;

/** CopyObject (PUT and the seed's PATCH form) and DeleteObjects. */
class S3CopyAndDeleteTest extends ServerPerClass {
  static String bucket;

  @BeforeAll
  static void createSharedBucket() {
    bucket = createBucket("copy");
  }

  @Test
  void copyKeepsMetadataByDefaultAndReplacesOnRequest() {
    PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("src").contentType("text/plain")
        .metadata(Map.of("a", "1")), RequestBody.fromString("copied bytes"));
    String other = bucketName("copy-dst");
    s3.createBucket(b -> b.bucket(other));
    CopyObjectResponse copy = s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src")
        .destinationBucket(other).destinationKey("dst"));
    assertEquals(put.eTag(), copy.copyObjectResult().eTag());
    assertNotNull(copy.copyObjectResult().lastModified());
    HeadObjectResponse kept = s3.headObject(b -> b.bucket(other).key("dst"));
    assertEquals("text/plain", kept.contentType());
    assertEquals(Map.of("a", "1"), kept.metadata());
    assertEquals("copied bytes", s3.getObjectAsBytes(b -> b.bucket(other).key("dst")).asUtf8String());

    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("src").destinationBucket(bucket).destinationKey("replaced")
        .metadataDirective(MetadataDirective.REPLACE).contentType("application/json").metadata(Map.of("b", "2")));
    HeadObjectResponse replaced = s3.headObject(b -> b.bucket(bucket).key("replaced"));
    assertEquals("application/json", replaced.contentType());
    assertEquals(Map.of("b", "2"), replaced.metadata());
  }

  @Test
  void copyHonoursSourceConditions() {
    PutObjectResponse put = s3.putObject(b -> b.bucket(bucket).key("cond-src"), RequestBody.fromString("c"));
    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("cond-src").destinationBucket(bucket).destinationKey("c1")
        .copySourceIfMatch(put.eTag()));
    assertS3Error(412, "PreconditionFailed", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("cond-src")
        .destinationBucket(bucket).destinationKey("c2").copySourceIfMatch("\"nope\"")));
    assertS3Error(412, "PreconditionFailed", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("cond-src")
        .destinationBucket(bucket).destinationKey("c3").copySourceIfNoneMatch(put.eTag())));
    assertS3Error(412, "PreconditionFailed", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("cond-src")
        .destinationBucket(bucket).destinationKey("c4").copySourceIfUnmodifiedSince(Instant.now().minus(1, ChronoUnit.DAYS))));
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("c2")));
  }

  @Test
  void copyOntoItselfWithoutReplaceIsInvalidAndMissingSourceIsNoSuchKey() {
    s3.putObject(b -> b.bucket(bucket).key("self"), RequestBody.fromString("s"));
    assertS3Error(400, "InvalidRequest", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("self")
        .destinationBucket(bucket).destinationKey("self")));
    assertS3Error(404, "NoSuchKey", () -> s3.copyObject(b -> b.sourceBucket(bucket).sourceKey("absent")
        .destinationBucket(bucket).destinationKey("x")));
  }

  @Test
  void copyOfAnOddKeyDecodesTheCopySource() {
    String key = "odd key+é/1";
    s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString("odd"));
    s3.copyObject(b -> b.sourceBucket(bucket).sourceKey(key).destinationBucket(bucket).destinationKey("odd-copy"));
    assertEquals("odd", s3.getObjectAsBytes(b -> b.bucket(bucket).key("odd-copy")).asUtf8String());
  }

  @Test
  void seedPatchCopyWorks() throws Exception {
    s3.putObject(b -> b.bucket(bucket).key("hello.txt"), RequestBody.fromString("Hello, World!"));
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + "/hello-copy.txt")
        .header("x-amz-copy-source", "/" + bucket + "/hello.txt")
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.body().contains("<CopyObjectResult"), r.body());
    assertEquals("Hello, World!", s3.getObjectAsBytes(b -> b.bucket(bucket).key("hello-copy.txt")).asUtf8String());
  }

  @Test
  void deleteObjectsReportsEachKeyAndQuietModeOnlyErrors() {
    for (String k : List.of("d1", "d2")) {
      s3.putObject(b -> b.bucket(bucket).key(k), RequestBody.fromString(k));
    }
    DeleteObjectsResponse r = s3.deleteObjects(b -> b.bucket(bucket).delete(d -> d.objects(
        ObjectIdentifier.builder().key("d1").build(),
        ObjectIdentifier.builder().key("d2").build(),
        ObjectIdentifier.builder().key("never-existed").build())));
    assertEquals(List.of("d1", "d2", "never-existed"), r.deleted().stream().map(DeletedObject::key).sorted().toList());
    assertTrue(r.errors().isEmpty());
    assertS3Error(404, "NoSuchKey", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("d1")));

    s3.putObject(b -> b.bucket(bucket).key("d3"), RequestBody.fromString("d3"));
    DeleteObjectsResponse quiet = s3.deleteObjects(b -> b.bucket(bucket).bypassGovernanceRetention(true)
        .delete(d -> d.quiet(true).objects(ObjectIdentifier.builder().key("d3").build())));
    assertTrue(quiet.deleted().isEmpty());
    assertTrue(quiet.errors().isEmpty());
    assertS3Error(404, null, () -> s3.headObject(b -> b.bucket(bucket).key("d3")));
  }

  @Test
  void malformedDeleteXmlIsMalformedXml() throws Exception {
    s3.putObject(b -> b.bucket(bucket).key("survivor"), RequestBody.fromString("s"));
    for (String body : List.of("<Delete><Object><Key>survivor", "not xml at all",
        "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Delete><Object><Key>&x;</Key></Object></Delete>")) {
      HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + bucket + "?delete")
          .POST(HttpRequest.BodyPublishers.ofString(body)).build());
      assertEquals(400, r.statusCode(), r.body());
      assertTrue(r.body().contains("<Code>MalformedXML</Code>"), r.body());
    }
    assertEquals("s", s3.getObjectAsBytes(b -> b.bucket(bucket).key("survivor")).asUtf8String());
  }
}
