package com.roisystems.ml.monitoring.performance;

import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Performance from real outcomes on real PostgreSQL: predictions and activity written as the platform writes them, one
 * {@code ml_monitoring} window per model version, {@link PerformanceJob} run as of a fixed instant. Each test uses its
 * own model version, so the windows of one test are not another's.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Performance from real outcomes")
class PerformanceJobTest {

    private static final String MOVE = "move_probability_model";
    private static final Instant NOW = Instant.now().truncatedTo(ChronoUnit.HOURS);
    /** An hour whose 90-day horizon is over, and one that ended an hour ago. */
    private static final Instant OLD_HOUR = NOW.minus(Duration.ofDays(120));
    private static final Instant RECENT_HOUR = NOW.minus(Duration.ofHours(2));

    @BeforeAll
    static void regions(TestServers servers) throws Exception {
        servers.jdbc().execute("INSERT INTO regions (region_id, name, state) VALUES ('perf', 'Perf Town', 'IA')");
    }

    private static PerformanceJob job(Vertx vertx, TestServers servers) {
        return new PerformanceJob(vertx, PgPools.shared(vertx, servers.config().json()), new PerformanceSettings(true, 200, 100, 10));
    }

    private static void user(TestDatabase database, String user) throws SQLException {
        database.execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES (?, 'perf', '35_49', ?, 'default')",
                user, Instant.parse("2020-01-01T00:00:00Z"));
    }

    private static void transaction(TestDatabase database, String user, Instant openedAt, String type) throws SQLException {
        database.execute("INSERT INTO transactions (transaction_id, user_id, transaction_type, status, opened_at, updated_at, tenant_id)"
                + " VALUES (?, ?, ?, 'OPEN', ?, ?, 'default')", "tx_" + UUID.randomUUID(), user, type, openedAt, openedAt);
    }

    private static void prediction(TestDatabase database, String id, String type, String model, int version, String user,
                                   Instant createdAt, Double value, String predictedClass) throws SQLException {
        database.execute("INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version,"
                + " request, features_used, predicted_value, predicted_class, latency_ms, created_at, tenant_id)"
                + " VALUES (?, 'USER', ?, ?::prediction_type, ?, ?, '{}', '{}', ?, ?, 1.0, ?, 'default')",
                id, user, type, model, version, value, predictedClass, createdAt);
    }

    private static void feedback(TestDatabase database, String id, Double actualValue, String actualClass) throws SQLException {
        database.execute("UPDATE ml_predictions SET actual_value = ?, actual_class = ?, feedback_at = created_at + interval '1 day'"
                + " WHERE prediction_id = ?", actualValue, actualClass, id);
    }

    private static void window(TestDatabase database, String model, int version, Instant start) throws SQLException {
        database.execute("INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end) VALUES (?, ?, ?, ?)",
                model, version, start, start.plus(Duration.ofHours(1)));
    }

    private static JsonObject performance(TestServers servers, String model, int version, Instant start) throws SQLException {
        return new JsonObject(servers.jdbc().queryForObject("SELECT performance::text FROM ml_monitoring"
                + " WHERE model_name = ? AND model_version = ? AND period_start = ?", String.class, model, version, start));
    }

    @Test
    @DisplayName("label a prediction only by an outcome strictly after it and within the horizon, feedback first")
    void pointInTime(Vertx vertx, TestServers servers) throws Exception {
        Instant at = OLD_HOUR.plus(Duration.ofMinutes(10));
        servers.jdbc().withConnection(database -> {
            for (String user : List.of("pit_before", "pit_after_horizon", "pit_inside", "pit_same_instant", "pit_feedback_no", "pit_feedback_yes")) {
                user(database, user);
            }
            transaction(database, "pit_before", at.minus(Duration.ofDays(1)), "SELL");
            transaction(database, "pit_after_horizon", at.plus(Duration.ofDays(91)), "SELL");
            transaction(database, "pit_inside", at.plus(Duration.ofDays(30)), "BUY");
            transaction(database, "pit_same_instant", at, "BUY");
            transaction(database, "pit_feedback_no", at.plus(Duration.ofDays(10)), "BUY");
            prediction(database, "pit_1", "MOVE_PROBABILITY", MOVE, 101, "pit_before", at, 0.8, "HIGH");
            prediction(database, "pit_2", "MOVE_PROBABILITY", MOVE, 101, "pit_after_horizon", at, 0.1, "LOW");
            prediction(database, "pit_3", "MOVE_PROBABILITY", MOVE, 101, "pit_inside", at, 0.9, "HIGH");
            prediction(database, "pit_4", "MOVE_PROBABILITY", MOVE, 101, "pit_same_instant", at, 0.3, "MEDIUM");
            prediction(database, "pit_5", "MOVE_PROBABILITY", MOVE, 101, "pit_feedback_no", at, 0.95, "HIGH");
            prediction(database, "pit_6", "MOVE_PROBABILITY", MOVE, 101, "pit_feedback_yes", at, 0.2, "MEDIUM");
            feedback(database, "pit_5", 0.0, null);
            feedback(database, "pit_6", null, "MOVED");
            window(database, MOVE, 101, OLD_HOUR);
            return null;
        });

        job(vertx, servers).run(NOW).await(30, TimeUnit.SECONDS);

        JsonObject performance = performance(servers, MOVE, 101, OLD_HOUR);
        JsonObject realised = performance.getJsonObject("realised");
        assertThat(performance.getInteger("horizon_days")).isEqualTo(90);
        assertThat(realised.getLong("labelled")).isEqualTo(6);
        assertThat(realised.getLong("unlabelled")).isZero();
        // Positives: the transaction 30 days after (pit_3) and the feedback "MOVED" (pit_6); the one before, the one at the
        // same instant and the one after the horizon label nothing, and pit_5's feedback 0 overrides its transaction.
        assertThat(realised.getLong("positives")).isEqualTo(2);
        assertThat(realised.getJsonObject("sources")).isEqualTo(new JsonObject().put("feedback", 2).put("activity", 4));
        // Positives 0.9 and 0.2 against negatives 0.8, 0.1, 0.3, 0.95: 0.9 beats three, 0.2 beats one; 4 of 8 pairs.
        assertThat(realised.getDouble("auc")).isCloseTo(0.5, within(1e-12));
    }

    @Test
    @DisplayName("compute a window's realised AUC and Brier as an independent computation over the same rows does, with CBPE beside them")
    void realisedMatchesIndependentMetrics(Vertx vertx, TestServers servers) throws Exception {
        Random random = new Random(4242);
        List<double[]> rows = new ArrayList<>();
        servers.jdbc().withConnection(database -> {
            for (int i = 0; i < 300; i++) {
                String user = "auc_" + i;
                Instant at = OLD_HOUR.plusSeconds(random.nextInt(3_600));
                double p = Math.round(random.nextDouble() * 1e4) / 1e4;
                boolean moved = random.nextDouble() < p;
                user(database, user);
                if (moved) {
                    transaction(database, user, at.plus(Duration.ofHours(1 + random.nextInt(24 * 88))), "SELL");
                } else if (random.nextBoolean()) {
                    // Distractors outside the label window.
                    transaction(database, user, random.nextBoolean() ? at.minus(Duration.ofDays(3)) : at.plus(Duration.ofDays(95)), "BUY");
                }
                prediction(database, "auc_" + i, "MOVE_PROBABILITY", MOVE, 102, user, at, p, "LOW");
                rows.add(new double[] {p, moved ? 1 : 0});
            }
            window(database, MOVE, 102, OLD_HOUR);
            database.execute("INSERT INTO ml_models (name, version, prediction_type, model_type, algorithm, metrics, feature_names,"
                    + " format_version, artifact, artifact_sha256, artifact_bytes) VALUES (?, 102, 'MOVE_PROBABILITY', 'CLASSIFICATION',"
                    + " 'test', '{\"auc\": 0.83, \"brier\": 0.11, \"log_loss\": 0.35, \"rows\": 900}'::jsonb, '{}', 1, '\\x00', 'none', 1)", MOVE);
            return null;
        });

        job(vertx, servers).run(NOW).await(30, TimeUnit.SECONDS);

        double pairs = 0;
        long positives = 0;
        double brier = 0;
        for (double[] a : rows) {
            brier += (a[0] - a[1]) * (a[0] - a[1]);
            positives += (long) a[1];
            for (double[] b : rows) {
                if (a[1] == 1 && b[1] == 0) {
                    pairs += a[0] > b[0] ? 1 : a[0] == b[0] ? 0.5 : 0;
                }
            }
        }
        double auc = pairs / (positives * (double) (rows.size() - positives));
        JsonObject performance = performance(servers, MOVE, 102, OLD_HOUR);
        JsonObject realised = performance.getJsonObject("realised");
        assertThat(realised.getLong("labelled")).isEqualTo(300);
        assertThat(realised.getLong("positives")).isEqualTo(positives);
        assertThat(realised.getDouble("auc")).isCloseTo(auc, within(1e-12));
        assertThat(realised.getDouble("brier")).isCloseTo(brier / rows.size(), within(1e-12));
        assertThat(realised.getJsonArray("calibration").stream().mapToLong(bin -> ((JsonObject) bin).getLong("count")).sum()).isEqualTo(300);
        JsonObject estimated = performance.getJsonObject("estimated");
        assertThat(estimated.getString("method")).isEqualTo("CBPE");
        assertThat(estimated.getLong("rows")).isEqualTo(300);
        // Outcomes were drawn from the scores, so the estimate is near the realised value (0.1: five standard errors at 300 rows).
        assertThat(estimated.getDouble("auc")).isCloseTo(auc, within(0.1));
        assertThat(performance.getJsonObject("reference")).isEqualTo(new JsonObject().put("auc", 0.83).put("brier", 0.11)
                .put("log_loss", 0.35).put("source", "ml_models.metrics of version 102 (its test split)"));
    }

    @Test
    @DisplayName("count predictions still within their horizon as unlabelled, not negatives; no labels: no realised block; one class: AUC absent with a reason")
    void unlabelledAreNotNegatives(Vertx vertx, TestServers servers) throws Exception {
        Instant at = RECENT_HOUR.plus(Duration.ofMinutes(5));
        servers.jdbc().withConnection(database -> {
            for (int i = 0; i < 10; i++) {
                user(database, "wait_" + i);
                prediction(database, "wait_" + i, "MOVE_PROBABILITY", MOVE, 103, "wait_" + i, at, 0.1 + i * 0.05, "LOW");
                prediction(database, "none_" + i, "MOVE_PROBABILITY", MOVE, 104, "wait_" + i, at, 0.3, "MEDIUM");
            }
            transaction(database, "wait_0", at.plus(Duration.ofMinutes(30)), "SELL");
            // After as-of: not seen yet.
            transaction(database, "wait_1", NOW.plus(Duration.ofDays(1)), "SELL");
            window(database, MOVE, 103, RECENT_HOUR);
            database.execute("INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end) VALUES (?, 104, ?, ?)",
                    MOVE, RECENT_HOUR.minus(Duration.ofHours(1)), RECENT_HOUR);
            database.execute("UPDATE ml_predictions SET created_at = created_at - interval '1 hour' WHERE model_version = 104");
            return null;
        });

        job(vertx, servers).run(NOW).await(30, TimeUnit.SECONDS);

        JsonObject oneClass = performance(servers, MOVE, 103, RECENT_HOUR);
        JsonObject realised = oneClass.getJsonObject("realised");
        assertThat(realised.getLong("labelled")).isEqualTo(1);
        assertThat(realised.getLong("unlabelled")).isEqualTo(9);
        assertThat(realised.getLong("positives")).isEqualTo(1);
        assertThat(realised.containsKey("auc")).isFalse();
        assertThat(realised.getString("auc_unavailable")).isEqualTo("no negative among 1 labelled predictions");
        assertThat(realised.getDouble("brier")).isCloseTo(0.81, within(1e-12));
        assertThat(oneClass.getJsonObject("estimated").getLong("rows")).isEqualTo(10);

        // wait_0's transaction is 55 minutes after its version-104 prediction too: that window has one positive as well.
        JsonObject earlier = performance(servers, MOVE, 104, RECENT_HOUR.minus(Duration.ofHours(1)));
        assertThat(earlier.getJsonObject("realised").getLong("labelled")).isEqualTo(1);
        assertThat(earlier.getJsonObject("realised").getLong("unlabelled")).isEqualTo(9);
    }

    @Test
    @DisplayName("leave the realised block out while no prediction has an outcome, saying why, and keep the estimate")
    void noLabelsNoRealisedBlock(Vertx vertx, TestServers servers) throws Exception {
        Instant at = RECENT_HOUR.plus(Duration.ofMinutes(20));
        servers.jdbc().withConnection(database -> {
            for (int i = 0; i < 5; i++) {
                user(database, "nolabel_" + i);
                prediction(database, "nolabel_" + i, "MOVE_PROBABILITY", MOVE, 105, "nolabel_" + i, at, 0.2 * i, "LOW");
            }
            window(database, MOVE, 105, RECENT_HOUR);
            return null;
        });

        job(vertx, servers).run(NOW).await(30, TimeUnit.SECONDS);

        JsonObject performance = performance(servers, MOVE, 105, RECENT_HOUR);
        assertThat(performance.containsKey("realised")).isFalse();
        assertThat(performance.getString("realised_unavailable")).startsWith("no labelled prediction yet: 5 waiting");
        assertThat(performance.getJsonObject("estimated").getDouble("auc")).isBetween(0.5, 1.0);
        assertThat(performance.containsKey("reference")).as("no ml_models row for version 105").isFalse();
    }

    @Test
    @DisplayName("label transaction types, property values and contact slots by training's definitions")
    void otherPredictionTypes(Vertx vertx, TestServers servers) throws Exception {
        Instant at = NOW.minus(Duration.ofDays(150)).plus(Duration.ofMinutes(1));
        Instant hour = at.truncatedTo(ChronoUnit.HOURS);
        servers.jdbc().withConnection(database -> {
            for (String user : List.of("tt_a", "tt_b", "tt_c", "pv_a", "pv_b", "ct_a", "ct_b", "ct_c")) {
                user(database, user);
            }
            // TRANSACTION_TYPE: the first transaction after the prediction counts (SELL then BUY: SELL); tt_c has none.
            transaction(database, "tt_a", at.plus(Duration.ofDays(5)), "SELL");
            transaction(database, "tt_a", at.plus(Duration.ofDays(50)), "BUY");
            transaction(database, "tt_b", at.plus(Duration.ofDays(20)), "REFINANCE");
            prediction(database, "tt_1", "TRANSACTION_TYPE", "transaction_type_model", 7, "tt_a", at, 0.6, "SELL");
            prediction(database, "tt_2", "TRANSACTION_TYPE", "transaction_type_model", 7, "tt_b", at, 0.5, "BUY");
            prediction(database, "tt_3", "TRANSACTION_TYPE", "transaction_type_model", 7, "tt_c", at, 0.4, "BUY");
            window(database, "transaction_type_model", 7, hour);

            // PROPERTY_VALUE: the first valuation of the primary property owned before the prediction.
            for (String user : List.of("pv_a", "pv_b")) {
                database.execute("INSERT INTO properties (property_id, owner_user_id, region_id, address, property_type, bedrooms, bathrooms, sqft,"
                        + " year_built, purchase_date, purchase_price, is_primary_residence, created_at, updated_at, tenant_id)"
                        + " VALUES (?, ?, 'perf', '1 Main St', 'CONDO', 2, 1, 900, 1990, '2019-05-01', 200000, true, ?, ?, 'default')",
                        "prop_" + user, user, Instant.parse("2019-05-01T00:00:00Z"), Instant.parse("2019-05-01T00:00:00Z"));
            }
            valuation(database, "prop_pv_a", at.minus(Duration.ofDays(2)), 100_000);
            valuation(database, "prop_pv_a", at.plus(Duration.ofDays(10)), 300_000);
            valuation(database, "prop_pv_a", at.plus(Duration.ofDays(40)), 999_000);
            valuation(database, "prop_pv_b", at.plus(Duration.ofDays(3)), 200_000);
            prediction(database, "pv_1", "PROPERTY_VALUE", "property_value_model", 3, "pv_a", at, 330_000.0, null);
            prediction(database, "pv_2", "PROPERTY_VALUE", "property_value_model", 3, "pv_b", at, 180_000.0, null);
            window(database, "property_value_model", 3, hour);

            // CONTACT_TIMING: a hit when an engagement falls in the predicted week slot (UTC) within 42 days.
            Instant nextMonday9 = at.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(7 + (1 - dayOfWeek(at) + 7) % 7)).plus(Duration.ofHours(9));
            engagement(database, "ct_a", nextMonday9.plus(Duration.ofMinutes(15)));
            engagement(database, "ct_b", nextMonday9.plus(Duration.ofHours(3)));
            prediction(database, "ct_1", "CONTACT_TIMING", "contact_timing_model", 2, "ct_a", at, 0.3, "MONDAY 09:00");
            prediction(database, "ct_2", "CONTACT_TIMING", "contact_timing_model", 2, "ct_b", at, 0.3, "MONDAY 09:00");
            prediction(database, "ct_3", "CONTACT_TIMING", "contact_timing_model", 2, "ct_c", at, 0.3, "MONDAY 09:00");
            window(database, "contact_timing_model", 2, hour);
            return null;
        });

        job(vertx, servers).run(NOW).await(30, TimeUnit.SECONDS);

        JsonObject types = performance(servers, "transaction_type_model", 7, hour);
        assertThat(types.getInteger("horizon_days")).as("the horizon of 180 days is not over").isEqualTo(180);
        assertThat(types.getJsonObject("realised").getLong("labelled")).isEqualTo(2);
        assertThat(types.getJsonObject("realised").getLong("unlabelled")).isEqualTo(1);
        assertThat(types.getJsonObject("realised").getDouble("accuracy")).isCloseTo(0.5, within(1e-12));
        // Classes SELL (1 right), BUY (predicted once, wrong), REFINANCE (missed): F1 1, 0, 0.
        assertThat(types.getJsonObject("realised").getDouble("macro_f1")).isCloseTo(1 / 3.0, within(1e-12));
        assertThat(types.getJsonObject("estimated").getDouble("accuracy")).isCloseTo(0.5, within(1e-12));

        JsonObject values = performance(servers, "property_value_model", 3, hour).getJsonObject("realised");
        assertThat(values.getLong("labelled")).isEqualTo(2);
        assertThat(values.getDouble("rmse")).isCloseTo(Math.sqrt((30_000.0 * 30_000 + 20_000.0 * 20_000) / 2), within(1e-6));
        assertThat(values.getDouble("mape")).isCloseTo((0.1 + 0.1) / 2, within(1e-12));

        JsonObject contact = performance(servers, "contact_timing_model", 2, hour);
        assertThat(contact.getInteger("horizon_days")).isEqualTo(42);
        JsonObject hits = contact.getJsonObject("realised");
        assertThat(hits.getLong("labelled")).isEqualTo(2);
        assertThat(hits.getLong("no_outcome")).as("ct_c never engaged").isEqualTo(1);
        assertThat(hits.getDouble("top_k_hit_rate")).isCloseTo(0.5, within(1e-12));
        assertThat(hits.getInteger("k")).isEqualTo(1);
    }

    private static int dayOfWeek(Instant at) {
        return at.atZone(java.time.ZoneOffset.UTC).getDayOfWeek().getValue();
    }

    private static void valuation(TestDatabase database, String property, Instant at, double value) throws SQLException {
        database.execute("INSERT INTO property_valuations (event_id, property_id, valued_at, estimated_value, source, tenant_id)"
                + " VALUES (?, ?, ?, ?, 'AVM', 'default')", UUID.randomUUID(), property, at, java.math.BigDecimal.valueOf(value));
    }

    private static void engagement(TestDatabase database, String user, Instant at) throws SQLException {
        database.execute("INSERT INTO email_events (event_id, user_id, email_id, action, occurred_at, tenant_id)"
                + " VALUES (?, ?, 'mail', 'OPENED', ?, 'default')", UUID.randomUUID(), user, at);
    }
}
