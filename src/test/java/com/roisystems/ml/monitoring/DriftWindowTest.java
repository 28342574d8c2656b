package com.roisystems.ml.monitoring;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ReferenceProfile;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Serving windows end to end on real PostgreSQL: logged predictions update hourly profiles, which survive a restart,
 * and a finished window becomes an {@code ml_monitoring} row (and its day a roll-up) naming exactly the shifted features.
 * alpha is 0.001 here so that a false alarm among the unshifted features (which would fail "exactly") is a 1-in-1000 event.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Drift monitoring windows")
class DriftWindowTest {

    private static final List<String> FEATURES = List.of("sessions_30d", "page_views_30d", "email_open_rate_30d",
            "search_avg_max_price_90d", "property_type_code", "doc_access_30d");

    private static double[] features(Random random, boolean shifted) {
        double u = random.nextDouble();
        double type = shifted ? (u < 0.2 ? 0 : u < 0.4 ? 1 : u < 0.6 ? 2 : 3) : (u < 0.55 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3);
        return new double[] {Math.max(0, Math.round(6 + 3 * random.nextGaussian() + (shifted ? 4 : 0))),
                Math.floor(-20 * Math.log(random.nextDouble())), random.nextDouble() < 0.2 ? Double.NaN : random.nextDouble(),
                Math.exp(13 + 0.4 * random.nextGaussian()), type, Math.floor(-3 * Math.log(random.nextDouble()))};
    }

    private static LoggedPrediction logged(String id, String model, int version, Instant at, double[] values, double predicted) {
        JsonObject used = new JsonObject();
        for (int i = 0; i < FEATURES.size(); i++) {
            used.put(FEATURES.get(i), Double.isNaN(values[i]) ? null : values[i]);
        }
        return new LoggedPrediction(id, "USER", "user_" + id, "MOVE_PROBABILITY", model, version, new JsonObject(),
                new JsonObject().put("values", used).put("status", new JsonObject()), predicted, null, predicted, null, 1.0, at);
    }

