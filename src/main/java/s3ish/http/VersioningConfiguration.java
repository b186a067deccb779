package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;

/** Response of GetBucketVersioning; both fields absent (an empty element) means versioning was never enabled. */
@JacksonXmlRootElement(localName = "VersioningConfiguration", namespace = S3Xml.NS)
record VersioningConfiguration(@JsonProperty("Status") String status, @JsonProperty("MfaDelete") String mfaDelete) {
  static final VersioningConfiguration NEVER_ENABLED = new VersioningConfiguration(null, null);
}
