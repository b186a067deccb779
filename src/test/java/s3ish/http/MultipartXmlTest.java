package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.vertx.core.buffer.Buffer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import s3ish.bus.Checksum;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.bus.StorageMessages.ByteRange;
import s3ish.bus.StorageMessages.CompletedPart;
import s3ish.bus.StorageMessages.PartInfo;
import s3ish.bus.StorageMessages.PartList;
import s3ish.bus.StorageMessages.UploadList;
import s3ish.bus.StorageMessages.UploadSummary;

/** The multipart documents, both directions, and the parameters the operations validate themselves. */
class MultipartXmlTest {
  private static final String DECL = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";
  // 2024-01-02T03:04:05.678Z
  private static final long T = 1704164645678L;
  private static final String OWNER = "<ID>demo</ID><DisplayName>demo</DisplayName>";

  private static S3ErrorCode failure(Runnable r) {
    return assertThrows(S3Exception.class, r::run).code();
  }

  private static List<CompletedPart> complete(String xml) {
    return MultipartOperations.completedParts(S3Xml.parse(Buffer.buffer(xml), CompleteMultipartUpload.class,
        MultipartOperations.MAX_COMPLETE_BYTES));
  }

  @Test
  void initiateMultipartUploadResult() {
    assertEquals(DECL + "<InitiateMultipartUploadResult " + NS + "><Bucket>bkt</Bucket><Key>a/b.bin</Key>"
        + "<UploadId>u-1</UploadId></InitiateMultipartUploadResult>",
        S3Xml.toXml(new InitiateMultipartUploadResult("bkt", "a/b.bin", "u-1")));
  }

  @Test
  void copyPartResult() {
    assertEquals(DECL + "<CopyPartResult " + NS + "><ETag>\"abc\"</ETag>"
        + "<LastModified>2024-01-02T03:04:05.678Z</LastModified></CopyPartResult>",
        S3Xml.toXml(new CopyPartResult("\"abc\"", HttpDates.iso(T))));
  }

  @Test
  void completeMultipartUploadResult() {
    assertEquals(DECL + "<CompleteMultipartUploadResult " + NS + "><Location>http://h:9000/bkt/k</Location>"
        + "<Bucket>bkt</Bucket><Key>k</Key><ETag>\"abc-3\"</ETag></CompleteMultipartUploadResult>",
        S3Xml.toXml(new CompleteMultipartUploadResult("http://h:9000/bkt/k", "bkt", "k", "\"abc-3\"")));
  }

  @Test
  void listPartsResultTruncatedWithChecksums() {
    PartList list = new PartList("bkt", "k", "u-1", T, List.of(
        new PartInfo(1, "\"e1\"", 5, T, Map.of(Checksum.CRC32, "AAAAAA==")),
        new PartInfo(2, "\"e2\"", 6, T, Map.of())), true, 2);
    assertEquals(DECL + "<ListPartsResult " + NS + "><Bucket>bkt</Bucket><Key>k</Key><UploadId>u-1</UploadId>"
        + "<PartNumberMarker>0</PartNumberMarker><NextPartNumberMarker>2</NextPartNumberMarker>"
        + "<MaxParts>2</MaxParts><IsTruncated>true</IsTruncated>"
        + "<Part><PartNumber>1</PartNumber><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
        + "<ETag>\"e1\"</ETag><Size>5</Size><ChecksumCRC32>AAAAAA==</ChecksumCRC32></Part>"
        + "<Part><PartNumber>2</PartNumber><LastModified>2024-01-02T03:04:05.678Z</LastModified>"
        + "<ETag>\"e2\"</ETag><Size>6</Size></Part>"
        + "<Initiator>" + OWNER + "</Initiator><Owner>" + OWNER + "</Owner><StorageClass>STANDARD</StorageClass>"
        + "</ListPartsResult>", S3Xml.toXml(MultipartOperations.listPartsResult(list, 0, 2, "demo")));
  }

