package s3ish.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.dataformat.xml.annotation.JacksonXmlElementWrapper;
import java.util.List;

/** Request body of DeleteObjects. */
final class Delete {
  @JsonProperty("Quiet")
  Boolean quiet;

  @JacksonXmlElementWrapper(useWrapping = false)
  @JsonProperty("Object")
  List<ObjectIdentifier> objects;

  static final class ObjectIdentifier {
    @JsonProperty("Key")
    String key;

    /** Accepted and ignored: there are no versions. */
    @JsonProperty("VersionId")
    String versionId;
  }
}
