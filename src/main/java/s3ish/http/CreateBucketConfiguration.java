package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Optional request body of CreateBucket. */
final class CreateBucketConfiguration {
  @JsonProperty("LocationConstraint")
  String locationConstraint;
}