  @Test
  void listPartsResultWithoutPartsLeavesOutNextMarker() {
    PartList list = new PartList("bkt", "k", "u-1", T, List.of(), false, 0);
    assertEquals(DECL + "<ListPartsResult " + NS + "><Bucket>bkt</Bucket><Key>k</Key><UploadId>u-1</UploadId>"
        + "<PartNumberMarker>3</PartNumberMarker><MaxParts>1000</MaxParts><IsTruncated>false</IsTruncated>"
        + "<Initiator>" + OWNER + "</Initiator><Owner>" + OWNER + "</Owner><StorageClass>STANDARD</StorageClass>"
        + "</ListPartsResult>", S3Xml.toXml(MultipartOperations.listPartsResult(list, 3, 1000, "demo")));
  }

  @Test
  void listMultipartUploadsResultUrlEncoded() {
    MultipartOperations.Uploads query = new MultipartOperations.Uploads("dir one/", "/", "dir one/a", "u-0", 2, true);
    UploadList list = new UploadList(List.of(new UploadSummary("dir one/a+b", "u-1", T)), List.of("dir one/sub/"),
        true, "dir one/sub/", "u-1");
    assertEquals(DECL + "<ListMultipartUploadsResult " + NS + "><Bucket>bkt</Bucket>"
        + "<KeyMarker>dir%20one/a</KeyMarker><UploadIdMarker>u-0</UploadIdMarker>"
        + "<NextKeyMarker>dir%20one/sub/</NextKeyMarker><NextUploadIdMarker>u-1</NextUploadIdMarker>"
        + "<Prefix>dir%20one/</Prefix><Delimiter>/</Delimiter><MaxUploads>2</MaxUploads>"
        + "<EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>"
        + "<Upload><Key>dir%20one/a%2Bb</Key><UploadId>u-1</UploadId><Initiator>" + OWNER + "</Initiator>"
        + "<Owner>" + OWNER + "</Owner><StorageClass>STANDARD</StorageClass>"
        + "<Initiated>2024-01-02T03:04:05.678Z</Initiated></Upload>"
        + "<CommonPrefixes><Prefix>dir%20one/sub/</Prefix></CommonPrefixes>"
        + "</ListMultipartUploadsResult>",
        S3Xml.toXml(MultipartOperations.listMultipartUploadsResult("bkt", query, list, "demo")));
  }

  @Test
  void listMultipartUploadsResultEmpty() {
    MultipartOperations.Uploads query = new MultipartOperations.Uploads(null, null, null, null, 1000, false);
    assertEquals(DECL + "<ListMultipartUploadsResult " + NS + "><Bucket>bkt</Bucket><KeyMarker></KeyMarker>"
        + "<UploadIdMarker></UploadIdMarker><Prefix></Prefix><MaxUploads>1000</MaxUploads>"
        + "<IsTruncated>false</IsTruncated></ListMultipartUploadsResult>",
        S3Xml.toXml(MultipartOperations.listMultipartUploadsResult("bkt", query,
            new UploadList(List.of(), List.of(), false, null, null), "demo")));
  }

  @Test
  void completeDocumentAsTheSdkSendsItWithChecksumsAndEscapedQuotes() {
    List<CompletedPart> parts = complete("<?xml version=\"1.0\" encoding=\"UTF-8\"?><CompleteMultipartUpload " + NS + ">"
        + "<Part><ChecksumCRC32>AAAAAA==</ChecksumCRC32><ETag>&quot;e1&quot;</ETag><PartNumber>1</PartNumber></Part>"
        + "<Part><ETag>e2</ETag><PartNumber>3</PartNumber></Part></CompleteMultipartUpload>");
    // an unquoted ETag is quoted, as storage keeps them
    assertEquals(List.of(new CompletedPart(1, "\"e1\""), new CompletedPart(3, "\"e2\"")), parts);
  }

