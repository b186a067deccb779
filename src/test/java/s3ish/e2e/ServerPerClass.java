package s3ish.e2e;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;
import s3ish.TestServer;
import software.amazon.awssdk.services.s3.S3Client;

/** One real node and one SDK client per test class; every test uses buckets of its own. */
abstract class ServerPerClass {
  static TestServer server;
  static S3Client s3;

  @BeforeAll
  static void startServer(TestInfo info) {
    server = TestServer.start(OnFileBackend.configFor(info));
    s3 = server.client();
  }

  @AfterAll
  static void stopServer() {
    s3.close();
    server.close();
  }

  /** Creates a bucket with a fresh name and returns the name. */
  static String createBucket(String hint) {
    String name = S3TestSupport.bucketName(hint);
    s3.createBucket(b -> b.bucket(name));
    return name;
  }
}