    private static JsonObject config(TestServers servers) {
        JsonObject config = servers.config().json();
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50).put("healthPersistIntervalMs", 100));
        config.put("monitoring", new JsonObject().put("alpha", 0.001).put("windowFlushIntervalMs", 100)
                .put("closeIntervalMs", 200).put("closeGraceMs", 0));
        return config;
    }

    private static void saveReference(Vertx vertx, TestServers servers, String model, int version, Random random) throws Exception {
        List<double[]> rows = new ArrayList<>();
        double[] predictions = new double[5_000];
        for (int i = 0; i < predictions.length; i++) {
            rows.add(features(random, false));
            predictions[i] = random.nextDouble() * 0.5;
        }
        Profile reference = ReferenceProfile.of(FEATURES, rows, predictions);
        new MonitoringStore(vertx, PgPools.shared(vertx, servers.config().json())).saveReference(model, version, reference)
                .await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("write a finished hour with shifted features as an ml_monitoring row naming exactly them, roll its day up, and report it in model health")
    void shiftedWindowDrifts(Vertx vertx, TestServers servers) throws Exception {
        Random random = new Random(15);
        saveReference(vertx, servers, "move_probability_model", 41, random);
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        // Yesterday's 05:00 hour: finished, and its day too, so the hour and the day are both closed.
        Instant hour = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(5, ChronoUnit.HOURS);
        for (int i = 0; i < 800; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), logged("drift_" + i, "move_probability_model", 41,
                    hour.plusSeconds(i), features(random, true), random.nextDouble() * 0.5).toJson());
        }
        for (int i = 0; i < 50; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), logged("noref_" + i, "move_probability_model", 40,
                    hour.plusSeconds(i), features(random, false), 0.3).toJson());
        }

        await("the hour and its day written to ml_monitoring").atMost(Duration.ofSeconds(60)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM ml_monitoring WHERE model_name = 'move_probability_model' AND model_version = 41 AND feature_drift -> '_summary' IS NOT NULL"),
                rows -> rows == 2);
        List<Map<String, Object>> drifting = servers.jdbc().queryForList(
                "SELECT period_start, period_end, prediction_count, feature_drift::text AS drift, alerts::text AS alerts FROM ml_monitoring "
                        + "WHERE drift_detected = true ORDER BY period_end - period_start");
        assertThat(drifting).hasSize(2);
        for (Map<String, Object> row : drifting) {
            JsonObject drift = new JsonObject((String) row.get("drift"));
            assertThat(drift.getJsonObject("_summary").getJsonArray("drifted_features"))
                    .containsExactly("sessions_30d", "property_type_code");
            assertThat(((Number) row.get("prediction_count")).longValue()).isEqualTo(800);
            assertThat(drift.getJsonObject("sessions_30d").fieldNames())
                    .contains("psi", "psi_p_value", "psi_threshold", "ks_statistic", "ks_p_value", "wasserstein", "wasserstein_normalized",
                            "adjusted_p_value", "reference_null_rate", "window_null_rate");
            assertThat(drift.getJsonObject("property_type_code").fieldNames()).contains("chi_squared", "chi_squared_p_value", "jensen_shannon");
            assertThat(drift.getJsonObject("page_views_30d").getBoolean("drifted")).isFalse();
            assertThat(drift.getJsonObject("email_open_rate_30d").getDouble("window_null_rate")).isBetween(0.1, 0.3);
            assertThat(drift.getJsonObject("_prediction").getBoolean("drifted")).isFalse();
            assertThat(new JsonArray((String) row.get("alerts")).getString(0)).startsWith("feature drift: 2 of 6 features");
        }
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_monitoring WHERE model_version = 41 "
                + "AND period_end - period_start = interval '1 day' AND period_start = ?", java.sql.Timestamp.from(hour.truncatedTo(ChronoUnit.DAYS))))
                .as("the daily roll-up").isEqualTo(1);

        await("the version without a reference written, not compared").atMost(Duration.ofSeconds(60)).until(() -> servers.jdbc().queryForObject(
                "SELECT feature_drift -> '_summary' ->> 'skipped' FROM ml_monitoring WHERE model_version = 40 AND period_end - period_start = interval '1 hour' AND feature_drift -> '_summary' IS NOT NULL",
                String.class), reason -> reason != null);
        assertThat(servers.jdbc().queryForObject("SELECT feature_drift -> '_summary' ->> 'skipped' FROM ml_monitoring "
                + "WHERE model_version = 40 AND period_end - period_start = interval '1 hour' AND feature_drift -> '_summary' IS NOT NULL", String.class))
                .isEqualTo("no reference profile for move_probability_model version 40");

        JsonObject health = vertx.eventBus().<JsonObject>request(PredictionLogContract.MODEL_HEALTH.address(),
                new JsonObject().put("model_name", "move_probability_model")).await(10, TimeUnit.SECONDS).body();
        assertThat(health.getBoolean("drift_detected")).isTrue();
        assertThat(health.getJsonArray("drifted_features")).containsExactly("sessions_30d", "property_type_code");
    }

    @Test
    @DisplayName("keep an open window across a restart: the second process's predictions merge into the first's")
    void openWindowSurvivesRestart(Vertx vertx, TestServers servers) throws Exception {
        Random random = new Random(16);
        // An hour that has not ended, so nothing closes it during the test.
        Instant open = Instant.now().plus(2, ChronoUnit.HOURS);
        String first = vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        for (int i = 0; i < 40; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(),
                    logged("open_a_" + i, "contact_timing_model", 7, open, features(random, false), 0.2).toJson());
        }
        await("40 predictions written").atMost(Duration.ofSeconds(30)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'open_a_%'"), n -> n == 40);
        vertx.undeploy(first).await(30, TimeUnit.SECONDS);
        assertThat(servers.jdbc().count("SELECT rows FROM ml_serving_profiles WHERE model_name = 'contact_timing_model'")).isEqualTo(40);

        String second = vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        for (int i = 0; i < 25; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(),
                    logged("open_b_" + i, "contact_timing_model", 7, open, features(random, false), 0.2).toJson());
        }
        await("25 more predictions written").atMost(Duration.ofSeconds(30)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'open_b_%'"), n -> n == 25);
        vertx.undeploy(second).await(30, TimeUnit.SECONDS);

        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_serving_profiles WHERE model_name = 'contact_timing_model'")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT rows FROM ml_serving_profiles WHERE model_name = 'contact_timing_model'")).isEqualTo(65);
        String profile = servers.jdbc().queryForObject("SELECT profile::text FROM ml_serving_profiles WHERE model_name = 'contact_timing_model'", String.class);
        Map<String, com.roisystems.ml.monitoring.drift.FeatureDistribution> features = Profile.fromJson(new JsonObject(profile)).featureDistributions();
        assertThat(features.get("sessions_30d").numeric().count()).isEqualTo(65);
        assertThat(features.get("property_type_code").categorical().total()).isEqualTo(65);
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_serving_profiles WHERE closed_at IS NOT NULL AND model_name = 'contact_timing_model'")).isZero();
    }
}
