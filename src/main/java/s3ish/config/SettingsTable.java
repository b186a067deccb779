package s3ish.config;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The settings reference table of docs/CONFIGURATION.md, rendered from {@link Setting} so the two agree. */
public final class SettingsTable {
  private SettingsTable() {}

  public static String markdown() {
    String header = "| Key | Type | Default | Environment | Accepts | Meaning |\n|---|---|---|---|---|---|\n";
    return header + Arrays.stream(Setting.values())
        .map(s -> "| `" + s.key() + "` | " + s.type().name().toLowerCase(java.util.Locale.ROOT)
            + " | " + defaultText(s) + " | `" + s.envName() + "` | " + accepts(s) + " | " + s.description() + " |")
        .collect(Collectors.joining("\n")) + "\n";
  }

  private static String defaultText(Setting s) {
    Object d = s.defaultValue();
    return d instanceof String str ? (str.isEmpty() ? "(empty)" : "`\"" + str + "\"`") : "`" + d + "`";
  }

  private static String accepts(Setting s) {
    return switch (s) {
      case LISTEN_ADDR, GRPC_LISTEN_ADDR -> "host:port, IPv6 as `[::1]:9000`, port 0 picks a free one";
      case STORAGE_BACKEND -> String.join(", ", SettingValues.BACKENDS);
      case VIRTUAL_HOST_DOMAINS -> "comma-separated domain names, e.g. `s3.example.com,s3.internal`";
      default -> SettingValues.expectation(s).replaceFirst("^expected ", "");
    };
  }

  /** Prints the table, to paste into docs/CONFIGURATION.md after changing {@link Setting}. */
  public static void main(String[] args) {
    System.out.print(markdown());
  }
}
