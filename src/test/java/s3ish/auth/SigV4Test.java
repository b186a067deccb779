package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import org.junit.jupiter.api.Test;
import s3ish.bus.AuthMessages.Header;

/**
 * Known answers from the AWS SigV4 test suite (AKIDEXAMPLE, 20150830T123600Z, us-east-1, service "service",
 * empty body), and the S3 canonicalization rules the suite does not cover.
 */
class SigV4Test {
  private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  private static final String AMZ_DATE = "20150830T123600Z";
  private static final SigV4.Scope SCOPE = new SigV4.Scope("20150830", "us-east-1", "service");

  @Test
  void getVanillaCanonicalRequestAndSignatureMatchTheSuite() {
    String canonical = canonical("GET", "/", null);

    assertEquals("GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
        + SigV4.EMPTY_SHA256, canonical);
    assertEquals("5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void getVanillaQueryOrderKeyCaseSortsParametersByName() {
    String canonical = canonical("GET", "/", "Param2=value2&Param1=value1");

    assertEquals("Param1=value1&Param2=value2", canonical.split("\n")[2]);
    assertEquals("b97d918cfa904a5beff61c982a1b6f458b799221646efd99d3219ec94cdf2500",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void getVanillaQueryOrderValueSortsRepeatedNamesByValue() {
    String canonical = canonical("GET", "/", "Param1=value2&Param1=value1");

    assertEquals("5772eed61e12b33fae39ee5e7012498b51d56abc0abb7c60486157bd471c4694",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void getUnreservedKeepsUnreservedCharactersAsIs() {
    String canonical = canonical("GET", "/-._~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", null);

    assertEquals("07ef7494c76fa4850883e2b006601f940f8a34d404d0cfa977f52a65bbf5f24f",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void getHeaderKeyDuplicateJoinsRepeatedHeadersInArrivalOrder() {
    String canonical = canonical("GET", "/", null,
        new Header("My-Header1", "value2"), new Header("My-Header1", "value2"), new Header("My-Header1", "value1"));

    assertEquals("my-header1:value2,value2,value1", canonical.split("\n")[4]);
    assertEquals("c9d5ea9f3f72853aea855b47ea873832890dbdd183b4468f858259531a5138ea",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void getHeaderValueTrimTrimsAndCollapsesInnerSpaces() {
    String canonical = canonical("GET", "/", null,
        new Header("My-Header1", " value1"), new Header("My-Header2", "\"a   b   c\""));

    assertEquals("my-header2:\"a b c\"", canonical.split("\n")[5]);
    assertEquals("acc3ed3afb60bb290fc8d2dd0098b9911fcaa05412b367055dee359757a9c736",
        SigV4.sign(SECRET, SCOPE, AMZ_DATE, canonical));
  }

  @Test
  void pathIsDecodedThenEncodedOnceWithoutNormalization() {
    assertEquals("/", SigV4.canonicalUri(""));
    assertEquals("/b/a%20b", SigV4.canonicalUri("/b/a%20b"));
    assertEquals("/b/a%20b", SigV4.canonicalUri("/b/a b"));
    assertEquals("/b/%E1%88%B4", SigV4.canonicalUri("/b/\u1234"));
    assertEquals("/b/%E1%88%B4", SigV4.canonicalUri("/b/%e1%88%b4"));
    assertEquals("/b/a%2Bb", SigV4.canonicalUri("/b/a+b"));
    assertEquals("/b/100%25", SigV4.canonicalUri("/b/100%25"));
    assertEquals("/b/a%2Fb", SigV4.canonicalUri("/b/a%2Fb"));
    assertEquals("/b/a//b/../x/./y", SigV4.canonicalUri("/b/a//b/../x/./y"));
    assertEquals("/b/~x", SigV4.canonicalUri("/b/%7Ex"));
  }

  @Test
  void aPercentNotFollowedByTwoHexDigitsIsLiteral() {
    assertEquals("/b/%25zz%25", SigV4.canonicalUri("/b/%zz%"));
    assertEquals("/b/%25A", SigV4.canonicalUri("/b/%A"));
  }

  /** Fuzzing finding: the AWS SDK signs "?a=&=x" as if the nameless parameter were not there. */
  @Test
  void parametersWithoutANameAreNotSigned() {
    assertEquals("a=", SigV4.canonicalQuery("=&a=&=x%20y", null));
    assertEquals("", SigV4.canonicalQuery("=", null));
  }

  @Test
  void queryIsDecodedEncodedSortedAndValuelessNamesGetEquals() {
    assertEquals("", SigV4.canonicalQuery(null, null));
    assertEquals("", SigV4.canonicalQuery("", null));
    assertEquals("acl=", SigV4.canonicalQuery("acl", null));
    assertEquals("delimiter=%2F&list-type=2&prefix=a%20b",
        SigV4.canonicalQuery("prefix=a%20b&list-type=2&delimiter=/", null));
    assertEquals("q=a%2Bb", SigV4.canonicalQuery("q=a+b", null));
    assertEquals("a=1%3D2", SigV4.canonicalQuery("a=1=2", null));
    assertEquals("a=1&b=", SigV4.canonicalQuery("b=&&a=1", null));
    // Byte order, not numeric or locale order.
    assertEquals("A=1&a=10&a=9", SigV4.canonicalQuery("a=9&a=10&A=1", null));
  }

  @Test
  void anExcludedParameterIsLeftOutOfTheCanonicalQuery() {
    assertEquals("X-Amz-Date=1&a=2", SigV4.canonicalQuery("a=2&X-Amz-Signature=abc&X-Amz-Date=1", "X-Amz-Signature"));
  }

  @Test
  void headerValuesAreMatchedCaseInsensitivelyAndTabsCollapseToo() {
    List<Header> headers = List.of(new Header("HOST", "h"), new Header("X-Amz-Meta-A", "\t1 \t 2  "));

    assertEquals("host:h\nx-amz-meta-a:1 2\n", SigV4.canonicalHeaders(headers, List.of("host", "x-amz-meta-a")));
  }

  private static String canonical(String method, String path, String query, Header... extra) {
    List<Header> headers = new ArrayList<>();
    headers.add(new Header("Host", "example.amazonaws.com"));
    headers.add(new Header("X-Amz-Date", AMZ_DATE));
    headers.addAll(List.of(extra));
    List<String> signed = headers.stream().map(h -> h.name().toLowerCase(Locale.ROOT)).distinct().sorted().toList();
    return SigV4.canonicalRequest(method, path, query, headers, signed, SigV4.EMPTY_SHA256, null);
  }

  @Test
  void canonicalIsDecodeThenEncodeWhateverTheText() {
    Random random = new Random(1129);
    String alphabet = "aZ09-_.~ +/%2Fé€\uD83D\uDE00%41%zz=&";
    for (int i = 0; i < 20_000; i++) {
      StringBuilder raw = new StringBuilder();
      for (int n = random.nextInt(12); n > 0; n--) {
        raw.append(alphabet.charAt(random.nextInt(alphabet.length())));
      }
      String text = raw.toString();
      assertEquals(SigV4.encode(slowDecode(text)), SigV4.canonical(text), text);
    }
  }

  /** The decoding rule stated plainly: %XX is a byte, anything else its UTF-8 bytes. */
  private static byte[] slowDecode(String raw) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); ) {
      if (raw.charAt(i) == '%' && i + 2 < raw.length() && isHex(raw.charAt(i + 1)) && isHex(raw.charAt(i + 2))) {
        out.write(Integer.parseInt(raw.substring(i + 1, i + 3), 16));
        i += 3;
      } else {
        int cp = raw.codePointAt(i);
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        i += Character.charCount(cp);
      }
    }
    return out.toByteArray();
  }

  private static boolean isHex(char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
}
