package s3ish.e2e;

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
 * One HTTP/1.1 exchange over a plain socket, for what java.net.http will not send: a chosen Host header
 * (virtual-hosted style without DNS for *.localhost) or a PUT with neither Content-Length nor a body.
 * Connection: close, so the response ends where the stream does.
 */
final class RawHttp {
  private RawHttp() {}

  record Response(int status, Map<String, String> headers, String body) {
    String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  /** {@code headerLines} each end with CRLF; the seed's credentials and Connection: close are added. */
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
