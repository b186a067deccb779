package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.BucketInfo;
import s3ish.bus.StorageMessages.KeyError;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectSummary;

class XmlRenderingTest {
  private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  // 2024-01-02T03:04:05.678Z
  private static final long T = 1704164645678L;

  @Test
  void listAllMyBucketsResult() {
    String xml = S3Xml.toXml(BucketOperations.listAllMyBuckets("demo",
        List.of(new BucketInfo("alpha", T, "us-east-1"), new BucketInfo("beta", 0, null))));
    assertEquals(DECL + "<ListAllMyBucketsResult " + NS + ">"
        + "<Owner><ID>demo</ID><DisplayName>demo</DisplayName></Owner>"
        + "<Buckets>"
        + "<Bucket><Name>alpha</Name><CreationDate>2024-01-02T03:04:05.678Z</CreationDate></Bucket>"
        + "<Bucket><Name>beta</Name><CreationDate>1970-01-01T00:00:00.000Z</CreationDate></Bucket>"
        + "</Buckets></ListAllMyBucketsResult>", xml);
  }

  @Test
  void listAllMyBucketsResultWithoutBuckets() {
    assertEquals(DECL + "<ListAllMyBucketsResult " + NS + "><Owner><ID>demo</ID><DisplayName>demo</DisplayName>"
        + "</Owner><Buckets/></ListAllMyBucketsResult>", S3Xml.toXml(BucketOperations.listAllMyBuckets("demo", List.of())));
  }

