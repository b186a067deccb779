package s3ish.e2e;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.TestInfo;
import s3ish.config.Setting;

/**
 * Marks a subclass of an S3 semantics suite that runs the same tests against the file backend: the suite's
 * server reads {@link #configFor} when it starts.
 */
interface OnFileBackend {

  /** The server overrides for the test class of {@code info}: the file backend when it is marked. */
  static JsonObject configFor(TestInfo info) {
    boolean file = info.getTestClass().map(OnFileBackend.class::isAssignableFrom).orElse(false);
    return file ? new JsonObject().put(Setting.STORAGE_BACKEND.key(), "file") : new JsonObject();
  }
}
