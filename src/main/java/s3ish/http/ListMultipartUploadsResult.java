package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;
import s3ish.http.ListBucketResult.CommonPrefix;

/** Response of ListMultipartUploads. Keys and prefixes are already URL-encoded when encoding-type=url. */
@JacksonXmlRootElement(localName = "ListMultipartUploadsResult", namespace = S3Xml.NS)
record ListMultipartUploadsResult(
    @JsonProperty("Bucket") String bucket,
    @JsonProperty("KeyMarker") String keyMarker,
    @JsonProperty("UploadIdMarker") String uploadIdMarker,
    @JsonProperty("NextKeyMarker") String nextKeyMarker,
    @JsonProperty("NextUploadIdMarker") String nextUploadIdMarker,
    @JsonProperty("Prefix") String prefix,
    @JsonProperty("Delimiter") String delimiter,
    @JsonProperty("MaxUploads") int maxUploads,
    @JsonProperty("EncodingType") String encodingType,
    @JsonProperty("IsTruncated") boolean isTruncated,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Upload") List<Upload> uploads,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("CommonPrefixes") List<CommonPrefix> commonPrefixes) {

  record Upload(
      @JsonProperty("Key") String key,
      @JsonProperty("UploadId") String uploadId,
      @JsonProperty("Initiator") Owner initiator,
      @JsonProperty("Owner") Owner owner,
      @JsonProperty("StorageClass") String storageClass,
      @JsonProperty("Initiated") String initiated) {}
}
