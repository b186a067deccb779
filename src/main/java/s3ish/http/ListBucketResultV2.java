package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;
import s3ish.http.ListBucketResult.CommonPrefix;
import s3ish.http.ListBucketResult.Contents;

/** Response of ListObjectsV2: the same AWS document name as v1, with v2's fields. */
@JacksonXmlRootElement(localName = "ListBucketResult", namespace = S3Xml.NS)
record ListBucketResultV2(
    @JsonProperty("Name") String name,
    @JsonProperty("Prefix") String prefix,
    @JsonProperty("MaxKeys") int maxKeys,
    @JsonProperty("KeyCount") int keyCount,
    @JsonProperty("Delimiter") String delimiter,
    @JsonProperty("EncodingType") String encodingType,
    @JsonProperty("IsTruncated") boolean isTruncated,
    @JsonProperty("ContinuationToken") String continuationToken,
    @JsonProperty("NextContinuationToken") String nextContinuationToken,
    @JsonProperty("StartAfter") String startAfter,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Contents") List<Contents> contents,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes") List<CommonPrefix> commonPrefixes) {}
