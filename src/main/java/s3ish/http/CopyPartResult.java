package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Response of UploadPartCopy. */
@JacksonXmlRootElement(localName = "CopyPartResult", namespace = S3Xml.NS)
@JsonPropertyOrder({"ETag", "LastModified"})
record CopyPartResult(@JsonProperty("ETag") String etag, @JsonProperty("LastModified") String lastModified) {}
