package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** Response of DeleteObjects. */
@JacksonXmlRootElement(localName = "DeleteResult", namespace = S3Xml.NS)
record DeleteResult(
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Deleted") List<Deleted> deleted,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Error") List<Error> errors) {

  record Deleted(@JsonProperty("Key") String key) {}

  record Error(@JsonProperty("Key") String key, @JsonProperty("Code") String code,
      @JsonProperty("Message") String message) {}
}
