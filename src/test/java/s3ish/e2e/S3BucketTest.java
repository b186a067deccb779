package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.assertS3Error;
import static s3ish.e2e.S3TestSupport.bucketName;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import s3ish.TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.HeadBucketResponse;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;

/** Bucket operations through the AWS SDK for Java v2 (path style). */
class S3BucketTest extends ServerPerClass {

  @Test
  void createdBucketIsListedWithOwnerAndCreationDate() {
    String bucket = bucketName("listed");
    s3.createBucket(b -> b.bucket(bucket));
    ListBucketsResponse list = s3.listBuckets();
    List<String> names = list.buckets().stream().map(Bucket::name).toList();
    assertTrue(names.contains(bucket), names::toString);
    assertNotNull(list.buckets().get(names.indexOf(bucket)).creationDate());
    assertNotNull(list.owner());
    assertNotNull(list.owner().id());
  }

  @Test
  void creatingAnOwnedBucketAgainIsAConflict() {
    String bucket = bucketName("twice");
    s3.createBucket(b -> b.bucket(bucket));
    assertS3Error(409, "BucketAlreadyOwnedByYou", () -> s3.createBucket(b -> b.bucket(bucket)));
  }

  @ParameterizedTest
  @ValueSource(strings = {"ab", "has_underscore", "192.168.10.20", "-leading-dash", "trailing-dash-", "dots..twice",
      "xn--punycode", "UPPERCASE", "this-name-is-far-too-long-for-s3-because-it-has-more-than-63-chars"})
  void invalidBucketNamesAreRefused(String name) throws Exception {
    // The SDK refuses most of these names itself, so they go out as plain requests.
    HttpResponse<String> r = S3TestSupport.send(S3TestSupport.seedRequest(server, "/" + name)
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(400, r.statusCode(), r.body());
    assertTrue(r.body().contains("<Code>InvalidBucketName</Code>"), r.body());
  }

  @Test
  void headBucketReportsRegionAndMissingBucketIs404() {
    String bucket = bucketName("head");
    s3.createBucket(b -> b.bucket(bucket));
    HeadBucketResponse head = s3.headBucket(b -> b.bucket(bucket));
    assertEquals("us-east-1", head.bucketRegion());
    assertS3Error(404, null, () -> s3.headBucket(b -> b.bucket(bucketName("missing"))));
  }

  @Test
  void deleteBucketRefusesANonEmptyBucketAndThenSucceeds() {
    String bucket = bucketName("delete");
    s3.createBucket(b -> b.bucket(bucket));
    s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x"));
    assertS3Error(409, "BucketNotEmpty", () -> s3.deleteBucket(b -> b.bucket(bucket)));
    s3.deleteObject(b -> b.bucket(bucket).key("k"));
    s3.deleteBucket(b -> b.bucket(bucket));
    assertFalse(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(bucket)));
    assertS3Error(404, "NoSuchBucket", () -> s3.deleteBucket(b -> b.bucket(bucket)));
  }

  @Test
  void bucketLocationOfTheDefaultRegionIsEmpty() {
    String bucket = bucketName("location");
    s3.createBucket(b -> b.bucket(bucket));
    String location = s3.getBucketLocation(b -> b.bucket(bucket)).locationConstraintAsString();
    assertTrue(location == null || location.isEmpty(), location);
  }

  @Test
  void objectsInAMissingBucketAreNoSuchBucket() {
    String bucket = bucketName("absent");
    assertS3Error(404, "NoSuchBucket", () -> s3.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("x")));
    assertS3Error(404, "NoSuchBucket", () -> s3.getObjectAsBytes(b -> b.bucket(bucket).key("k")));
    assertS3Error(404, "NoSuchBucket", () -> s3.listObjectsV2(b -> b.bucket(bucket)));
  }
}
