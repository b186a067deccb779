package s3ish.http;

import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlRootElement;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlText;

/** Response of GetBucketLocation: empty for us-east-1, as S3 answers. */
@JacksonXmlRootElement(localName = "LocationConstraint", namespace = S3Xml.NS)
record LocationConstraint(@JacksonXmlText String region) {
  static LocationConstraint of(String region) {
    return new LocationConstraint(region == null || region.equals("us-east-1") ? null : region);
  }
}
