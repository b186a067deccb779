package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** Response of ListBuckets. */
@JacksonXmlRootElement(localName = "ListAllMyBucketsResult", namespace = S3Xml.NS)
record ListAllMyBucketsResult(
    @JsonProperty("Owner") Owner owner,
    @JacksonXmlElementWrapper(localName = "Buckets", namespace = S3Xml.NS) @JsonProperty("Bucket") List<Bucket> buckets) {

  /** {@code creationDate} in ISO-8601 with milliseconds. */
  record Bucket(@JsonProperty("Name") String name, @JsonProperty("CreationDate") String creationDate) {}
}
