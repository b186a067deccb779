package s3ish.observability;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** A parsed Prometheus text exposition: series (name plus sorted labels) to value. Enough for tests. */
final class PrometheusText {
  private final Map<String, Double> series = new HashMap<>();

  PrometheusText(String text) {
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        String body = line.substring(brace + 1, line.lastIndexOf('}'));
        // label values here never contain '",' (no free text in labels)
        for (String pair : body.split("\",")) {
          if (pair.isBlank()) {
            continue;
          }
          int eq = pair.indexOf('=');
          labels.put(pair.substring(0, eq), pair.substring(eq + 2).replaceAll("\"$", ""));
        }
      } else {
        name = line.substring(0, space);
      }
      series.put(key(name, labels), Double.parseDouble(line.substring(space + 1)));
    }
  }

  private static String key(String name, Map<String, String> labels) {
    return name + labels;
  }

  /** The value of a series, 0 when absent; {@code labels} are name, value pairs. */
  double value(String name, String... labels) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return series.getOrDefault(key(name, map), 0.0);
  }

  boolean has(String name, String... labels) {
    Map<String, String> map = new TreeMap<>();
    for (int i = 0; i < labels.length; i += 2) {
      map.put(labels[i], labels[i + 1]);
    }
    return series.containsKey(key(name, map));
  }

  /** Every series name (with suffixes such as _bucket, _count, _sum as they appear). */
  Set<String> names() {
    return series.keySet().stream().map(k -> k.substring(0, k.indexOf('{'))).collect(Collectors.toSet());
  }
}
