package s3ish.bus;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Verify;

/**
 * The auth role as the protocol roles see it: one verification per request, through the caller's own event
 * loop when an auth instance runs there ({@link Lanes}). Failures are always {@link S3Exception}s.
 */
public final class AuthClient {
  private final Lanes lanes;
  private final DeliveryOptions options;

  public AuthClient(Vertx vertx, long timeoutMs) {
    this.lanes = Lanes.of(vertx);
    this.options = new DeliveryOptions().setSendTimeout(timeoutMs);
  }

  public Future<Identity> verify(Verify verify) {
    return lanes.<Identity>request(Addresses.AUTH_VERIFY, verify, options)
        .transform(ar -> ar.succeeded()
            ? Future.succeededFuture(ar.result().body())
            : Future.failedFuture(BusErrors.toS3(ar.cause())));
  }
}
