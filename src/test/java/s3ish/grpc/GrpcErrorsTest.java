package s3ish.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.vertx.grpc.common.GrpcStatus;
import java.util.Set;
import org.junit.jupiter.api.Test;
import s3ish.bus.S3ErrorCode;

class GrpcErrorsTest {
  @Test
  void everyS3ErrorCodeMapsToTheStatusItsMeaningCallsFor() {
    for (S3ErrorCode code : S3ErrorCode.values()) {
      assertEquals(expected(code), GrpcErrors.status(code), code.name());
    }
  }

  /** The rule, stated independently of the switch: by name first, then by HTTP status family. */
  private static GrpcStatus expected(S3ErrorCode code) {
    String name = code.code();
    if (name.startsWith("NoSuch")) {
      return GrpcStatus.NOT_FOUND;
    }
    if (Set.of("BucketAlreadyOwnedByYou", "BucketAlreadyExists").contains(name)) {
      return GrpcStatus.ALREADY_EXISTS;
    }
    if (Set.of("BucketNotEmpty", "PreconditionFailed", "NotModified").contains(name)) {
      return GrpcStatus.FAILED_PRECONDITION;
    }
    if (Set.of("EntityTooLarge", "StorageFull").contains(name)) {
      return GrpcStatus.RESOURCE_EXHAUSTED;
    }
    if (name.equals("NotImplemented")) {
      return GrpcStatus.UNIMPLEMENTED;
    }
    if (name.equals("RequestTimeout")) {
      return GrpcStatus.DEADLINE_EXCEEDED;
    }
    return switch (code.httpStatus()) {
      case 403 -> GrpcStatus.PERMISSION_DENIED;
      case 416 -> GrpcStatus.OUT_OF_RANGE;
      case 503 -> GrpcStatus.UNAVAILABLE;
      case 400, 405, 411 -> GrpcStatus.INVALID_ARGUMENT;
      default -> GrpcStatus.INTERNAL;
    };
  }
}
