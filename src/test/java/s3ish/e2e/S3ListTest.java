package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static s3ish.e2e.S3TestSupport.bucketName;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.ListObjectsResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.S3Object;

/** ListObjects v1 and v2 through the AWS SDK for Java v2 (which asks for encoding-type=url by default). */
class S3ListTest extends ServerPerClass {
  static String bucket;
  static final List<String> KEYS = new ArrayList<>();

  @BeforeAll
  static void createSharedBucket() {
    bucket = createBucket("listing");
    KEYS.clear(); // a subclass runs the suite again in the same JVM
    IntStream.range(0, 25).forEach(i -> KEYS.add(String.format("flat-%02d", i)));
    for (String dir : List.of("photos/2024/", "photos/2025/", "docs/")) {
      IntStream.range(0, 3).forEach(i -> KEYS.add(dir + "f" + i + ".txt"));
    }
    KEYS.add("photos/top.jpg");
    KEYS.add("space key/and+plus");
    for (String key : KEYS) {
      s3.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromString(key));
    }
    KEYS.sort(null);
  }

  @Test
  void v2PaginatesThroughEveryKeyInOrder() {
    List<String> seen = new ArrayList<>();
    String token = null;
    int pages = 0;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(7).continuationToken(t));
      page.contents().forEach(o -> seen.add(o.key()));
      assertEquals(page.contents().size(), page.keyCount());
      token = page.isTruncated() ? page.nextContinuationToken() : null;
      if (page.isTruncated()) {
        assertNotNull(token);
      }
      pages++;
    } while (token != null);
    assertEquals(KEYS, seen);
    assertEquals((KEYS.size() + 6) / 7, pages);
  }

  @Test
  void v2PaginatorSeesEverything() {
    List<String> seen = s3.listObjectsV2Paginator(b -> b.bucket(bucket).maxKeys(4)).contents().stream()
        .map(S3Object::key).toList();
    assertEquals(KEYS, seen);
  }

  @Test
  void v2DelimiterGroupsCommonPrefixes() {
    ListObjectsV2Response top = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").prefix("photos/"));
    assertEquals(List.of("photos/2024/", "photos/2025/"), top.commonPrefixes().stream().map(CommonPrefix::prefix).toList());
    assertEquals(List.of("photos/top.jpg"), top.contents().stream().map(S3Object::key).toList());
    assertEquals("photos/", top.prefix());
    assertEquals("/", top.delimiter());
  }

  @Test
  void v2DelimiterPagingCountsEachPrefixOnceAndDoesNotLoop() {
    List<String> entries = new ArrayList<>();
    String token = null;
    do {
      String t = token;
      ListObjectsV2Response page = s3.listObjectsV2(b -> b.bucket(bucket).delimiter("/").maxKeys(2).continuationToken(t));
      page.commonPrefixes().forEach(p -> entries.add(p.prefix()));
      page.contents().forEach(o -> entries.add(o.key()));
      token = page.isTruncated() ? page.nextContinuationToken() : null;
      assertTrue(entries.size() < 100, "paging loops");
    } while (token != null);
    assertEquals(3 + 25, entries.size(), entries::toString); // docs/, photos/, "space key/" + 25 flat keys
  }

  @Test
  void v2StartAfterAndFetchOwner() {
    ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).startAfter("flat-22").fetchOwner(true));
    assertEquals("flat-23", r.contents().get(0).key());
    assertEquals("flat-22", r.startAfter());
    assertNotNull(r.contents().get(0).owner());
    ListObjectsV2Response noOwner = s3.listObjectsV2(b -> b.bucket(bucket).prefix("docs/"));
    assertNull(noOwner.contents().get(0).owner());
    assertEquals(3, noOwner.keyCount());
  }

  @Test
  void v2EntriesCarrySizeETagAndDate() {
    S3Object o = s3.listObjectsV2(b -> b.bucket(bucket).prefix("docs/f0")).contents().get(0);
    assertEquals("docs/f0.txt".length(), o.size());
    assertEquals("\"" + S3TestSupport.md5Hex("docs/f0.txt".getBytes()) + "\"", o.eTag());
    assertNotNull(o.lastModified());
    assertEquals("STANDARD", o.storageClassAsString());
  }

  @Test
  void v1MarkerPaging() {
    List<String> seen = new ArrayList<>();
    String marker = null;
    do {
      String m = marker;
      ListObjectsResponse page = s3.listObjects(b -> b.bucket(bucket).maxKeys(10).marker(m));
      page.contents().forEach(o -> seen.add(o.key()));
      marker = page.isTruncated() ? page.contents().get(page.contents().size() - 1).key() : null;
    } while (marker != null);
    assertEquals(KEYS, seen);
  }

  @Test
  void v1DelimiterReturnsNextMarker() {
    ListObjectsResponse r = s3.listObjects(b -> b.bucket(bucket).delimiter("/").maxKeys(2));
    assertTrue(r.isTruncated());
    assertNotNull(r.nextMarker());
    assertEquals(List.of("docs/", "flat-00"),
        List.of(r.commonPrefixes().get(0).prefix(), r.contents().get(0).key()));
  }

  @Test
  void keysNeedingEncodingSurviveEncodingTypeUrl() {
    ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).prefix("space key/"));
    assertEquals(List.of("space key/and+plus"), r.contents().stream().map(S3Object::key).toList());
  }

  @Test
  void maxKeysZeroListsNothing() {
    ListObjectsV2Response r = s3.listObjectsV2(b -> b.bucket(bucket).maxKeys(0));
    assertTrue(r.contents().isEmpty());
    assertFalse(r.contents().size() > 0);
  }

  @Test
  void seedListingQueryWorksWithHeaderAuth() throws Exception {
    HttpResponse<String> r = S3TestSupport.send(
        S3TestSupport.seedRequest(server, "/" + bucket + "/?prefix=&max-keys=100").GET().build());
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("<ListBucketResult"), r.body());
    assertTrue(r.body().contains("<Key>flat-00</Key>"), r.body());
  }

  @Test
  void invalidMaxKeysIsInvalidArgument() throws Exception {
    HttpResponse<String> r = S3TestSupport.send(
        S3TestSupport.seedRequest(server, "/" + bucket + "?max-keys=lots").GET().build());
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("<Code>InvalidArgument</Code>"), r.body());
  }
}
