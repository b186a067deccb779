package s3ish.observability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlNamesTest {
  @Test
  void findsMetricsInsideFunctionsAndAggregations() {
    assertEquals(Set.of("s3ish_http_request_duration_seconds_bucket"), PromQlNames.of(
        "histogram_quantile(0.99, sum by (le, operation) (rate(s3ish_http_request_duration_seconds_bucket"
            + "{operation=~\"$op\"}[$__rate_interval])))"));
  }

  @Test
  void findsBothSidesOfBinaryOperatorsAndIgnoresLabelsStringsAndDurations() {
    assertEquals(Set.of("a_total", "b_total"), PromQlNames.of(
        "sum(rate(a_total{code!=\"200\", x='y'}[5m])) / ignoring(code) sum without (le) (rate(b_total[1h:5m] offset 1d)) > bool 0.5e3"));
  }

  @Test
  void aBareSelectorIsItsName() {
    assertEquals(Set.of("s3ish_cluster_members"), PromQlNames.of("s3ish_cluster_members"));
    assertEquals(Set.of("up"), PromQlNames.of("up == 1 and on (instance) vector(1)"));
  }
}
