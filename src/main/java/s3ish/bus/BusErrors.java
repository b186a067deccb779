package s3ish.bus;

import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The single place where errors are put on and taken off the event bus. A failure travels as
 * {@code fail(S3ErrorCode.busCode(), json)} where json carries the message and the S3 detail elements.
 */
public final class BusErrors {
  private static final Logger LOG = LoggerFactory.getLogger(BusErrors.class);

  private BusErrors() {}

  /** Replies to {@code message} with the failure, mapping anything that is not an S3Exception to InternalError. */
  public static void fail(Message<?> message, Throwable error) {
    S3Exception e = toS3(error);
    if (e.code() == S3ErrorCode.INTERNAL_ERROR && !(error instanceof S3Exception)) {
      LOG.error("internal error handling {}", message.address(), error);
    }
    message.fail(e.code().busCode(), encode(e));
  }

  static String encode(S3Exception e) {
    JsonObject json = new JsonObject().put("m", e.getMessage());
    if (!e.details().isEmpty()) {
      json.put("d", new JsonObject(new LinkedHashMap<>(e.details())));
    }
    return json.encode();
  }

  /** Maps any failure seen by a caller of the bus to the contract's vocabulary. */
  public static S3Exception toS3(Throwable error) {
    if (error instanceof S3Exception s3) {
      return s3;
    }
    if (error instanceof ReplyException reply) {
      switch (reply.failureType()) {
        case TIMEOUT:
          return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "Timed out waiting for a storage or auth role.");
        case NO_HANDLERS:
          return new S3Exception(S3ErrorCode.SERVICE_UNAVAILABLE, "No node serves " + reply.getMessage() + ".");
        case RECIPIENT_FAILURE:
        default:
          S3ErrorCode code = S3ErrorCode.fromBusCode(reply.failureCode());
          if (code == null) {
            return new S3Exception(S3ErrorCode.INTERNAL_ERROR);
          }
          return decode(code, reply.getMessage());
      }
    }
    return new S3Exception(S3ErrorCode.INTERNAL_ERROR);
  }

  private static S3Exception decode(S3ErrorCode code, String detail) {
    if (detail == null || !detail.startsWith("{")) {
      return new S3Exception(code, detail);
    }
    try {
      JsonObject json = new JsonObject(detail);
      Map<String, String> details = new LinkedHashMap<>();
      JsonObject d = json.getJsonObject("d");
      if (d != null) {
        d.forEach(e -> details.put(e.getKey(), String.valueOf(e.getValue())));
      }
      return new S3Exception(code, json.getString("m"), details);
    } catch (RuntimeException notJson) {
      return new S3Exception(code, detail);
    }
  }
}