  @Test
  void completeWithPartsOutOfOrderIsInvalidPartOrder() {
    assertEquals(S3ErrorCode.INVALID_PART_ORDER, failure(() -> complete("<CompleteMultipartUpload>"
        + "<Part><PartNumber>2</PartNumber><ETag>a</ETag></Part>"
        + "<Part><PartNumber>1</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>")));
    assertEquals(S3ErrorCode.INVALID_PART_ORDER, failure(() -> complete("<CompleteMultipartUpload>"
        + "<Part><PartNumber>2</PartNumber><ETag>a</ETag></Part>"
        + "<Part><PartNumber>2</PartNumber><ETag>b</ETag></Part></CompleteMultipartUpload>")));
  }

  @Test
  void malformedCompleteDocuments() {
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete("")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete("<CompleteMultipartUpload>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete("<CompleteMultipartUpload/>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete(
        "<CompleteMultipartUpload><Part><ETag>a</ETag></Part></CompleteMultipartUpload>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete(
        "<CompleteMultipartUpload><Part><PartNumber>x</PartNumber><ETag>a</ETag></Part></CompleteMultipartUpload>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> complete(
        "<CompleteMultipartUpload><Part><PartNumber>1</PartNumber></Part></CompleteMultipartUpload>")));
  }

  @Test
  void completeOfTenThousandPartsFitsItsCap() {
    StringBuilder xml = new StringBuilder("<CompleteMultipartUpload " + NS + ">\n");
    for (int i = 1; i <= 10_000; i++) {
      xml.append("  <Part>\n    <ETag>&quot;0123456789abcdef0123456789abcdef&quot;</ETag>\n    <PartNumber>").append(i)
          .append("</PartNumber>\n    <ChecksumSHA256>47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=</ChecksumSHA256>\n"
              + "  </Part>\n");
    }
    xml.append("</CompleteMultipartUpload>");
    // larger than the 1 MiB of other documents, well within the Complete cap
    assertEquals(true, xml.length() > S3Xml.MAX_REQUEST_BYTES && xml.length() < MultipartOperations.MAX_COMPLETE_BYTES);
    assertEquals(10_000, complete(xml.toString()).size());
  }

  @Test
  void partNumbersAreIntegersFromOneToTenThousand() {
    assertEquals(1, MultipartOperations.partNumber("1"));
    assertEquals(10_000, MultipartOperations.partNumber("10000"));
    for (String bad : new String[] {null, "", "0", "10001", "-1", "x", "1.5", "99999999999"}) {
      assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(() -> MultipartOperations.partNumber(bad)), bad);
    }
  }

  @Test
  void copySourceRangeIsStrictFirstDashLast() {
    assertNull(MultipartOperations.copySourceRange(null));
    assertEquals(new ByteRange(0L, 99L, null), MultipartOperations.copySourceRange("bytes=0-99"));
    for (String bad : new String[] {"bytes=5-", "bytes=-5", "bytes=9-1", "bytes=0-1,3-4", "items=0-1", "0-1", ""}) {
      assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(() -> MultipartOperations.copySourceRange(bad)), bad);
    }
  }

  @Test
  void checksumAlgorithmOfCreate() {
    assertNull(MultipartOperations.checksumAlgorithm(null));
    assertEquals(Checksum.CRC32, MultipartOperations.checksumAlgorithm("CRC32"));
    assertEquals(Checksum.SHA256, MultipartOperations.checksumAlgorithm("sha256"));
    assertEquals(S3ErrorCode.INVALID_REQUEST, failure(() -> MultipartOperations.checksumAlgorithm("MD5")));
  }

  @Test
  void listParametersAreNonNegativeIntegers() {
    assertEquals(1000, MultipartOperations.nonNegative(null, "max-parts", 1000));
    assertEquals(0, MultipartOperations.nonNegative("0", "max-parts", 1000));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(() -> MultipartOperations.nonNegative("-1", "max-parts", 1)));
    assertEquals(S3ErrorCode.INVALID_ARGUMENT, failure(() -> MultipartOperations.nonNegative("a", "max-parts", 1)));
  }
}
