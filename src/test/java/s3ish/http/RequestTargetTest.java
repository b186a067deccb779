package s3ish.http;

import s3ish.bus.S3Names;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class RequestTargetTest {
  @Test
  void rootIsTheService() {
    RequestTarget t = RequestTarget.pathStyle("/", null);
    assertNull(t.bucket());
    assertEquals(RequestTarget.Resource.SERVICE, t.resource());
  }

  @Test
  void bucketWithAndWithoutTrailingSlash() {
    assertEquals(new RequestTarget("b", null, Map.of()), RequestTarget.pathStyle("/b", null));
    assertEquals(new RequestTarget("b", null, Map.of()), RequestTarget.pathStyle("/b/", null));
  }

  @Test
  void keyKeepsDoubleSlashesAndLiteralPlus() {
    assertEquals("a//b+c d", RequestTarget.pathStyle("/b/a//b+c%20d", null).key());
    assertEquals("/lead", RequestTarget.pathStyle("/b//lead", null).key());
  }

  @Test
  void keyIsPercentDecodedOnceAsUtf8() {
    assertEquals("é%41", RequestTarget.pathStyle("/b/%C3%A9%2541", null).key());
  }

  @Test
  void emptyBucketSegmentIsInvalidBucketName() {
    assertEquals(S3ErrorCode.INVALID_BUCKET_NAME,
        assertThrows(S3Exception.class, () -> RequestTarget.pathStyle("//key", null)).code());
  }

  @Test
  void badPercentEncodingIsInvalidUri() {
    // S3's own answer to a key that does not decode: InvalidURI, "Couldn't parse the specified URI."
    for (String path : new String[] {"/b/%zz", "/b/%C3", "/b/%"}) {
      assertEquals(S3ErrorCode.INVALID_URI,
          assertThrows(S3Exception.class, () -> RequestTarget.pathStyle(path, null)).code(), path);
    }
    assertEquals(S3ErrorCode.INVALID_URI,
        assertThrows(S3Exception.class, () -> RequestTarget.virtualHosted("b", "key", null)).code());
  }

  @Test
  void queryFlagsValuesAndPlusAsSpace() {
    Map<String, String> q = RequestTarget.query("uploads&prefix=a+b%2Bc&max-keys=100&prefix=second");
    assertEquals("", q.get("uploads"));
    assertEquals("a b+c", q.get("prefix"));
    assertEquals("100", q.get("max-keys"));
  }

  @Test
  void bucketNamingRules() {
    assertEquals(true, S3Names.validBucket("my-bucket.1"));
    assertEquals(false, S3Names.validBucket("ab"));
    assertEquals(false, S3Names.validBucket("My-Bucket"));
    assertEquals(false, S3Names.validBucket("my_bucket"));
    assertEquals(false, S3Names.validBucket("-bucket"));
    assertEquals(false, S3Names.validBucket("bucket..x"));
    assertEquals(false, S3Names.validBucket("192.168.1.1"));
    assertEquals(false, S3Names.validBucket("xn--bucket"));
    assertEquals(false, S3Names.validBucket("a".repeat(64)));
  }
}
