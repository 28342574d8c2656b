package com.roisystems.ml.predictionlog;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("Model health from persisted rows")
class ModelHealthReportTest {

    @Test
    @DisplayName("a monitoring window's row with NULL latencies (as drift windows are written) counts its predictions and adds no latency")
    void nullLatenciesReadAsNone() {
        JsonObject health = new JsonObject().put("model_version", 2).put("predictions", 100L).put("errors", 0L)
                .put("avg_latency_ms", 4.0).put("p95_latency_ms", 9.0);
        JsonObject driftWindow = new JsonObject().put("model_version", 2).put("predictions", 50L).put("errors", null)
                .putNull("avg_latency_ms").putNull("p95_latency_ms");

        PredictionLogContract.ModelStats stats = ModelHealthReport.build("move_probability_model", List.of(), List.of(health, driftWindow));

        assertThat(stats.predictionCount()).isEqualTo(150);
        assertThat(stats.p95LatencyMs()).isEqualTo(9.0);
        assertThat(stats.avgLatencyMs()).isEqualTo(Math.round(400.0 / 150 * 1000) / 1000.0);
    }
}
