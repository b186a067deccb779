package s3ish.e2e;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import s3ish.TestServer;

/**
 * HTTP/1.1 spoken by hand over a plain socket, for what java.net.http and well-behaved clients will not send:
 * a chosen Host header (virtual-hosted style without DNS for *.localhost), a PUT with neither Content-Length
 * nor a body, oversized or malformed heads.
 */
final class RawHttp {
  private RawHttp() {}

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /**
   * One exchange with Connection: close, so the response ends where the stream does. {@code headerLines} each
   * end with CRLF; the seed's credentials and Connection: close are added.
   */
  static Response exchange(TestServer server, String method, String target, String host, String headerLines,
      byte[] body) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      String head = method + " " + target + " HTTP/1.1\r\n"
          + "Host: " + host + "\r\n"
          + "x-access-key: " + TestServer.ACCESS_KEY + "\r\n"
          + "x-secret-key: " + TestServer.SECRET_KEY + "\r\n"
          + "Connection: close\r\n"
          + headerLines + "\r\n";
      OutputStream out = socket.getOutputStream();
      out.write(head.getBytes(StandardCharsets.ISO_8859_1));
      if (body != null) {
        out.write(body);
      }
      out.flush();
      return parse(socket.getInputStream(), method.equals("HEAD"));
    }
  }

  static String seedCredentials() {
    return "x-access-key: " + TestServer.ACCESS_KEY + "\r\nx-secret-key: " + TestServer.SECRET_KEY + "\r\n";
  }

  /** Sends {@code request}, as it is, on a new connection and reads until the server closes it. */
  static String exchange(TestServer server, String request) throws IOException {
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
      socket.setSoTimeout(60_000);
      send(socket, request);
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  static void send(Socket socket, String request) throws IOException {
    OutputStream out = socket.getOutputStream();
    out.write(request.getBytes(StandardCharsets.UTF_8));
    out.flush();
  }

  /** The status line and headers of one response, and its Content-Length of body read past. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    int c;
    while ((c = in.read()) >= 0) {
      head.append((char) c);
      if (head.length() >= 4 && head.substring(head.length() - 4).equals("\r\n\r\n")) {
        break;
      }
    }
    String text = head.toString();
    int length = text.toLowerCase(Locale.ROOT).indexOf("content-length: ");
    if (length >= 0) {
      int n = Integer.parseInt(text.substring(length + 16, text.indexOf('\r', length)).trim());
      in.readNBytes(n);
    }
    return text;
  }

  static void assertError(int status, String code, String response) {
    // An unparseable request line has no version: the answer is then HTTP/1.0.
    assertTrue(response.matches("(?s)HTTP/1\\.[01] " + status + " .*"), response);
    assertTrue(response.contains("<Code>" + code + "</Code>"), response);
  }

  private static Response parse(InputStream in, boolean head) throws IOException {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    in.transferTo(all);
    String text = all.toString(StandardCharsets.UTF_8);
    int end = text.indexOf("\r\n\r\n");
    String[] lines = text.substring(0, end).split("\r\n");
    int status = Integer.parseInt(lines[0].split(" ")[1]);
    Map<String, String> headers = new TreeMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      headers.putIfAbsent(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
    }
    return new Response(status, headers, head ? "" : text.substring(end + 4));
  }
}
