package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;

/** The original s3ish README's curl examples, request for request, with its x-access-key/x-secret-key auth. */
class SeedExamplesTest extends ServerPerClass {

  @Test
  void theSeedWalkthroughWorks() throws Exception {
    HttpResponse<String> create = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket")
        .PUT(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, create.statusCode(), create.body());

    HttpResponse<String> put = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket/hello.txt")
        .header("content-type", "text/plain")
        .PUT(HttpRequest.BodyPublishers.ofString("Hello, World!")).build());
    assertEquals(200, put.statusCode(), put.body());
    assertEquals("\"65a8e27d8879283831b664bd8b7f0ad4\"", put.headers().firstValue("etag").orElseThrow());

    HttpResponse<String> get = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket/hello.txt").GET().build());
    assertEquals(200, get.statusCode());
    assertEquals("Hello, World!", get.body());
    assertEquals("text/plain", get.headers().firstValue("content-type").orElseThrow());

    HttpResponse<String> list = S3TestSupport.send(
        S3TestSupport.seedRequest(server, "/my-bucket/?prefix=&max-keys=100").GET().build());
    assertEquals(200, list.statusCode());
    assertTrue(list.body().contains("<Key>hello.txt</Key>"), list.body());

    HttpResponse<String> copy = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket/hello-copy.txt")
        .header("x-amz-copy-source", "/my-bucket/hello.txt")
        .method("PATCH", HttpRequest.BodyPublishers.noBody()).build());
    assertEquals(200, copy.statusCode(), copy.body());

    HttpResponse<String> delete = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket/hello.txt")
        .DELETE().build());
    assertEquals(204, delete.statusCode());

    HttpResponse<String> gone = S3TestSupport.send(S3TestSupport.seedRequest(server, "/my-bucket/hello.txt").GET().build());
    assertEquals(404, gone.statusCode());
    assertTrue(gone.body().contains("<Code>NoSuchKey</Code>"), gone.body());
    HttpResponse<String> copied = S3TestSupport.send(
        S3TestSupport.seedRequest(server, "/my-bucket/hello-copy.txt").GET().build());
    assertEquals("Hello, World!", copied.body());
  }

  @Test
  void healthAndReadinessAnswer() throws Exception {
    HttpResponse<String> health = S3TestSupport.send(HttpRequest.newBuilder(server.endpoint().resolve("/_health")).build());
    assertEquals(200, health.statusCode());
    HttpResponse<String> ready = S3TestSupport.send(HttpRequest.newBuilder(server.endpoint().resolve("/_ready")).build());
    assertEquals(200, ready.statusCode(), ready.body());
  }
}
