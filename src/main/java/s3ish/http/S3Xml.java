package s3ish.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.cfg.MapperConfig;
import com.fasterxml.jackson.databind.introspect.Annotated;
import com.fasterxml.jackson.databind.introspect.AnnotatedMember;
import com.fasterxml.jackson.dataformat.xml.JacksonXmlAnnotationIntrospector;
import com.fasterxml.jackson.dataformat.xml.XmlFactory;
import com.fasterxml.jackson.dataformat.xml.XmlMapper;
import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/** Reads and writes the S3 XML documents (the DTOs of this package). */
final class S3Xml {
  private S3Xml() {}

  static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
  static final String DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>";
  static final String CONTENT_TYPE = "application/xml";
  /** Request documents larger than this are refused without being parsed. */
  static final int MAX_REQUEST_BYTES = 1024 * 1024;

  private static final XMLInputFactory INPUT = newInputFactory();
  private static final XmlMapper MAPPER = newMapper();

  private static XMLInputFactory newInputFactory() {
    XMLInputFactory f = XMLInputFactory.newFactory();
    f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    f.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return f;
  }

  private static XmlMapper newMapper() {
    XmlMapper m = new XmlMapper(XmlFactory.builder().xmlInputFactory(INPUT).build());
    m.setAnnotationIntrospector(new InheritedNamespace());
    m.setSerializationInclusion(JsonInclude.Include.NON_NULL);
    // Newer SDKs add elements (e.g. ETag, Size in Delete/Object); unknown elements must not fail a request.
    m.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    return m;
  }

  /** The document with the XML declaration S3 sends. */
  static String toXml(Object document) {
    try {
      return DECLARATION + MAPPER.writeValueAsString(document);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render " + document.getClass().getSimpleName(), e);
    }
  }

  static Buffer toBuffer(Object document) {
    return Buffer.buffer(toXml(document).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Parses a request document; anything that is not well-formed, has a DOCTYPE (no DTDs, so no entity tricks),
   * exceeds {@link #MAX_REQUEST_BYTES} or does not bind is MalformedXML.
   */
  static <T> T parse(Buffer body, Class<T> type) {
    return parse(body, type, MAX_REQUEST_BYTES);
  }

  /** As above with a larger cap, for the one document that needs it (CompleteMultipartUpload). */
  static <T> T parse(Buffer body, Class<T> type, int maxBytes) {
    if (body == null || body.length() == 0) {
      throw malformed();
    }
    if (body.length() > maxBytes) {
      throw malformed();
    }
    XMLStreamReader reader = null;
    try {
      reader = new NoDtdReader(INPUT.createXMLStreamReader(new ByteArrayInputStream(body.getBytes())));
      T value = MAPPER.readValue(reader, type);
      if (value == null) {
        throw malformed();
      }
      return value;
    } catch (XMLStreamException | IOException | RuntimeException e) {
      if (e instanceof S3Exception s3) {
        throw s3;
      }
      throw malformed();
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing held
        }
      }
    }
  }

  static S3Exception malformed() {
    return new S3Exception(S3ErrorCode.MALFORMED_XML);
  }

  /**
   * Elements of a namespaced document stay in its namespace (Jackson would otherwise undeclare it with
   * {@code xmlns=""} on every child). The Error document has no namespace, like S3's.
   */
  private static final class InheritedNamespace extends JacksonXmlAnnotationIntrospector {
    @Override
    public String findNamespace(MapperConfig<?> config, Annotated ann) {
      String ns = super.findNamespace(config, ann);
      if ((ns == null || ns.isEmpty()) && ann instanceof AnnotatedMember member
          && member.getDeclaringClass() != ErrorDocument.class) {
        return NS;
      }
      return ns;
    }
  }

  /** Refuses a document as soon as its DOCTYPE or an entity reference shows up. */
  private static final class NoDtdReader extends StreamReaderDelegate {
    NoDtdReader(XMLStreamReader reader) throws XMLStreamException {
      super(reader);
      check(reader.getEventType());
    }

    @Override
    public int next() throws XMLStreamException {
      return check(super.next());
    }

    @Override
    public int nextTag() throws XMLStreamException {
      return check(super.nextTag());
    }

    private static int check(int event) throws XMLStreamException {
      if (event == XMLStreamConstants.DTD || event == XMLStreamConstants.ENTITY_REFERENCE) {
        throw new XMLStreamException("DTDs and entity references are not accepted");
      }
      return event;
    }
  }
}
