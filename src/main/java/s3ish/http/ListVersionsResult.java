package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;
import s3ish.http.ListBucketResult.CommonPrefix;

/**
 * Response of ListObjectVersions. Buckets are never versioned, so every object is one {@code Version} with
 * version id "null" (as S3 lists objects written before versioning was enabled) and there are no delete markers.
 */
@JacksonXmlRootElement(localName = "ListVersionsResult", namespace = S3Xml.NS)
record ListVersionsResult(
    @JsonProperty("Name") String name,
    @JsonProperty("Prefix") String prefix,
    @JsonProperty("KeyMarker") String keyMarker,
    @JsonProperty("VersionIdMarker") String versionIdMarker,
    @JsonProperty("NextKeyMarker") String nextKeyMarker,
    @JsonProperty("NextVersionIdMarker") String nextVersionIdMarker,
    @JsonProperty("MaxKeys") int maxKeys,
    @JsonProperty("Delimiter") String delimiter,
    @JsonProperty("EncodingType") String encodingType,
    @JsonProperty("IsTruncated") boolean isTruncated,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Version") List<Version> versions,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes") List<CommonPrefix> commonPrefixes) {

  /** The version id of every object in a bucket that never had versioning enabled. */
  static final String NULL_VERSION = "null";

  record Version(
      @JsonProperty("Key") String key,
      @JsonProperty("VersionId") String versionId,
      @JsonProperty("IsLatest") boolean isLatest,
      @JsonProperty("LastModified") String lastModified,
      @JsonProperty("ETag") String etag,
      @JsonProperty("Size") long size,
      @JsonProperty("StorageClass") String storageClass,
      @JsonProperty("Owner") Owner owner) {}
}
