package s3ish.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * Resolves the node's settings: command-line flag over environment ({@code S3ISH_<KEY>}) over TOML file over
 * default. The result, keyed by {@link Setting#key()}, is the deployment config every verticle receives.
 * Any unknown key or invalid value throws a {@link ConfigException} naming the key and where it came from.
 */
public final class ConfigLoader {
  static final String ENV_PREFIX = "S3ISH_";
  private static final TomlMapper TOML = new TomlMapper();

  private ConfigLoader() {}

  /**
   * @param file the TOML file; may be absent when {@code explicit} is false (the default path), then defaults
   * @param explicit whether the user named the file (then it must exist)
   * @param env the process environment (injected so tests need not touch the real one)
   * @param flags values given on the command line, as text, with the flag that gave each (for messages)
   */
  public static JsonObject load(Path file, boolean explicit, Map<String, String> env, Map<Setting, Flag> flags) {
    JsonObject settings = Setting.defaults();
    settings.mergeIn(fromFile(file, explicit));
    settings.mergeIn(fromEnv(env));
    for (Map.Entry<Setting, Flag> flag : flags.entrySet()) {
      Setting s = flag.getKey();
      settings.put(s.key(), SettingValues.fromString(s, flag.getValue().value(), flag.getValue().name()));
    }
    return settings;
  }

  /** A setting given on the command line: the flag's name (e.g. {@code --listen}) and its text. */
  public record Flag(String name, String value) {}

  /** The settings of a TOML file, validated; empty when a default path is absent. */
  static JsonObject fromFile(Path file, boolean explicit) {
    String source = file.toString();
    String text;
    try {
      text = Files.readString(file);
    } catch (NoSuchFileException e) {
      if (explicit) {
        throw new ConfigException(source + ": no such file");
      }
      return new JsonObject();
    } catch (IOException e) {
      throw new ConfigException(source + ": cannot read: " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = TOML.readTree(text);
    } catch (JsonProcessingException e) {
      throw new ConfigException(source + ": not valid TOML: " + oneLine(e.getOriginalMessage()), e);
    }
    return fromTable(root, source);
  }

  /** Validates a table of settings (a TOML document or a role's "config" object in verticles.json). */
  static JsonObject fromTable(JsonNode table, String source) {
    JsonObject settings = new JsonObject();
    if (table == null || table.isNull() || table.isMissingNode()) {
      return settings;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = table.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> field = it.next();
      Setting s = Setting.byKey(field.getKey())
          .orElseThrow(() -> ConfigException.unknownKey(source, field.getKey()));
      settings.put(s.key(), SettingValues.fromNode(s, field.getValue(), source));
    }
    return settings;
  }

  /** Settings from {@code S3ISH_*} variables; an unknown one is a typo, not something to ignore. */
  static JsonObject fromEnv(Map<String, String> env) {
    JsonObject settings = new JsonObject();
    // sorted so that the first error reported does not depend on the map's order
    for (Map.Entry<String, String> var : new TreeMap<>(env).entrySet()) {
      String name = var.getKey();
      if (!name.startsWith(ENV_PREFIX)) {
        continue;
      }
      String source = "environment variable " + name;
      Setting s = Setting.byKey(name.substring(ENV_PREFIX.length()).toLowerCase(java.util.Locale.ROOT))
          .filter(candidate -> candidate.envName().equals(name))
          .orElseThrow(() -> new ConfigException(source + ": no such setting"));
      settings.put(s.key(), SettingValues.fromString(s, var.getValue(), source));
    }
    return settings;
  }

  static String oneLine(String message) {
    return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
  }
}
