package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.vertx.core.buffer.Buffer;
import java.util.ArrayList;
import java.util.List;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * The XML request bodies (CompleteMultipartUpload, Delete, CreateBucketConfiguration) as the operations read
 * them: any bytes end in a document or an S3Exception; a DOCTYPE is always MalformedXML; a Delete document
 * written from fuzzed keys reads back as exactly those keys.
 */
class S3XmlFuzzTest {
  private static final String[] DTDS = {
      "<!DOCTYPE d [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>",
      "<!DOCTYPE d [<!ENTITY a \"aaaa\"><!ENTITY b \"&a;&a;&a;&a;\">]>",
      "<!DOCTYPE d SYSTEM \"http://127.0.0.1:1/dtd\">"};

  @FuzzTest
  void requestDocumentsParseOrAreRefused(FuzzedDataProvider in) {
    int mode = in.consumeInt(0, 4);
    if (mode == 4) {
      deleteRoundTrip(in);
      return;
    }
    boolean withDtd = in.consumeBoolean();
    String body = in.consumeRemainingAsString();
    if (withDtd) {
      int at = Math.max(0, body.indexOf('<', 1));
      String dtd = DTDS[Math.floorMod(body.length(), DTDS.length)];
      String hostile = body.substring(0, at) + dtd + body.substring(at);
      S3Exception e = assertThrows(S3Exception.class, () -> read(mode, hostile));
      assertEquals(S3ErrorCode.MALFORMED_XML, e.code(), hostile);
      return;
    }
    try {
      read(mode, body);
    } catch (S3Exception refused) {
      // MalformedXML, InvalidPartOrder, BadDigest: the documented refusals
    }
  }

  private static void read(int mode, String body) {
    Buffer buffer = Buffer.buffer(body);
    switch (mode) {
      case 0 -> MultipartOperations.completedParts(
          S3Xml.parse(buffer, CompleteMultipartUpload.class, MultipartOperations.MAX_COMPLETE_BYTES));
      case 1 -> DeleteOperations.keys(DeleteOperations.parse(buffer, null));
      case 2 -> BucketOperations.locationConstraint(buffer);
      default -> S3Xml.parse(buffer, CompleteMultipartUpload.class);
    }
  }

  private static void deleteRoundTrip(FuzzedDataProvider in) {
    List<String> keys = new ArrayList<>();
    StringBuilder xml = new StringBuilder("<Delete xmlns=\"" + S3Xml.NS + "\">");
    for (int n = in.consumeInt(1, 5); n > 0; n--) {
      String key = xmlChars(in.consumeString(40));
      if (key.isEmpty()) {
        key = "k";
      }
      keys.add(key);
      xml.append("<Object><Key>").append(escape(key)).append("</Key></Object>");
    }
    xml.append("<Quiet>true</Quiet></Delete>");
    assertEquals(keys, DeleteOperations.keys(DeleteOperations.parse(Buffer.buffer(xml.toString()), null)));
  }

  /** Characters XML 1.0 can carry, without the carriage return (which XML normalises to a line feed). */
  private static String xmlChars(String s) {
    StringBuilder out = new StringBuilder();
    s.codePoints().filter(c -> c == 0x9 || c == 0xA || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD)
        || c >= 0x10000).forEach(out::appendCodePoint);
    return out.toString();
  }

  private static String escape(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\t", "&#9;")
        .replace("\n", "&#10;");
  }
}
