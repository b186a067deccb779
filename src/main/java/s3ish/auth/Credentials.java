package s3ish.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The access keys this node accepts, from a credentials file: one {@code access:secret} per line, split at
 * the first ':' (so a secret may contain ':'), both sides trimmed; '#' comment lines and blank lines are
 * skipped. Any other line stops the load with {@code file:line: reason}.
 */
public final class Credentials {
  private final Map<String, String> secrets;

  private Credentials(Map<String, String> secrets) {
    this.secrets = Collections.unmodifiableMap(secrets);
  }

  /** Reads and parses {@code file}; an unreadable file fails naming it. Blocking. */
  public static Credentials load(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidCredentialsFileException(file + ": cannot read credentials file: " + describe(e), e);
    }
    return parse(file.toString(), text);
  }

  /** Parses {@code text}; {@code source} names it in error messages. */
  public static Credentials parse(String source, String text) {
    Map<String, String> secrets = new LinkedHashMap<>();
    String[] lines = text.split("\r?\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int lineNumber = i + 1;
      int colon = line.indexOf(':');
      if (colon < 0) {
        throw bad(source, lineNumber, "expected access:secret");
      }
      String access = line.substring(0, colon).strip();
      String secret = line.substring(colon + 1).strip();
      if (access.isEmpty()) {
        throw bad(source, lineNumber, "empty access key");
      }
      if (secret.isEmpty()) {
        throw bad(source, lineNumber, "empty secret for access key '" + access + "'");
      }
      if (secrets.putIfAbsent(access, secret) != null) {
        throw bad(source, lineNumber, "duplicate access key '" + access + "'");
      }
    }
    return new Credentials(secrets);
  }

  public static Credentials of(Map<String, String> secrets) {
    return new Credentials(new LinkedHashMap<>(secrets));
  }

  /** The secret of {@code accessKey}, if it is known. */
  public Optional<String> secret(String accessKey) {
    return Optional.ofNullable(secrets.get(accessKey));
  }

  /** The access key of the first entry, in file order (the default of {@code s3ish presign}). */
  public Optional<String> firstAccessKey() {
    return secrets.keySet().stream().findFirst();
  }

  public int size() {
    return secrets.size();
  }

  private static InvalidCredentialsFileException bad(String source, int line, String reason) {
    return new InvalidCredentialsFileException(source + ":" + line + ": " + reason, null);
  }

  // NoSuchFileException's message is only the path; say what happened instead.
  private static String describe(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }

  /** A credentials file that cannot be used; the message names the file and, for a bad line, its number. */
  public static final class InvalidCredentialsFileException extends RuntimeException {
    InvalidCredentialsFileException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
