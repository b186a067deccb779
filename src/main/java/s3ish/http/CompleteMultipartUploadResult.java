package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Response of CompleteMultipartUpload. */
@JacksonXmlRootElement(localName = "CompleteMultipartUploadResult", namespace = S3Xml.NS)
record CompleteMultipartUploadResult(
    @JsonProperty("Location") String location,
    @JsonProperty("Bucket") String bucket,
    @JsonProperty("Key") String key,
    @JsonProperty("ETag") String etag) {}
