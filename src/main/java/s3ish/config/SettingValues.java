package s3ish.config;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Turns a raw value (a TOML or JSON node, or an environment/flag string) into the typed value of a
 * {@link Setting}, applying the key's range rules. Errors name the source and the key.
 */
final class SettingValues {
  static final List<String> BACKENDS = List.of("memory", "file");
  /** Backends the seed knows that have not been built yet: named as such rather than as typos. */
  static final Set<String> PLANNED_BACKENDS = Set.of("engine");
  /** String keys where an empty value can only be a mistake. */
  private static final Set<Setting> NON_EMPTY = Set.of(Setting.AUTH_FILE, Setting.REGION, Setting.CLUSTER_HOST);

  /** A DNS name of letters, digits and hyphens, with at least one letter (an IP address names no domain). */
  private static final Pattern DOMAIN =
      Pattern.compile("(?=.*[A-Za-z])[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\\.?");

  private SettingValues() {}

  /** A value from a structured file: its node type must match the key's type. */
  static Object fromNode(Setting setting, JsonNode node, String source) {
    Object value = switch (setting.type()) {
      case STRING -> node.isTextual() ? node.textValue() : null;
      case BOOLEAN -> node.isBoolean() ? node.booleanValue() : null;
      case INT -> node.isIntegralNumber() && node.canConvertToInt() ? node.intValue() : null;
      case LONG -> node.isIntegralNumber() && node.canConvertToLong() ? node.longValue() : null;
    };
    if (value == null) {
      throw ConfigException.invalid(source, setting.key(), expectation(setting) + ", got " + show(node));
    }
    return validate(setting, value, source);
  }

  /** A value given as text (environment variable or command-line flag). */
  static Object fromString(Setting setting, String text, String source) {
    String t = text.trim();
    Object value = switch (setting.type()) {
      case STRING -> text;
      case BOOLEAN -> t.equalsIgnoreCase("true") ? Boolean.TRUE : t.equalsIgnoreCase("false") ? Boolean.FALSE : null;
      case INT -> parseOrNull(t, true);
      case LONG -> parseOrNull(t, false);
    };
    if (value == null) {
      throw ConfigException.invalid(source, setting.key(), expectation(setting) + ", got \"" + text + "\"");
    }
    return validate(setting, value, source);
  }

  private static Object parseOrNull(String t, boolean asInt) {
    try {
      return asInt ? (Object) Integer.parseInt(t) : (Object) Long.parseLong(t);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Object validate(Setting setting, Object value, String source) {
    String problem = problem(setting, value);
    if (problem != null) {
      throw ConfigException.invalid(source, setting.key(), problem);
    }
    return value;
  }

  /** The key's range rule, or null when the value is acceptable. Keys without a rule accept any typed value. */
  private static String problem(Setting setting, Object value) {
    long[] range = range(setting);
    if (range != null) {
      long n = ((Number) value).longValue();
      return n < range[0] || n > range[1] ? expectation(setting) + ", got " + n : null;
    }
    return switch (setting) {
      case LISTEN_ADDR, GRPC_LISTEN_ADDR -> {
        try {
          ListenAddress.parse((String) value);
          yield null;
        } catch (IllegalArgumentException e) {
          yield e.getMessage() + ", got \"" + value + "\"";
        }
      }
      case STORAGE_BACKEND -> {
        String backend = ((String) value).toLowerCase(Locale.ROOT);
        if (BACKENDS.contains(value)) {
          yield null;
        }
        yield PLANNED_BACKENDS.contains(backend)
            ? "backend '" + value + "' is not available yet (available: " + String.join(", ", BACKENDS) + ")"
            : "expected one of " + String.join(", ", BACKENDS) + ", got \"" + value + "\"";
      }
      case VIRTUAL_HOST_DOMAINS -> {
        for (String domain : ((String) value).split(",")) {
          if (!domain.isBlank() && !DOMAIN.matcher(domain.trim()).matches()) {
            yield "expected comma-separated domain names without port, got \"" + domain.trim() + "\"";
          }
        }
        yield null;
      }
      default -> NON_EMPTY.contains(setting) && ((String) value).isBlank()
          ? expectation(setting) + ", got \"" + value + "\"" : null;
    };
  }

  /** Inclusive bounds of a numeric key. */
  private static long[] range(Setting setting) {
    return switch (setting) {
      case CHUNK_SIZE -> new long[] {4096, 16 * 1024 * 1024};
      case CREDIT_WINDOW -> new long[] {1, 1024};
      case ERASURE_DATA_BLOCKS -> new long[] {1, 32};
      case ERASURE_PARITY_BLOCKS -> new long[] {0, 16};
      case ERASURE_BLOCK_SIZE -> new long[] {512, 16 * 1024 * 1024};
      case SCRUB_INTERVAL_SECS -> new long[] {0, Integer.MAX_VALUE};
      case MEMORY_MAX_BYTES -> new long[] {0, Long.MAX_VALUE};
      default -> switch (setting.type()) {
        case INT -> new long[] {1, Integer.MAX_VALUE};
        case LONG -> new long[] {1, Long.MAX_VALUE};
        default -> null;
      };
    };
  }

  /** What the key accepts, in words: "expected an integer between 4096 and 16777216". */
  static String expectation(Setting setting) {
    long[] range = range(setting);
    return switch (setting.type()) {
      case STRING -> NON_EMPTY.contains(setting) ? "expected a non-empty string" : "expected a string";
      case BOOLEAN -> "expected true or false";
      case INT, LONG -> range[1] == Integer.MAX_VALUE || range[1] == Long.MAX_VALUE
          ? (range[0] == 0 ? "expected an integer >= 0" : "expected a positive integer")
          : "expected an integer between " + range[0] + " and " + range[1];
    };
  }

  private static String show(JsonNode node) {
    if (node.isTextual()) {
      return "\"" + node.textValue() + "\"";
    }
    if (node.isObject()) {
      return "a table";
    }
    if (node.isArray()) {
      return "an array";
    }
    return node.toString();
  }
}
