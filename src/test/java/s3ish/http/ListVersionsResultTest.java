package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ListResult;
import s3ish.bus.StorageMessages.ObjectSummary;

/** ListObjectVersions and GetBucketVersioning documents of a bucket that never had versioning. */
class ListVersionsResultTest {
  private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  // 2024-01-02T03:04:05.678Z
  private static final long T = 1704164645678L;
  private static final String ETAG = "\"900150983cd24fb0d6963f7d28e17f72\"";
  private static final String VERSION_BODY = "<LastModified>2024-01-02T03:04:05.678Z</LastModified>"
      + "<ETag>" + ETAG + "</ETag><Size>3</Size><StorageClass>STANDARD</StorageClass>"
      + "<Owner><ID>demo</ID><DisplayName>demo</DisplayName></Owner></Version>";

  @Test
  void everyObjectIsItsOnlyVersionNullAndLatest() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing(null, null, 1000, false);
    ListResult result = new ListResult(List.of(new ObjectSummary("a", 3, ETAG, T), new ObjectSummary("b", 3, ETAG, T)),
        List.of(), false, null);
    String xml = S3Xml.toXml(ListObjectsOperation.listVersionsResult("bkt", listing, null, null, result, "demo"));
    assertEquals(DECL + "<ListVersionsResult " + NS + ">"
        + "<Name>bkt</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>"
        + "<MaxKeys>1000</MaxKeys><IsTruncated>false</IsTruncated>"
        + "<Version><Key>a</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>" + VERSION_BODY
        + "<Version><Key>b</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>" + VERSION_BODY
        + "</ListVersionsResult>", xml);
  }

  @Test
  void truncatedPageEndingOnAKeyNamesNextKeyAndNullVersion() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing("dir one/", "/", 2, true);
    ListResult result = new ListResult(List.of(new ObjectSummary("dir one/a+b.txt", 3, ETAG, T)),
        List.of("dir one/0/"), true, "dir one/a+b.txt");
    String xml = S3Xml.toXml(ListObjectsOperation.listVersionsResult("bkt", listing, "dir one/", "null", result,
        "demo"));
    assertEquals(DECL + "<ListVersionsResult " + NS + ">"
        + "<Name>bkt</Name><Prefix>dir%20one/</Prefix><KeyMarker>dir%20one/</KeyMarker>"
        + "<VersionIdMarker>null</VersionIdMarker>"
        + "<NextKeyMarker>dir%20one/a%2Bb.txt</NextKeyMarker><NextVersionIdMarker>null</NextVersionIdMarker>"
        + "<MaxKeys>2</MaxKeys><Delimiter>/</Delimiter><EncodingType>url</EncodingType>"
        + "<IsTruncated>true</IsTruncated>"
        + "<Version><Key>dir%20one/a%2Bb.txt</Key><VersionId>null</VersionId><IsLatest>true</IsLatest>"
        + VERSION_BODY
        + "<CommonPrefixes><Prefix>dir%20one/0/</Prefix></CommonPrefixes>"
        + "</ListVersionsResult>", xml);
  }

  @Test
  void truncatedPageEndingOnACommonPrefixHasNoNextVersionIdMarker() {
    ListObjectsOperation.Listing listing = new ListObjectsOperation.Listing(null, "/", 1, false);
    ListResult result = new ListResult(List.of(), List.of("d/"), true, "d/");
    String xml = S3Xml.toXml(ListObjectsOperation.listVersionsResult("bkt", listing, null, null, result, "demo"));
    assertEquals(DECL + "<ListVersionsResult " + NS + ">"
        + "<Name>bkt</Name><Prefix></Prefix><KeyMarker></KeyMarker><VersionIdMarker></VersionIdMarker>"
        + "<NextKeyMarker>d/</NextKeyMarker><MaxKeys>1</MaxKeys><Delimiter>/</Delimiter>"
        + "<IsTruncated>true</IsTruncated><CommonPrefixes><Prefix>d/</Prefix></CommonPrefixes>"
        + "</ListVersionsResult>", xml);
  }

  @Test
  void versionIdMarkerIsNullAndNeedsAKeyMarker() {
    ListObjectsOperation.checkVersionIdMarker(null, null);
    ListObjectsOperation.checkVersionIdMarker("k", "null");
    S3Exception alone = assertThrows(S3Exception.class, () -> ListObjectsOperation.checkVersionIdMarker(null, "null"));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, alone.code());
    S3Exception other = assertThrows(S3Exception.class, () -> ListObjectsOperation.checkVersionIdMarker("k", "3HL4kqtJ"));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, other.code());
  }

  @Test
  void versioningConfigurationOfABucketThatNeverHadItIsEmpty() {
    assertEquals(DECL + "<VersioningConfiguration " + NS + "/>", S3Xml.toXml(VersioningConfiguration.NEVER_ENABLED));
  }
}
