package s3ish.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import s3ish.TestServer;
import s3ish.config.Setting;

/**
 * Without credentials every route is AccessDenied: each endpoint of the routing table (implemented or not),
 * requests no endpoint serves, and /_metrics when it requires auth. Only /_health and /_ready answer anyone.
 */
class EveryRouteNeedsAuthTest {
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static TestServer server;

  @BeforeAll
  static void start() {
    server = TestServer.start(new JsonObject().put(Setting.METRICS_REQUIRE_AUTH.key(), true));
  }

  @AfterAll
  static void stop() {
    server.close();
  }

  @Test
  void everyEndpointOfTheTableIsAccessDeniedWithoutCredentials() throws Exception {
    List<String> open = new ArrayList<>();
    for (S3Endpoint endpoint : S3Endpoint.values()) {
      for (String method : endpoint.methods()) {
        HttpResponse<String> r = CLIENT.send(exampleOf(endpoint, method).build(),
            HttpResponse.BodyHandlers.ofString());
        // HEAD answers carry no body: the status alone says it.
        boolean denied = r.statusCode() == 403
            && (method.equals("HEAD") || r.body().contains("<Code>AccessDenied</Code>"));
        if (!denied) {
          open.add(endpoint.apiName() + " " + method + ": " + r.statusCode() + " " + r.body());
        }
      }
    }
    assertEquals(List.of(), open);
  }

  @Test
  void requestsNoEndpointServesAreAccessDeniedBeforeAnythingElse() throws Exception {
    for (String[] request : new String[][] {{"PATCH", "/b/k"}, {"OPTIONS", "/b"}, {"GET", "/b?acl&tagging"}}) {
      HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(server.endpoint() + request[1]))
          .method(request[0], HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(403, r.statusCode(), request[0] + " " + request[1] + ": " + r.body());
      assertTrue(r.body().contains("<Code>AccessDenied</Code>"), r.body());
    }
  }

  @Test
  void probesAreOpenAndMetricsNeedCredentialsWhenConfigured() throws Exception {
    assertEquals(200, get("/_health", false).statusCode());
    assertEquals(200, get("/_ready", false).statusCode());
    HttpResponse<String> anonymous = get("/_metrics", false);
    assertEquals(403, anonymous.statusCode());
    assertTrue(anonymous.body().contains("<Code>AccessDenied</Code>"), anonymous.body());
    // Authenticated, the request reaches the metrics handler (no Prometheus registry in tests: 404).
    assertEquals(404, get("/_metrics", true).statusCode());
  }

  private static HttpResponse<String> get(String path, boolean withCredentials) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.endpoint() + path));
    if (withCredentials) {
      b.header("x-access-key", TestServer.ACCESS_KEY).header("x-secret-key", TestServer.SECRET_KEY);
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** A request the endpoint would serve: its resource, method, subresource flags, parameters and headers. */
  private static HttpRequest.Builder exampleOf(S3Endpoint endpoint, String method) {
    String path = switch (endpoint.resource()) {
      case SERVICE -> "/";
      case BUCKET -> "/bucket";
      case OBJECT -> "/bucket/key";
    };
    List<String> query = new ArrayList<>();
    List<String[]> headers = new ArrayList<>();
    for (S3Endpoint.Discriminator d : endpoint.discriminators()) {
      switch (d.kind()) {
        case FLAG -> query.add(d.name());
        case PARAM -> query.add(d.name() + "=" + (d.value() == null ? "1" : d.value()));
        case HEADER -> headers.add(new String[] {d.name(), "bucket/source"});
      }
    }
    String uri = server.endpoint() + path + (query.isEmpty() ? "" : "?" + String.join("&", query));
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri))
        .method(method, HttpRequest.BodyPublishers.noBody());
    headers.forEach(h -> b.header(h[0], h[1]));
    return b;
  }
}
