package s3ish.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import s3ish.bus.S3ErrorCode;
import s3ish.bus.S3Exception;

/**
 * A parsed {@code Authorization: AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request,
 * SignedHeaders=a;b, Signature=hex} header. Parsing checks shape only; keys, dates and the signature are
 * checked by {@link AuthService}.
 */
record AuthorizationHeader(String accessKey, SigV4.Scope scope, List<String> signedHeaders, String signature) {

  static boolean isSigV4(String value) {
    return value.startsWith(SigV4.ALGORITHM + " ") || value.equals(SigV4.ALGORITHM);
  }

  static AuthorizationHeader parse(String value) {
    String rest = value.substring(SigV4.ALGORITHM.length()).strip();
    String credential = null;
    String signedHeaders = null;
    String signature = null;
    for (String part : rest.split(",")) {
      String p = part.strip();
      int eq = p.indexOf('=');
      if (eq < 0) {
        throw malformed("'" + p + "' is not a name=value component.");
      }
      String name = p.substring(0, eq).strip();
      String v = p.substring(eq + 1).strip();
      switch (name) {
        case "Credential" -> credential = once(credential, v, name);
        case "SignedHeaders" -> signedHeaders = once(signedHeaders, v, name);
        case "Signature" -> signature = once(signature, v, name);
        default -> throw malformed("unknown component '" + name + "'.");
      }
    }
    if (credential == null || signedHeaders == null || signature == null) {
      throw malformed("it needs Credential, SignedHeaders and Signature.");
    }
    if (signature.isEmpty()) {
      throw malformed("the Signature is empty.");
    }
    String[] parts = credential.split("/", -1);
    return new AuthorizationHeader(accessKeyOf(parts, credential), scopeOf(parts, credential),
        signedHeaders(signedHeaders), signature);
  }

  /** Everything before the last four '/'-separated parts is the access key. */
  private static String accessKeyOf(String[] parts, String credential) {
    if (parts.length < 5 || parts[0].isEmpty()) {
      throw badCredential(credential);
    }
    return parts.length == 5 ? parts[0] : String.join("/", java.util.Arrays.copyOf(parts, parts.length - 4));
  }

  private static SigV4.Scope scopeOf(String[] parts, String credential) {
    int n = parts.length;
    String date = parts[n - 4];
    String region = parts[n - 3];
    String service = parts[n - 2];
    // eight digits (not a regex: compiling one per request showed in the profile)
    boolean date8 = date.length() == 8 && AmzDate.digits(date, 0, 8) >= 0;
    if (!date8 || region.isEmpty() || service.isEmpty() || !SigV4.TERMINATOR.equals(parts[n - 1])) {
      throw badCredential(credential);
    }
    return new SigV4.Scope(date, region, service);
  }

  private static List<String> signedHeaders(String list) {
    List<String> names = new ArrayList<>();
    for (String name : list.split(";", -1)) {
      if (name.isBlank()) {
        throw malformed("SignedHeaders has an empty name.");
      }
      names.add(name.strip().toLowerCase(Locale.ROOT));
    }
    names.sort(null);
    if (!names.contains("host")) {
      throw malformed("SignedHeaders must include host.");
    }
    return List.copyOf(names);
  }

  private static String once(String previous, String value, String name) {
    if (previous != null) {
      throw malformed(name + " appears twice.");
    }
    return value;
  }

  private static S3Exception badCredential(String credential) {
    return malformed("the Credential '" + credential
        + "' is not of the form ACCESSKEY/YYYYMMDD/REGION/SERVICE/aws4_request.");
  }

  static S3Exception malformed(String why) {
    return new S3Exception(S3ErrorCode.AUTHORIZATION_HEADER_MALFORMED,
        "The authorization header is malformed: " + why);
  }
}
