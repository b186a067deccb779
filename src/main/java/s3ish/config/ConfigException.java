package s3ish.config;

/**
 * A configuration problem that stops start-up. The message is one line naming where the bad value came from
 * (a file, an environment variable or a flag) and the key, e.g.
 * {@code conf/config.toml: chunk_size: expected an integer between 4096 and 16777216, got "big"}.
 */
public final class ConfigException extends RuntimeException {
  public ConfigException(String message) {
    super(message);
  }

  public ConfigException(String message, Throwable cause) {
    super(message, cause);
  }

  static ConfigException unknownKey(String source, String key) {
    return new ConfigException(source + ": unknown key '" + key + "'");
  }

  static ConfigException invalid(String source, String key, String problem) {
    return new ConfigException(source + ": " + key + ": " + problem);
  }
}
