package s3ish.http;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.Map;

/** The S3 {@code Error} document (no namespace, as S3 sends it); details are the code-specific elements. */
@JacksonXmlRootElement(localName = "Error")
record ErrorDocument(
    @JsonProperty("Code") String code,
    @JsonProperty("Message") String message,
    @JsonProperty("Resource") String resource,
    @JsonProperty("RequestId") String requestId,
    @JsonAnyGetter Map<String, String> details) {}
