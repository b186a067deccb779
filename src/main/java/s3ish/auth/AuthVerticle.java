package s3ish.auth;

import s3ish.observability.S3ishMetrics;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import s3ish.bus.Addresses;
import s3ish.bus.AuthMessages;
import s3ish.bus.BusErrors;
import s3ish.bus.Lanes;
import s3ish.config.Setting;

/**
 * Serves {@link Addresses#AUTH_VERIFY}: loads the credentials file once per instance and answers each
 * {@link AuthMessages.Verify} with an {@link AuthMessages.Identity} or the S3 error. Deployment fails, naming
 * the file and line, when the credentials file is missing or has a bad line.
 */
public final class AuthVerticle extends VerticleBase {
  private final S3ishMetrics metrics = S3ishMetrics.get();
  private static final Logger LOG = LoggerFactory.getLogger(AuthVerticle.class);

  /** What this verticle reads from its deployment config. */
  record Config(Path authFile, String region, Duration maxClockSkew, boolean sigV2Enabled) {
    static Config from(JsonObject json) {
      return new Config(Path.of(Setting.AUTH_FILE.string(json)), Setting.REGION.string(json),
          Duration.ofSeconds(Setting.MAX_CLOCK_SKEW_SECS.intValue(json)), Setting.SIGV2_ENABLED.bool(json));
    }
  }

  private AuthService service;

  @Override
  public Future<?> start() {
    Config config = Config.from(config());
    return loadCredentials(config)
        .map(credentials -> new AuthService(credentials, config.maxClockSkew(), Clock.systemUTC(),
            config.sigV2Enabled()))
        .compose(this::serve)
        .onSuccess(v -> LOG.info("auth: serving {} (region {}; scopes of any region accepted)",
            Addresses.AUTH_VERIFY, config.region()));
  }

  private Future<Credentials> loadCredentials(Config config) {
    return vertx.executeBlocking(() -> Credentials.load(config.authFile()), false);
  }

  private Future<Void> serve(AuthService service) {
    this.service = service;
    metrics.authCredentials(service::credentialCount);
    return Lanes.of(vertx).consumer(Addresses.AUTH_VERIFY, this::onVerify);
  }

  private void onVerify(Message<AuthMessages.Verify> message) {
    long started = System.nanoTime();
    String mechanism = AuthService.mechanism(message.body()).label();
    try {
      AuthMessages.Identity identity = service.verify(message.body(), message.body().virtualHostBucket());
      metrics.authResult(mechanism, "OK", System.nanoTime() - started);
      message.reply(identity);
    } catch (RuntimeException e) {
      metrics.authResult(mechanism, BusErrors.toS3(e).code().code(), System.nanoTime() - started);
      BusErrors.fail(message, e);
    }
  }
}
