package s3ish.bus;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the contract. {@code details} are the extra elements S3 puts in its error XML
 * (e.g. {@code BucketName}, {@code Key}, {@code ActualObjectSize}); they travel over the bus with the code.
 */
public final class S3Exception extends RuntimeException {
  private final S3ErrorCode code;
  private final Map<String, String> details;

  public S3Exception(S3ErrorCode code) {
    this(code, code.defaultMessage(), Map.of());
  }

  public S3Exception(S3ErrorCode code, String message) {
    this(code, message, Map.of());
  }

  public S3Exception(S3ErrorCode code, String message, Map<String, String> details) {
    super(message == null ? code.defaultMessage() : message, null, false, false);
    this.code = code;
    this.details = Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  public S3ErrorCode code() {
    return code;
  }

  public Map<String, String> details() {
    return details;
  }

  public S3Exception with(String name, String value) {
    Map<String, String> d = new LinkedHashMap<>(details);
    d.put(name, value);
    return new S3Exception(code, getMessage(), d);
  }

  public static S3Exception of(S3ErrorCode code) {
    return new S3Exception(code);
  }

  public static S3Exception of(S3ErrorCode code, String message) {
    return new S3Exception(code, message);
  }
}
