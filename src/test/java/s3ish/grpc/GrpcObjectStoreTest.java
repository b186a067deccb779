package s3ish.grpc;

import s3ish.TestServer;

/** The calls through vertx-grpc's client (the code generated from the proto). */
class GrpcObjectStoreTest extends ObjectStoreCallsTest {
  @Override
  ObjectStoreCaller connect(TestServer server, String accessKey, String secretKey) {
    return new GrpcTestClient(server.vertx(), server.grpcPort(), accessKey, secretKey);
  }
}
