package s3ish.bench;

import java.net.URI;

/**
 * One validated benchmark run. {@code count} > 0 bounds the run by operations (then {@code warmupSecs} is
 * ignored), otherwise {@code durationSecs} bounds it by time after a warm-up whose results are discarded.
 */
record BenchPlan(URI endpoint, String accessKey, String secretKey, String region, String bucket, OperationMix mix,
    KeySpace keys, long objectSize, int concurrency, int durationSecs, long count, int warmupSecs, boolean prepare,
    boolean createBucket, int listMaxKeys, boolean progress) {

  String host() {
    return endpoint.getHost();
  }

  int port() {
    return endpoint.getPort() >= 0 ? endpoint.getPort() : 80;
  }

  /** The Host header as sent: signed, so it must be exactly what goes on the wire. */
  String authority() {
    return endpoint.getPort() >= 0 ? endpoint.getHost() + ":" + endpoint.getPort() : endpoint.getHost();
  }
}
