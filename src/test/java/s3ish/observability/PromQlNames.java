package s3ish.observability;

import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression selects. A small tokenizer, not a parser: it drops string literals,
 * label matchers ({@code {...}}), range and subquery selectors ({@code [5m]}, {@code [1h:5m]}), grouping label
 * lists ({@code by (...)}, {@code without}, {@code on}, {@code ignoring}, {@code group_left/right}), numbers and
 * durations; what remains are identifiers, of which those followed by {@code (} are functions or aggregations
 * and the keywords below are operators. Grafana variables ({@code $__rate_interval}) are dropped too.
 */
final class PromQlNames {
  private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'");
  private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
  private static final Pattern RANGES = Pattern.compile("\\[[^\\]]*]");
  private static final Pattern GROUPING =
      Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
  private static final Pattern VARIABLES = Pattern.compile("\\$\\{?[A-Za-z_][A-Za-z0-9_]*}?");
  private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");
  private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset", "by", "without",
      "on", "ignoring", "group_left", "group_right", "inf", "nan", "Inf", "NaN");

  private PromQlNames() {}

  static Set<String> of(String expr) {
    String rest = STRINGS.matcher(expr).replaceAll(" ");
    rest = MATCHERS.matcher(rest).replaceAll(" ");
    rest = RANGES.matcher(rest).replaceAll(" ");
    rest = GROUPING.matcher(rest).replaceAll(" ");
    rest = VARIABLES.matcher(rest).replaceAll(" ");
    Set<String> names = new TreeSet<>();
    Matcher m = IDENTIFIER.matcher(rest);
    while (m.find()) {
      String token = m.group();
      boolean partOfNumber = m.start() > 0 && Character.isDigit(rest.charAt(m.start() - 1));
      int next = m.end();
      while (next < rest.length() && rest.charAt(next) == ' ') {
        next++;
      }
      boolean call = next < rest.length() && rest.charAt(next) == '(';
      if (!partOfNumber && !call && !KEYWORDS.contains(token)) {
        names.add(token);
      }
    }
    return names;
  }
}
