package s3ish.auth;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import s3ish.bus.AuthMessages.Header;

/**
 * The AWS Signature Version 4 computation as S3 specifies it: canonical request, string to sign, signing key
 * and signature. Pure functions; no S3 error handling (see {@link AuthService}).
 *
 * <p>S3 differs from other services in two ways that matter here: the path is encoded once and never
 * normalized ({@code a//b} and {@code ../x} are literal keys), and the payload hash is whatever
 * {@code x-amz-content-sha256} says.
 */
final class SigV4 {
  static final String ALGORITHM = "AWS4-HMAC-SHA256";
  static final String TERMINATOR = "aws4_request";
  static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

  private static final HexFormat HEX = HexFormat.of();
  private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();
  // One instance per thread: looking an algorithm up through the providers costs more than a signature.
  // digest() and doFinal() reset them, and they never leave the thread.
  private static final ThreadLocal<Mac> HMAC_SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return Mac.getInstance("HmacSHA256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  });
  private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 unavailable", e);
    }
  });

  private SigV4() {}

  /** The credential scope: {@code date/region/service/aws4_request}. */
  record Scope(String date, String region, String service) {
    @Override
    public String toString() {
      return date + "/" + region + "/" + service + "/" + TERMINATOR;
    }
  }

  /**
   * The canonical request. {@code signedHeaders} are lowercase and sorted; {@code excludedParam}, if not
   * null, is a query parameter left out (the signature itself, for presigned URLs).
   */
  static String canonicalRequest(String method, String rawPath, String rawQuery, List<Header> headers,
      List<String> signedHeaders, String payloadHash, String excludedParam) {
    return method + '\n'
        + canonicalUri(rawPath) + '\n'
        + canonicalQuery(rawQuery, excludedParam) + '\n'
        + canonicalHeaders(headers, signedHeaders) + '\n'
        + String.join(";", signedHeaders) + '\n'
        + payloadHash;
  }

  static String canonicalUri(String rawPath) {
    if (rawPath == null || rawPath.isEmpty()) {
      return "/";
    }
    // Segment by segment, so an encoded slash (%2F, part of a key) stays apart from a literal one.
    String[] segments = rawPath.split("/", -1);
    StringBuilder out = new StringBuilder(rawPath.length() + 16);
    for (int i = 0; i < segments.length; i++) {
      if (i > 0) {
        out.append('/');
      }
      out.append(canonical(segments[i]));
    }
    return out.toString();
  }

  static String canonicalQuery(String rawQuery, String excludedParam) {
    if (rawQuery == null || rawQuery.isEmpty()) {
      return "";
    }
    List<String[]> params = new ArrayList<>();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      String name = eq < 0 ? pair : pair.substring(0, eq);
      String value = eq < 0 ? "" : pair.substring(eq + 1);
      String encodedName = canonical(name);
      // A parameter without a name means nothing, and the AWS SDK leaves it out of what it signs (found by fuzzing).
      if (encodedName.isEmpty() || encodedName.equals(excludedParam)) {
        continue;
      }
      params.add(new String[] {encodedName, canonical(value)});
    }
    // Encoded strings are ASCII, so String order is byte order.
    params.sort((a, b) -> {
      int byName = a[0].compareTo(b[0]);
      return byName != 0 ? byName : a[1].compareTo(b[1]);
    });
    StringBuilder out = new StringBuilder();
    for (String[] p : params) {
      if (out.length() > 0) {
        out.append('&');
      }
      out.append(p[0]).append('=').append(p[1]);
    }
    return out.toString();
  }

  /** One {@code name:value\n} line per signed header; repeated headers joined with ',' in arrival order. */
  static String canonicalHeaders(List<Header> headers, List<String> signedHeaders) {
    StringBuilder out = new StringBuilder();
    for (String name : signedHeaders) {
      out.append(name).append(':');
      boolean first = true;
      for (Header h : headers) {
        if (h.name().equalsIgnoreCase(name)) {
          if (!first) {
            out.append(',');
          }
          out.append(trimAll(h.value()));
          first = false;
        }
      }
      out.append('\n');
    }
    return out.toString();
  }

  static String stringToSign(String amzDate, Scope scope, String canonicalRequest) {
    return ALGORITHM + '\n' + amzDate + '\n' + scope + '\n' + sha256Hex(canonicalRequest);
  }

  static byte[] signingKey(String secret, Scope scope) {
    byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scope.date());
    key = hmac(key, scope.region());
    key = hmac(key, scope.service());
    return hmac(key, TERMINATOR);
  }

  static String signature(byte[] signingKey, String stringToSign) {
    return HEX.formatHex(hmac(signingKey, stringToSign));
  }

  /** The whole chain from a canonical request to the hex signature (for known-answer tests). */
  static String sign(String secret, Scope scope, String amzDate, String canonicalRequest) {
    return signature(signingKey(secret, scope), stringToSign(amzDate, scope, canonicalRequest));
  }

  static String sha256Hex(String text) {
    return HEX.formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Equal in time independent of where the inputs differ. */
  static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, String data) {
    try {
      Mac mac = HMAC_SHA256.get();
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 key refused", e);
    }
  }

  /** Trims and collapses inner runs of spaces and tabs to one space. */
  static String trimAll(String value) {
    String v = value.strip();
    StringBuilder out = new StringBuilder(v.length());
    boolean inRun = false;
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == ' ' || c == '\t') {
        if (!inRun) {
          out.append(' ');
        }
        inRun = true;
      } else {
        out.append(c);
        inRun = false;
      }
    }
    return out.toString();
  }

  /**
   * A path segment or query component as SigV4 signs it: decoded, then encoded again. Most are unreserved
   * characters only, which that leaves as they are; a presigned URL's query is some 400 of them per request.
   */
  static String canonical(String raw) {
    for (int i = 0; i < raw.length(); i++) {
      if (!isUnreserved(raw.charAt(i))) {
        return encode(decode(raw));
      }
    }
    return raw;
  }

  /**
   * Percent-decodes to bytes. '+' stays '+' (S3 signs the path and query as bytes, not as a form); a '%'
   * not followed by two hex digits is taken literally.
   */
  static byte[] decode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length());
    int i = 0;
    while (i < raw.length()) {
      char c = raw.charAt(i);
      if (c == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        out.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 3;
      } else if (c < 0x80) {
        out.write(c);
        i++;
      } else {
        int cp = raw.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toByteArray();
  }

  /** Keeps unreserved bytes; everything else becomes %XX with uppercase hex. */
  static String encode(byte[] bytes) {
    StringBuilder out = new StringBuilder(bytes.length * 3 / 2);
    for (byte b : bytes) {
      char c = (char) (b & 0xff);
      if (isUnreserved(c)) {
        out.append(c);
      } else {
        out.append('%').append(UPPER_HEX[(b >> 4) & 0xf]).append(UPPER_HEX[b & 0xf]);
      }
    }
    return out.toString();
  }

  static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  private static boolean isUnreserved(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
        || c == '-' || c == '_' || c == '.' || c == '~';
  }

  private static boolean isHex(char c) {
    return Character.digit(c, 16) >= 0 && c < 128;
  }
}
