package s3ish.auth;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import s3ish.bus.AuthMessages.Header;
import s3ish.bus.AuthMessages.Verify;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.SdkHttpMethod;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.utils.http.SdkHttpUtils;

/** Signs requests with the AWS SDK v2 signer, configured as the S3 client configures it, into Verify messages. */
final class SdkSigning {
  private SdkSigning() {}

  /** A request to sign; {@code key} is an object key as a client would pass it (not encoded). */
  static SdkHttpRequest.Builder request(SdkHttpMethod method, String bucket, String key) {
    String path = "/" + bucket + (key == null ? "" : "/" + SdkHttpUtils.urlEncodeIgnoreSlashes(key));
    return SdkHttpRequest.builder().method(method).protocol("http").host("127.0.0.1").port(9000)
        .encodedPath(path);
  }

  static Verify sign(SdkHttpRequest request, String body, String accessKey, String secret, String region,
      Clock clock) {
    return sign(request, body, accessKey, secret, region, clock, b -> { });
  }

  static Verify sign(SdkHttpRequest request, String body, String accessKey, String secret, String region,
      Clock clock, Consumer<software.amazon.awssdk.http.auth.spi.signer.SignRequest.Builder<AwsCredentialsIdentity>> extra) {
    SignedRequest signed = AwsV4HttpSigner.create().sign(r -> {
      r.identity(AwsCredentialsIdentity.create(accessKey, secret))
          .request(request)
          .payload(body == null ? null : ContentStreamProvider.fromUtf8String(body))
          .putProperty(AwsV4HttpSigner.REGION_NAME, region)
          .putProperty(AwsV4HttpSigner.SERVICE_SIGNING_NAME, "s3")
          // S3 signs the path as sent: encoded once, never normalized.
          .putProperty(AwsV4HttpSigner.DOUBLE_URL_ENCODE, false)
          .putProperty(AwsV4HttpSigner.NORMALIZE_PATH, false)
          .putProperty(HttpSigner.SIGNING_CLOCK, clock);
      extra.accept(r);
    });
    return toVerify(signed.request());
  }

  /** What the HTTP verticle would put on the bus for this request as it arrives. */
  static Verify toVerify(SdkHttpRequest request) {
    List<Header> headers = new ArrayList<>();
    if (request.firstMatchingHeader("Host").isEmpty()) {
      headers.add(new Header("Host", request.host() + ":" + request.port()));
    }
    request.forEachHeader((name, values) -> values.forEach(v -> headers.add(new Header(name, v))));
    return new Verify(request.method().name(), request.encodedPath(),
        request.encodedQueryParameters().orElse(null), headers);
  }
}
