package com.roisystems.ml.monitoring;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.monitoring.profile.ReferenceProfile;
import com.roisystems.ml.monitoring.profile.ServingProfile;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@code monitoring.windowSeconds}: serving windows of any length that divides a day, aligned to the UTC day, closed
 * into {@code ml_monitoring} rows of that length, rolled up into the day, and read back as the latest window.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The monitoring window length")
class WindowLengthTest {

    private static final List<String> FEATURES = List.of("sessions_30d", "page_views_30d");

    @ParameterizedTest(name = "windowSeconds {0}")
    @ValueSource(longs = {0, -60, 7, 3_601, 86_400, 172_800})
    @DisplayName("refuses a length that does not divide a day into windows shorter than a day, naming the key")
    void refusesLengthsThatDoNotTileADay(long seconds) {
        assertThatThrownBy(() -> MonitoringSettings.of(new JsonObject().put("monitoring", new JsonObject().put("windowSeconds", seconds))))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("monitoring.windowSeconds")
                .hasMessageContaining(String.valueOf(seconds));
    }

    @Test
    @DisplayName("defaults to an hour and accepts any divisor of a day")
    void acceptsDivisorsOfADay() {
        assertThat(MonitoringSettings.of(new JsonObject()).windowSeconds()).isEqualTo(3_600);
        for (long seconds : new long[] {1, 10, 30, 300, 900, 43_200}) {
            assertThat(MonitoringSettings.of(new JsonObject().put("monitoring", new JsonObject().put("windowSeconds", seconds)))
                    .windowSeconds()).isEqualTo(seconds);
        }
    }

    @Test
    @DisplayName("groups predictions into windows aligned to the window length, never across one")
    void windowsAlignToTheirLength() {
        ServingWindows windows = new ServingWindows(64, 30);
        Instant midnight = Instant.parse("2026-11-25T00:00:00Z");
        // 00:00:29.999 and 00:00:00 share a window; 00:00:30 opens the next; 23:59:59 the day before belongs to the last window of that day.
        windows.record("m", 1, midnight, Map.of("sessions_30d", 1.0), 0.1, null);
        windows.record("m", 1, midnight.plusMillis(29_999), Map.of("sessions_30d", 2.0), 0.1, null);
        windows.record("m", 1, midnight.plusSeconds(30), Map.of("sessions_30d", 3.0), 0.1, null);
        windows.record("m", 1, midnight.minusSeconds(1), Map.of("sessions_30d", 4.0), 0.1, null);
        List<ServingProfile> drained = new ArrayList<>(windows.drain());
        drained.sort(Comparator.comparing(ServingProfile::periodStart));
        assertThat(drained).extracting(ServingProfile::periodStart)
                .containsExactly(midnight.minusSeconds(30), midnight, midnight.plusSeconds(30));
        assertThat(drained).allSatisfy(window -> assertThat(Duration.between(window.periodStart(), window.periodEnd())).hasSeconds(30));
        assertThat(drained).extracting(window -> window.profile().rows()).containsExactly(1L, 2L, 1L);
        assertThat(windows.isEmpty()).isTrue();
    }

    @Test
    @DisplayName("close ten-second windows into ml_monitoring rows of ten seconds, roll their day up, and report the latest in model health")
    void shortWindowsCloseAndRollUp(Vertx vertx, TestServers servers) throws Exception {
        Random random = new Random(21);
        List<double[]> reference = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            reference.add(row(random, false));
        }
        new MonitoringStore(vertx, PgPools.shared(vertx, servers.config().json()))
                .saveReference("move_probability_model", 5, ReferenceProfile.of(FEATURES, reference, null)).await(30, TimeUnit.SECONDS);
        JsonObject config = servers.config().json();
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        config.put("monitoring", new JsonObject().put("windowSeconds", 10).put("alpha", 0.001).put("windowFlushIntervalMs", 100)
                .put("closeIntervalMs", 200).put("closeGraceMs", 0));
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);

        // Yesterday 07:00:00-07:00:10 unshifted, 07:00:10-07:00:20 shifted: both finished, and their day too.
        Instant first = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS);
        for (int i = 0; i < 400; i++) {
            publish(vertx, "calm_" + i, first.plusMillis(i * 20L), row(random, false));
            publish(vertx, "shifted_" + i, first.plusSeconds(10).plusMillis(i * 20L), row(random, true));
        }

        await("two ten-second windows and their day written").atMost(Duration.ofSeconds(60)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM ml_monitoring WHERE model_version = 5 AND feature_drift -> '_summary' IS NOT NULL"), rows -> rows == 3);
        List<Map<String, Object>> windows = servers.jdbc().queryForList(
                "SELECT period_start, extract(epoch FROM period_end - period_start) AS seconds, prediction_count, drift_detected "
                        + "FROM ml_monitoring WHERE model_version = 5 AND feature_drift -> '_summary' IS NOT NULL ORDER BY period_end - period_start, period_start");
        assertThat(windows).extracting(row -> ((Number) row.get("seconds")).longValue()).containsExactly(10L, 10L, 86_400L);
        assertThat(windows.get(0).get("period_start")).isEqualTo(Timestamp.from(first));
        assertThat(windows).extracting(row -> ((Number) row.get("prediction_count")).longValue()).containsExactly(400L, 400L, 800L);
        assertThat(windows).extracting(row -> row.get("drift_detected")).containsExactly(false, true, true);

        JsonObject health = vertx.eventBus().<JsonObject>request(PredictionLogContract.MODEL_HEALTH.address(),
                new JsonObject().put("model_name", "move_probability_model")).await(10, TimeUnit.SECONDS).body();
        assertThat(health.getBoolean("drift_detected")).as("the latest ten-second window, not the day").isTrue();
        assertThat(health.getJsonArray("drifted_features")).containsExactly("sessions_30d");
    }

    private static double[] row(Random random, boolean shifted) {
        return new double[] {Math.max(0, Math.round(6 + 3 * random.nextGaussian() + (shifted ? 4 : 0))),
                Math.floor(-20 * Math.log(random.nextDouble()))};
    }

    private static void publish(Vertx vertx, String id, Instant at, double[] values) {
        JsonObject used = new JsonObject();
        for (int i = 0; i < FEATURES.size(); i++) {
            used.put(FEATURES.get(i), values[i]);
        }
        vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), new LoggedPrediction(id, "USER", "user_" + id, "MOVE_PROBABILITY",
                "move_probability_model", 5, new JsonObject(), new JsonObject().put("values", used).put("status", new JsonObject()),
                0.2, null, 0.2, null, 1.0, at).toJson());
    }
}
