package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Response of CopyObject. */
@JacksonXmlRootElement(localName = "CopyObjectResult", namespace = S3Xml.NS)
record CopyObjectResult(@JsonProperty("LastModified") String lastModified, @JsonProperty("ETag") String etag) {}
