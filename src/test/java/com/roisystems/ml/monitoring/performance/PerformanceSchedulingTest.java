package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.reflect.Method;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** Which windows a run recomputes, when a window settles, the hook in the prediction log, and the configuration. */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Performance scheduling")
class PerformanceSchedulingTest {

    private static void window(TestServers servers, int version, Instant start) throws Exception {
        servers.jdbc().execute("INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end) VALUES"
                + " ('move_probability_model', ?, ?, ?)", version, start, start.plus(Duration.ofHours(1)));
        servers.jdbc().execute("INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name,"
                + " model_version, request, features_used, predicted_value, latency_ms, created_at, tenant_id) VALUES"
                + " (?, 'USER', 'nobody', 'MOVE_PROBABILITY', 'move_probability_model', ?, '{}', '{}', 0.4, 1.0, ?, 'default')",
                "sched_" + version + "_" + start, version, start.plusSeconds(60));
    }

    private static long computed(TestServers servers, int version) throws Exception {
        return servers.jdbc().count("SELECT count(*) FROM ml_monitoring WHERE model_version = ? AND performance ->> 'as_of' IS NOT NULL", version);
    }

    @Test
    @DisplayName("recompute at most maxWindowsPerRun windows a run, never-computed first, and leave settled and too-old windows alone")
    void boundedAndSettling(Vertx vertx, TestServers servers) throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.HOURS);
        window(servers, 201, now.minus(Duration.ofDays(100)));
        window(servers, 201, now.minus(Duration.ofDays(95)));
        window(servers, 201, now.minus(Duration.ofDays(250)));
        PerformanceJob job = new PerformanceJob(vertx, PgPools.shared(vertx, servers.config().json()), new PerformanceSettings(true, 200, 1, 10));

        assertThat(job.run(now).await(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(computed(servers, 201)).isEqualTo(1);
        assertThat(job.run(now).await(30, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(computed(servers, 201)).isEqualTo(2);
        // Both were computed after their end plus 90 days: settled. The 250-day-old one is beyond lookbackDays.
        assertThat(job.run(now).await(30, TimeUnit.SECONDS)).isZero();
        assertThat(servers.jdbc().queryForObject("SELECT performance ->> 'realised_unavailable' FROM ml_monitoring"
                + " WHERE model_version = 201 AND period_start = ?", String.class, now.minus(Duration.ofDays(100))))
                .as("a prediction of a user without activity, horizon over: a negative")
                .isNull();
        assertThat(computed(servers, 201)).isEqualTo(2);

        PerformanceJob disabled = new PerformanceJob(vertx, PgPools.shared(vertx, servers.config().json()), new PerformanceSettings(false, 200, 5, 10));
        window(servers, 202, now.minus(Duration.ofDays(3)));
        assertThat(disabled.run(now).await(30, TimeUnit.SECONDS)).isZero();
        assertThat(computed(servers, 202)).isZero();
    }

    @Test
    @DisplayName("write a closed window's performance from the prediction log's closing run, after the drift job")
    void predictionLogRunsTheJob(Vertx vertx, TestServers servers) throws Exception {
        Instant hour = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(3));
        window(servers, 203, hour);
        JsonObject config = servers.config().json();
        config.put("monitoring", new JsonObject().put("windowFlushIntervalMs", 100).put("closeIntervalMs", 200).put("closeGraceMs", 0));
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);

        await("the window's performance written").atMost(Duration.ofSeconds(30)).until(() -> computed(servers, 203), count -> count == 1);
        JsonObject performance = new JsonObject(servers.jdbc().queryForObject(
                "SELECT performance::text FROM ml_monitoring WHERE model_version = 203", String.class));
        assertThat(performance.getLong("predictions")).isEqualTo(1);
        assertThat(performance.getJsonObject("estimated").getLong("rows")).isEqualTo(1);
    }

    @Test
    @DisplayName("read monitoring.performance with defaults, and refuse values out of range naming the key")
    void settings() {
        assertThat(PerformanceSettings.of(new JsonObject())).isEqualTo(new PerformanceSettings(true, 200, 20, 10));
        JsonObject parsed = new JsonObject("{\"monitoring\": {\"performance\": {\"lookbackDays\": 30, \"maxWindowsPerRun\": 5}}}");
        assertThat(PerformanceSettings.of(parsed)).isEqualTo(new PerformanceSettings(true, 30, 5, 10));
        assertThatThrownBy(() -> PerformanceSettings.of(new JsonObject("{\"monitoring\": {\"performance\": {\"calibrationBins\": 1}}}")))
                .hasMessageContaining("monitoring.performance.calibrationBins");
        assertThatThrownBy(() -> PerformanceSettings.of(new JsonObject("{\"monitoring\": {\"performance\": {\"lookbackDays\": \"x\"}}}")))
                .hasMessageContaining("monitoring.performance.lookbackDays");
        assertThatThrownBy(() -> new PerformanceSettings(true, 200, 0, 10)).hasMessageContaining("maxWindowsPerRun");
    }

    @Test
    @DisplayName("use training's label horizons")
    void horizonsAreTrainings() throws Exception {
        Class<?> cutoffs = Class.forName("com.roisystems.ml.training.MonthlyCutoffs");
        Method horizon = cutoffs.getDeclaredMethod("horizonDays", PredictionType.class);
        horizon.setAccessible(true);
        for (PredictionType type : PredictionType.values()) {
            assertThat(LabelHorizons.days(type)).as(type.name()).isEqualTo(horizon.invoke(null, type));
        }
    }
}
