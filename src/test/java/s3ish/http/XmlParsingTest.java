package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.buffer.Buffer;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

class XmlParsingTest {
  private static final String NS = "xmlns=\"http://s3.amazonaws.com/doc/2006-03-01/\"";

  private static Delete delete(String xml) {
    return DeleteOperations.parse(Buffer.buffer(xml), null);
  }

  private static S3ErrorCode failure(Runnable r) {
    return assertThrows(S3Exception.class, r::run).code();
  }

  @Test
  void deleteWithQuietAndVersionIds() {
    Delete d = delete("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Delete " + NS + "><Object><Key>a b</Key></Object>"
        + "<Object><Key>c&amp;d</Key><VersionId>null</VersionId></Object><Quiet>true</Quiet></Delete>");
    assertTrue(d.quiet);
    assertEquals(List.of("a b", "c&d"), DeleteOperations.keys(d));
  }

  @Test
  void deleteWithOneObjectAndUnknownElements() {
    Delete d = delete("<Delete><Object><Key>k</Key><ETag>\"x\"</ETag><Size>3</Size></Object></Delete>");
    assertNull(d.quiet);
    assertEquals(List.of("k"), DeleteOperations.keys(d));
  }

  @Test
  void malformedDeleteDocuments() {
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete("<Delete><Object><Key>k</Key></Object>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete("not xml")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete("<Delete></Delete>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete("<Delete><Object></Object></Delete>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete("")));
  }

  @Test
  void moreThanAThousandKeysIsMalformed() {
    StringBuilder sb = new StringBuilder("<Delete>");
    for (int i = 0; i < 1001; i++) {
      sb.append("<Object><Key>k").append(i).append("</Key></Object>");
    }
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete(sb + "</Delete>")));
    assertEquals(1000, DeleteOperations.keys(delete(sb.toString().replace("<Object><Key>k1000</Key></Object>", "")
        + "</Delete>")).size());
  }

  @Test
  void externalEntityIsRefused() {
    String xxe = "<?xml version=\"1.0\"?><!DOCTYPE Delete [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
        + "<Delete><Object><Key>&xxe;</Key></Object></Delete>";
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> delete(xxe)));
  }

  @Test
  void internalEntityExpansionIsRefused() {
    String bomb = "<?xml version=\"1.0\"?><!DOCTYPE d [<!ENTITY a \"aaaaaaaaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>"
        + "<CreateBucketConfiguration><LocationConstraint>&b;</LocationConstraint></CreateBucketConfiguration>";
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> BucketOperations.locationConstraint(Buffer.buffer(bomb))));
  }

  @Test
  void documentOverOneMebibyteIsMalformed() {
    Buffer big = Buffer.buffer("<Delete><Object><Key>" + "k".repeat(S3Xml.MAX_REQUEST_BYTES) + "</Key></Object></Delete>");
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> DeleteOperations.parse(big, null)));
  }

  @Test
  void contentMd5OfDeleteMustMatch() throws Exception {
    Buffer body = Buffer.buffer("<Delete><Object><Key>k</Key></Object></Delete>");
    String md5 = Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(body.getBytes()));
    assertFalse(DeleteOperations.parse(body, md5).objects.isEmpty());
    assertEquals(S3ErrorCode.BAD_DIGEST, failure(() -> DeleteOperations.parse(body, "1B2M2Y8AsgTpgAmY7PhCfg==")));
    assertEquals(S3ErrorCode.INVALID_DIGEST, failure(() -> DeleteOperations.parse(body, "not-md5")));
  }

  @Test
  void createBucketConfiguration() {
    assertEquals("eu-west-1", BucketOperations.locationConstraint(Buffer.buffer(
        "<CreateBucketConfiguration " + NS + "><LocationConstraint>eu-west-1</LocationConstraint></CreateBucketConfiguration>")));
    assertNull(BucketOperations.locationConstraint(Buffer.buffer("")));
    assertNull(BucketOperations.locationConstraint(Buffer.buffer("<CreateBucketConfiguration " + NS + "/>")));
    assertEquals(S3ErrorCode.MALFORMED_XML, failure(() -> BucketOperations.locationConstraint(
        Buffer.buffer("<CreateBucketConfiguration><LocationConstraint>eu"))));
  }
}
