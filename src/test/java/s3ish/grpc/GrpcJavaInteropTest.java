package s3ish.grpc;

import s3ish.TestServer;

/** The same calls through grpc-java (io.grpc), the reference implementation: interoperability. */
class GrpcJavaInteropTest extends ObjectStoreCallsTest {
  @Override
  ObjectStoreCaller connect(TestServer server, String accessKey, String secretKey) {
    return new GrpcJavaCaller(server.grpcPort(), accessKey, secretKey);
  }
}
