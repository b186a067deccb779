package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import s3ish.bus.Addresses;
import s3ish.bus.AuthMessages.Identity;
import s3ish.bus.AuthMessages.Method;
import s3ish.bus.AuthMessages.Verify;
import s3ish.bus.BusErrors;
import s3ish.bus.Contract;
import s3ish.bus.Role;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;
import s3ish.config.Setting;
import software.amazon.awssdk.http.SdkHttpMethod;

/** The auth role over a real local event bus, deployed by class name as the launcher does. */
class AuthVerticleTest {
  @TempDir
  Path dir;
  private Vertx vertx;

  @BeforeEach
  void startVertx() {
    vertx = Vertx.vertx();
    Contract.registerCodecs(vertx);
  }

  @AfterEach
  void stopVertx() {
    vertx.close().await();
  }

  @Test
  void repliesTheIdentityOfAHeaderKeyRequest() throws Exception {
    deploy("# users\ndemo:demo-secret\n");

    Identity identity = request(new Verify("GET", "/", null,
        AuthServiceTest.headers("x-access-key", "demo", "x-secret-key", "demo-secret")));

    assertEquals(new Identity("demo", Method.HEADER_KEYS, null, null), identity);
  }

  @Test
  void repliesTheIdentityOfAnSdkSignedRequest() throws Exception {
    deploy(SdkSignedRequestsTest.AK + ":" + SdkSignedRequestsTest.SK + "\n");
    // The verticle uses the system clock, so sign with it too.
    Verify signed = SdkSigning.sign(SdkSigning.request(SdkHttpMethod.PUT, "bucket", "a b/ü").build(), "hello",
        SdkSignedRequestsTest.AK, SdkSignedRequestsTest.SK, "us-west-2", java.time.Clock.systemUTC());

    Identity identity = request(signed);

    assertEquals(SdkSignedRequestsTest.AK, identity.accessKey());
    assertEquals(Method.SIGV4_HEADER, identity.method());
  }

  @Test
  void aFailureArrivesAsItsS3Code() throws Exception {
    deploy("demo:demo-secret\n");

    S3Exception wrongSecret = failure(new Verify("GET", "/", null,
        AuthServiceTest.headers("x-access-key", "demo", "x-secret-key", "nope")));
    S3Exception none = failure(new Verify("GET", "/", null, AuthServiceTest.headers("Host", "x")));

    assertEquals(S3ErrorCode.SIGNATURE_DOES_NOT_MATCH, wrongSecret.code());
    assertEquals(S3ErrorCode.ACCESS_DENIED, none.code());
  }

  @Test
  void sigV2IsAcceptedByDefaultAndDeniedWhenSwitchedOff() throws Exception {
    Path creds = write("demo:demo-secret\n");
    long expires = java.time.Instant.now().plusSeconds(300).getEpochSecond();
    String signature = java.net.URLEncoder.encode(SigV2.sign("demo-secret", "GET\n\n\n" + expires + "\n/b/k"),
        java.nio.charset.StandardCharsets.UTF_8);
    Verify v2 = new Verify("GET", "/b/k", "AWSAccessKeyId=demo&Expires=" + expires + "&Signature=" + signature,
        AuthServiceTest.headers("Host", "x"));
    String on = vertx.deployVerticle(Role.AUTH.verticleClass(), options(creds)).await();

    assertEquals(Method.PRESIGNED_V2, request(v2).method());

    vertx.undeploy(on).await();
    vertx.deployVerticle(Role.AUTH.verticleClass(),
        new DeploymentOptions().setConfig(options(creds).getConfig().put(Setting.SIGV2_ENABLED.key(), false))).await();
    S3Exception off = failure(v2);
    assertEquals(S3ErrorCode.ACCESS_DENIED, off.code());
    assertTrue(off.getMessage().contains("sigv2_enabled"), off.getMessage());
  }

  @Test
  void aBadCredentialsLineFailsDeploymentNamingTheLine() throws Exception {
    Path creds = write("demo:demo-secret\n\nno-colon-here\n");

    Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(Role.AUTH.verticleClass(), options(creds)).await());

    assertEquals(creds + ":3: expected access:secret", e.getMessage());
    assertTrue(vertx.deploymentIDs().isEmpty());
  }

  @Test
  void aMissingCredentialsFileFailsDeploymentNamingTheFile() {
    Path creds = dir.resolve("missing.txt");

    Exception e = assertThrows(Exception.class, () -> vertx.deployVerticle(Role.AUTH.verticleClass(), options(creds)).await());

    assertEquals(creds + ": cannot read credentials file: no such file", e.getMessage());
  }

  private void deploy(String credentials) throws Exception {
    vertx.deployVerticle(Role.AUTH.verticleClass(), options(write(credentials))).await();
  }

  private Identity request(Verify verify) {
    return vertx.eventBus().<Identity>request(Addresses.AUTH_VERIFY, verify).await().body();
  }

  private S3Exception failure(Verify verify) {
    Throwable error = assertThrows(Throwable.class,
        () -> vertx.eventBus().request(Addresses.AUTH_VERIFY, verify).await());
    return BusErrors.toS3(error instanceof CompletionException ? error.getCause() : error);
  }

  private Path write(String text) throws Exception {
    Path file = dir.resolve("creds.txt");
    Files.writeString(file, text);
    return file;
  }

  private static DeploymentOptions options(Path creds) {
    return new DeploymentOptions().setConfig(new JsonObject().put(Setting.AUTH_FILE.key(), creds.toString()));
  }
}
