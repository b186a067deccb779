package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class VirtualHostsTest {
  private final VirtualHosts none = VirtualHosts.parse("");
  private final VirtualHosts configured = VirtualHosts.parse(" example.com , s3.example.com,Storage.Internal. ");

  @Test
  void anyNameUnderLocalhostIsABucketWithoutConfiguration() {
    assertEquals("bucket", none.bucket("bucket.localhost"));
    assertEquals("bucket", none.bucket("Bucket.LOCALHOST."));
  }

  @Test
  void bucketKeepsItsDots() {
    assertEquals("my.bucket", none.bucket("my.bucket.localhost"));
    assertEquals("my.bucket", configured.bucket("my.bucket.s3.example.com"));
  }

  @Test
  void theSeedsHostFormsArePathStyle() {
    assertNull(none.bucket("localhost"));
    assertNull(none.bucket("127.0.0.1"));
    assertNull(none.bucket("[::1]"));
    assertNull(none.bucket("::1"));
    assertNull(none.bucket(null));
    assertNull(none.bucket(""));
  }

  @Test
  void aConfiguredDomainItselfIsPathStyleAndItsSubdomainsAreBuckets() {
    assertNull(configured.bucket("example.com"));
    assertNull(configured.bucket("s3.example.com"));
    assertEquals("b", configured.bucket("b.example.com"));
    assertEquals("b", configured.bucket("b.storage.internal"));
  }

  @Test
  void theLongestMatchingDomainWins() {
    // s3.example.com is configured, so "b.s3.example.com" is bucket b, not bucket "b.s3" of example.com
    assertEquals("b", configured.bucket("b.s3.example.com"));
  }

  @Test
  void hostsOutsideEveryDomainArePathStyle() {
    assertNull(none.bucket("b.example.com"));
    assertNull(configured.bucket("b.otherexample.com"));
    assertNull(configured.bucket("server"));
  }

  @Test
  void ipAddressesArePathStyleEvenUnderADomainLookalike() {
    assertNull(configured.bucket("10.0.0.1"));
    assertNull(configured.bucket("[2001:db8::1]"));
  }

  @Test
  void virtualHostedPathIsTheWholeKey() {
    RequestTarget t = RequestTarget.of(none, "b.localhost", "/a//b+c%20d", "x=1");
    assertEquals(new RequestTarget("b", "a//b+c d", Map.of("x", "1"), true), t);
    assertEquals("/lead", RequestTarget.of(none, "b.localhost", "//lead", null).key());
    assertEquals("é", RequestTarget.of(none, "b.localhost", "/%C3%A9", null).key());
  }

  @Test
  void virtualHostedRootIsTheBucket() {
    RequestTarget t = RequestTarget.of(none, "b.localhost", "/", "versions");
    assertEquals(RequestTarget.Resource.BUCKET, t.resource());
    assertEquals("b", t.bucket());
    assertTrue(t.virtualHosted());
  }

  @Test
  void pathStyleHostsParseThePath() {
    assertEquals(new RequestTarget("b", "k", Map.of(), false), RequestTarget.of(none, "localhost", "/b/k", null));
    assertEquals(new RequestTarget("b", "k", Map.of(), false), RequestTarget.of(configured, "example.com", "/b/k", null));
  }

  @Test
  void aHostThatCannotNameABucketIsInvalidBucketName() {
    assertEquals(S3ErrorCode.INVALID_BUCKET_NAME,
        assertThrows(S3Exception.class, () -> RequestTarget.of(none, "b*c.localhost", "/", null)).code());
  }
}
