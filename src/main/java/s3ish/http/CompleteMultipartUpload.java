package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import java.util.List;

/**
 * Request body of CompleteMultipartUpload. Per-part checksum elements (ChecksumCRC32, ...) are accepted and
 * ignored: storage verified each part's checksum when it was uploaded.
 */
final class CompleteMultipartUpload {
  @JacksonXmlElementWrapper(useWrapping = false)
  @JsonProperty("Part")
  List<Part> parts;

  static final class Part {
    @JsonProperty("PartNumber")
    Integer partNumber;

    @JsonProperty("ETag")
    String etag;
  }
}
