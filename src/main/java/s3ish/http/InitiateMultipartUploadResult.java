package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Response of CreateMultipartUpload. */
@JacksonXmlRootElement(localName = "InitiateMultipartUploadResult", namespace = S3Xml.NS)
record InitiateMultipartUploadResult(
    @JsonProperty("Bucket") String bucket,
    @JsonProperty("Key") String key,
    @JsonProperty("UploadId") String uploadId) {}
