package com.roisystems.ml.deploy;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("PromQlMetricNames: the metric names an expression reads")
class PromQlMetricNamesTest {

    @Test
    @DisplayName("keeps the metrics and drops functions, aggregations, grouping labels, matchers, ranges, numbers and keywords")
    void metricsOnly() {
        assertThat(PromQlMetricNames.of("histogram_quantile(0.95, sum by (le, prediction_type) "
                + "(rate(roi_predictions_seconds_bucket{outcome=\"ok\", instance=~\"$instance\"}[$__rate_interval])))"))
                .containsExactly("roi_predictions_seconds_bucket");
        assertThat(PromQlMetricNames.of("sum(rate(roi_predictions_seconds_count{outcome!=\"ok\"}[5m])) / "
                + "sum(rate(roi_predictions_seconds_count[5m])) > bool 0.05 offset 1h"))
                .containsExactly("roi_predictions_seconds_count");
        assertThat(PromQlMetricNames.of("time() - max(roi_pipeline_last_success_timestamp_seconds) > 26 * 3600 and on() vector(1e3)"))
                .containsExactly("roi_pipeline_last_success_timestamp_seconds");
        assertThat(PromQlMetricNames.of("sum(rate(a_total[1m])) by (source) or ignoring (x) b_seconds_sum / b_seconds_count"))
                .containsExactly("a_total", "b_seconds_sum", "b_seconds_count");
        assertThat(PromQlMetricNames.of("job:roi_predictions:rate1m{outcome=\"ok\"}")).containsExactly("job:roi_predictions:rate1m");
    }

    @Test
    @DisplayName("reads a Grafana label_values(metric, label) query as its metric")
    void grafanaVariable() {
        assertThat(PromQlMetricNames.of("label_values(roi_model_drift_detected{deployment=\"compose\"}, model)"))
                .containsExactly("roi_model_drift_detected");
        assertThat(PromQlMetricNames.of("label_values(up, instance)")).containsExactly("up");
    }
}