  @Test
  void listBucketResultV1UrlEncoded() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing("dir one/", "/", 2, true);
    ListResult result = new ListResult(
        List.of(new ObjectSummary("dir one/a+b.txt", 3, "\"900150983cd24fb0d6963f7d28e17f72\"", T)),
        List.of("dir one/sub é/"), true, "dir one/sub é/");
    String xml = S3Xml.toXml(ListObjectsOperation.listBucketResult("bkt", listing, "dir one/0", result, "demo"));
    assertEquals(DECL + "<ListBucketResult " + NS + ">"
        + "<Name>bkt</Name><Prefix>dir%20one/</Prefix><Marker>dir%20one/0</Marker><MaxKeys>2</MaxKeys>"
        + "<Delimiter>/</Delimiter><EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        + "<NextMarker>dir%20one/sub%20%C3%A9/</NextMarker>"
        + "<Contents><Key>dir%20one/a%2Bb.txt</Key><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
        + "<ETag>\"900150983cd24fb0d6963f7d28e17f72\"</ETag><Size>3</Size>"
        + "<Owner><ID>demo</ID><DisplayName>demo</DisplayName></Owner><StorageClass>STANDARD</StorageClass></Contents>"
        + "<CommonPrefixes><Prefix>dir%20one/sub%20%C3%A9/</Prefix></CommonPrefixes>"
        + "</ListBucketResult>", xml);
  }

  @Test
  void listBucketResultV1EmptyHasEmptyPrefixAndMarker() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing(null, null, 1000, false);
    String xml = S3Xml.toXml(ListObjectsOperation.listBucketResult("bkt", listing, null,
        new ListResult(List.of(), List.of(), false, null), "demo"));
    assertEquals(DECL + "<ListBucketResult " + NS + "><Name>bkt</Name><Prefix></Prefix><Marker></Marker>"
        + "<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated></ListBucketResult>", xml);
  }

  @Test
  void listBucketResultV2UrlEncodedWithToken() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing("p q/", null, 1, true);
    ListResult result = new ListResult(List.of(new ObjectSummary("p q/k&1", 10, "\"e\"", T)), List.of(), true, "p q/k&1");
    String token = ListObjectsOperation.encodeToken("p q/0");
    String xml = S3Xml.toXml(ListObjectsOperation.listBucketResultV2("bkt", listing, token, "p q/", result, null));
    assertEquals(DECL + "<ListBucketResult " + NS + ">"
        + "<Name>bkt</Name><Prefix>p%20q/</Prefix><MaxKeys>1</MaxKeys><KeyCount>1</KeyCount>"
        + "<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        + "<ContinuationToken>" + token + "</ContinuationToken>"
        + "<NextContinuationToken>" + ListObjectsOperation.encodeToken("p q/k&1") + "</NextContinuationToken>"
        + "<StartAfter>p%20q/</StartAfter>"
        + "<Contents><Key>p%20q/k%261</Key><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
        + "<ETag>\"e\"</ETag><Size>10</Size><StorageClass>STANDARD</StorageClass></Contents>"
        + "</ListBucketResult>", xml);
  }

  @Test
  void continuationTokenRoundTripsAndRejectsGarbage() {
    assertEquals("a/é b", ListObjectsOperation.decodeToken(ListObjectsOperation.encodeToken("a/é b")));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
        () -> ListObjectsOperation.decodeToken("***")).code());
  }

  @Test
  void maxKeysDefaultsCapsAndRefusesGarbage() {
    assertEquals(1000, ListObjectsOperation.parseMaxKeys(null));
    assertEquals(1000, ListObjectsOperation.parseMaxKeys("5000"));
    assertEquals(100, ListObjectsOperation.parseMaxKeys("100"));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
        () -> ListObjectsOperation.parseMaxKeys("-1")).code());
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
        () -> ListObjectsOperation.parseMaxKeys("ten")).code());
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, org.junit.jupiter.api.Assertions.assertThrows(S3Exception.class,
        () -> ListObjectsOperation.urlEncoding("base64")).code());
  }

  @Test
  void copyObjectResult() {
    assertEquals(DECL + "<CopyObjectResult " + NS + "><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
        + "<ETag>\"9b2cf535f27731c974343645a3985328\"</ETag></CopyObjectResult>",
        S3Xml.toXml(new CopyObjectResult(HttpDates.iso(T), "\"9b2cf535f27731c974343645a3985328\"")));
  }

  @Test
  void deleteResultWithDeletedAndErrors() {
    var result = new s3ish.bus.StorageMessages.DeleteResult(List.of("a", "b"),
        List.of(new KeyError("c", "AccessDenied", "Access Denied")));
    assertEquals(DECL + "<DeleteResult " + NS + "><Deleted><Key>a</Key></Deleted><Deleted><Key>b</Key></Deleted>"
        + "<Error><Key>c</Key><Code>AccessDenied</Code><Message>Access Denied</Message></Error></DeleteResult>",
        S3Xml.toXml(DeleteOperations.deleteResult(result, false)));
  }

  @Test
  void quietDeleteResultOmitsDeleted() {
    var result = new s3ish.bus.StorageMessages.DeleteResult(List.of("a"), List.of());
    assertEquals(DECL + "<DeleteResult " + NS + "/>", S3Xml.toXml(DeleteOperations.deleteResult(result, true)));
  }

  @Test
  void errorDocumentWithDetails() {
    S3Exception e = new S3Exception(S3ErrorCode.NO_SUCH_KEY).with("Key", "a&b");
    assertEquals(DECL + "<Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message>"
        + "<Resource>/bkt/a%26b</Resource><RequestId>0123456789ABCDEF</RequestId><Key>a&amp;b</Key></Error>",
        S3Xml.toXml(ErrorRenderer.document(e, "/bkt/a%26b", "0123456789ABCDEF")));
  }

  @Test
  void locationConstraintIsEmptyForUsEast1() {
    assertEquals(DECL + "<LocationConstraint " + NS + "/>", S3Xml.toXml(LocationConstraint.of("us-east-1")));
    assertEquals(DECL + "<LocationConstraint " + NS + ">eu-west-1</LocationConstraint>",
        S3Xml.toXml(LocationConstraint.of("eu-west-1")));
  }

  @Test
  void requestIdsAreSixteenUppercaseHex() {
    for (int i = 0; i < 100; i++) {
      org.junit.jupiter.api.Assertions.assertTrue(S3Dispatcher.requestId().matches("[0-9A-F]{16}"));
    }
  }

  @Test
  void httpDatesHaveTwoDigitDays() {
    assertEquals("Tue, 02 Jan 2024 03:04:05 GMT", HttpDates.http(T));
    assertEquals(1704164645000L, HttpDates.parseHttp("Tue, 02 Jan 2024 03:04:05 GMT"));
    assertEquals(null, HttpDates.parseHttp("yesterday"));
  }
}
