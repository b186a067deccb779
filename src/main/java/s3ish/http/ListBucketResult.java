package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** Response of ListObjects (v1). Values are already URL-encoded when encoding-type=url. */
@JacksonXmlRootElement(localName = "ListBucketResult", namespace = S3Xml.NS)
record ListBucketResult(
    @JsonProperty("Name") String name,
    @JsonProperty("Prefix") String prefix,
    @JsonProperty("Marker") String marker,
    @JsonProperty("MaxKeys") int maxKeys,
    @JsonProperty("Delimiter") String delimiter,
    @JsonProperty("EncodingType") String encodingType,
    @JsonProperty("IsTruncated") boolean isTruncated,
    @JsonProperty("NextMarker") String nextMarker,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Contents") List<Contents> contents,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes") List<CommonPrefix> commonPrefixes) {

  /** One object; {@code owner} null leaves it out (ListObjectsV2 without fetch-owner). */
  record Contents(
      @JsonProperty("Key") String key,
      @JsonProperty("LastModified") String lastModified,
      @JsonProperty("ETag") String etag,
      @JsonProperty("Size") long size,
      @JsonProperty("Owner") Owner owner,
      @JsonProperty("StorageClass") String storageClass) {}

  record CommonPrefix(@JsonProperty("Prefix") String prefix) {}
}
