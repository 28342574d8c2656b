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
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Serving-time feature importance per window")
class ServingImportanceTest {

    private static final List<String> FEATURES = List.of("sessions_30d", "equity");

    @Test
    @DisplayName("adds |SHAP| sums and counts exactly when profiles merge, and survives the JSON round trip")
    void mergesExactly() {
        Profile first = Profile.empty(200);
        first.recordContributions(Map.of("sessions_30d", -0.5, "equity", 2.0));
        first.recordContributions(Map.of("sessions_30d", 0.25));
        Profile second = Profile.empty(200);
        second.recordContributions(Map.of("equity", -1.0, "slot_hour_sin", 0.125));

        Profile merged = Profile.fromJson(first.toJson()).merge(Profile.fromJson(second.toJson()));

        assertThat(merged.servingImportance()).containsOnlyKeys("sessions_30d", "equity", "slot_hour_sin");
        assertThat(merged.servingImportance().get("sessions_30d")).isEqualTo(0.375);
        assertThat(merged.servingImportance().get("equity")).isEqualTo(1.5);
        assertThat(merged.servingImportance().get("slot_hour_sin")).isEqualTo(0.125);
        JsonObject older = first.toJson().copy();
        older.remove("absolute_shap");
        assertThat(Profile.fromJson(older).servingImportance()).as("a profile written before importance was recorded").isEmpty();
    }

    @Test
    @DisplayName("writes a closed window's mean |SHAP| per feature, over predictions flushed in several parts, beside its drift")
    void windowImportanceAcrossFlushes(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = servers.config().json();
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50).put("healthPersistIntervalMs", 100));
        config.put("monitoring", new JsonObject().put("windowFlushIntervalMs", 100).put("closeIntervalMs", 600_000).put("closeGraceMs", 0));
        Random random = new Random(3);
        List<double[]> referenceRows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            referenceRows.add(new double[] {random.nextInt(20), random.nextGaussian()});
        }
        new MonitoringStore(vertx, PgPools.shared(vertx, config)).saveReference("property_value_model", 9, ReferenceProfile.of(FEATURES, referenceRows, null))
                .await(30, TimeUnit.SECONDS);
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        Instant hour = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS).plus(7, ChronoUnit.HOURS);
        double[] sums = new double[2];
        int sent = 0;
        for (int part = 0; part < 3; part++) {
            for (int i = 0; i < 100; i++, sent++) {
                double sessions = random.nextGaussian();
                double equity = 3 * random.nextGaussian();
                sums[0] += Math.abs(sessions);
                sums[1] += Math.abs(equity);
                JsonObject shap = new JsonObject().put("expected_value", 12.0)
                        .put("contributions", new JsonObject().put("sessions_30d", sessions).put("equity", equity));
                JsonObject used = new JsonObject().put("values", new JsonObject().put("sessions_30d", random.nextInt(20)).put("equity", random.nextGaussian()))
                        .put("status", new JsonObject());
                vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), new LoggedPrediction("imp_" + sent, "USER", "user_" + sent,
                        "PROPERTY_VALUE", "property_value_model", 9, new JsonObject(), used, 300_000.0, null, 0.9, shap, 1.0,
                        hour.plusSeconds(sent)).toJson());
            }
            int expected = sent;
            // Each part is flushed to ml_serving_profiles before the next is sent, so the window is merged from three deltas.
            await("part " + part + " merged into the window").atMost(Duration.ofSeconds(30)).until(() -> servers.jdbc().count(
                    "SELECT coalesce(sum(rows), 0) FROM ml_serving_profiles WHERE model_name = 'property_value_model' AND model_version = 9"
                            + " AND period_end - period_start = interval '1 hour'"), rows -> rows == expected);
        }
        // The verticle's own closing runs every 10 minutes here: the window is closed once, now, with all three parts in it.
        new DriftWindowJob(vertx, PgPools.shared(vertx, config), MonitoringSettings.of(config)).run(Instant.now()).await(60, TimeUnit.SECONDS);

        JsonObject drift = new JsonObject(servers.jdbc().queryForObject("SELECT feature_drift::text FROM ml_monitoring WHERE model_name ="
                + " 'property_value_model' AND model_version = 9 AND period_end - period_start = interval '1 hour' AND feature_drift -> '_summary' IS NOT NULL",
                String.class));
        JsonObject importance = drift.getJsonObject(DriftWindowJob.SERVING_IMPORTANCE);
        assertThat(importance.getDouble("sessions_30d")).isCloseTo(sums[0] / sent, within(1e-9));
        assertThat(importance.getDouble("equity")).isCloseTo(sums[1] / sent, within(1e-9));
        assertThat(drift.getJsonObject("equity")).as("the feature's drift is still there beside it").isNotNull();
    }
}
