package s3ish.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CredentialsTest {

  @Test
  void skipsCommentsAndBlankLinesAndTrimsBothSides() {
    Credentials creds = Credentials.parse("creds.txt", """
        # the demo user
        demo:demo-secret

           \t
          other  :  other-secret \r
        """);

    assertEquals(2, creds.size());
    assertEquals(Optional.of("demo-secret"), creds.secret("demo"));
    assertEquals(Optional.of("other-secret"), creds.secret("other"));
    assertEquals(Optional.empty(), creds.secret("nobody"));
  }

  @Test
  void splitsAtTheFirstColonSoSecretsMayContainColons() {
    Credentials creds = Credentials.parse("creds.txt", "ak:sec:ret::\n");

    assertEquals(Optional.of("sec:ret::"), creds.secret("ak"));
  }

  @Test
  void aLineWithoutColonIsReportedWithItsLineNumber() {
    var e = assertThrows(Credentials.InvalidCredentialsFileException.class,
        () -> Credentials.parse("conf/creds.txt", "# header\nok:secret\njust-a-key\n"));

    assertEquals("conf/creds.txt:3: expected access:secret", e.getMessage());
  }

  @Test
  void anEmptyAccessKeyIsReportedWithItsLineNumber() {
    var e = assertThrows(Credentials.InvalidCredentialsFileException.class,
        () -> Credentials.parse("c.txt", "\n\n  :secret\n"));

    assertEquals("c.txt:3: empty access key", e.getMessage());
  }

  @Test
  void anEmptySecretIsReportedWithItsLineNumber() {
    var e = assertThrows(Credentials.InvalidCredentialsFileException.class,
        () -> Credentials.parse("c.txt", "a:1\nb:   \n"));

    assertEquals("c.txt:2: empty secret for access key 'b'", e.getMessage());
  }

  @Test
  void aDuplicateAccessKeyIsReportedAtItsSecondOccurrence() {
    var e = assertThrows(Credentials.InvalidCredentialsFileException.class,
        () -> Credentials.parse("c.txt", "a:1\n# x\nb:2\na:3\n"));

    assertEquals("c.txt:4: duplicate access key 'a'", e.getMessage());
  }

  @Test
  void badLineMessagesNeverEchoTheLineSinceItMayHoldASecret() {
    var e = assertThrows(Credentials.InvalidCredentialsFileException.class,
        () -> Credentials.parse("c.txt", "topsecretvalue\n"));

    assertFalse(e.getMessage().contains("topsecretvalue"), e.getMessage());
  }

  @Test
  void loadReadsAFileAndNamesItInErrors(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("creds.txt");
    Files.writeString(file, "demo:demo-secret\nbroken\n");

    var e = assertThrows(Credentials.InvalidCredentialsFileException.class, () -> Credentials.load(file));
    assertEquals(file + ":2: expected access:secret", e.getMessage());

    Files.writeString(file, "demo:demo-secret\n");
    assertEquals(Optional.of("demo-secret"), Credentials.load(file).secret("demo"));
  }

  @Test
  void aMissingFileIsReportedByName(@TempDir Path dir) {
    Path file = dir.resolve("absent.txt");

    var e = assertThrows(Credentials.InvalidCredentialsFileException.class, () -> Credentials.load(file));

    assertEquals(file + ": cannot read credentials file: no such file", e.getMessage());
  }

  @Test
  void theFirstAccessKeyIsTheFirstEntryInFileOrder() {
    // s3ish presign signs with it when no key is given; a hash order would pick an arbitrary one.
    Credentials creds = Credentials.parse("creds.txt", "# users\nzeta:1\nalpha:2\nmid:3\n");

    assertEquals(java.util.Optional.of("zeta"), creds.firstAccessKey());
    assertEquals(java.util.Optional.empty(), Credentials.parse("creds.txt", "").firstAccessKey());
  }
}
