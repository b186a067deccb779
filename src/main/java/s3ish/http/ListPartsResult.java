package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import java.util.List;

/** Response of ListParts. */
@JacksonXmlRootElement(localName = "ListPartsResult", namespace = S3Xml.NS)
record ListPartsResult(
    @JsonProperty("Bucket") String bucket,
    @JsonProperty("Key") String key,
    @JsonProperty("UploadId") String uploadId,
    @JsonProperty("PartNumberMarker") int partNumberMarker,
    @JsonProperty("NextPartNumberMarker") Integer nextPartNumberMarker,
    @JsonProperty("MaxParts") int maxParts,
    @JsonProperty("IsTruncated") boolean isTruncated,
    @JacksonXmlElementWrapper(useWrapping = false) @JsonProperty("Part") List<Part> parts,
    @JsonProperty("Initiator") Owner initiator,
    @JsonProperty("Owner") Owner owner,
    @JsonProperty("StorageClass") String storageClass) {

  /** One part; the checksum elements appear only for the checksum the part was uploaded with. */
  record Part(
      @JsonProperty("PartNumber") int partNumber,
      @JsonProperty("LastModified") String lastModified,
      @JsonProperty("ETag") String etag,
      @JsonProperty("Size") long size,
      @JsonProperty("ChecksumCRC32") String checksumCrc32,
      @JsonProperty("ChecksumCRC32C") String checksumCrc32c,
      @JsonProperty("ChecksumCRC64NVME") String checksumCrc64nvme,
      @JsonProperty("ChecksumSHA1") String checksumSha1,
      @JsonProperty("ChecksumSHA256") String checksumSha256) {}
}
