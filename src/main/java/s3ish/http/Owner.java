package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;

/** {@code Owner}: we have no account ids, so both are the access key. */
record Owner(@JsonProperty("ID") String id, @JsonProperty("DisplayName") String displayName) {
  static Owner of(String accessKey) {
    return new Owner(accessKey, accessKey);
  }
}
