package com.roisystems.ml.predictionlog;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The prediction log")
class PredictionLogTest {

    private static LoggedPrediction prediction(String id, double latency) {
        return new LoggedPrediction(id, "USER", "user_7", "MOVE_PROBABILITY", "move_probability_model", 3,
                new JsonObject().put("entity_id", "user_7"), new JsonObject().put("doc_access_count_7d", 4),
                0.62, "HIGH", 0.62, new JsonObject().put("doc_access_count_7d", 0.11).put("expected_value", -1.2),
                latency, Instant.now());
    }

    private static JsonObject config(TestServers servers) {
        JsonObject config = servers.config().json();
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50).put("healthPersistIntervalMs", 100));
        return config;
    }

    @Test
    @DisplayName("writes every published prediction with its SHAP values, and a graceful stop flushes the buffer")
    void flushesOnGracefulStop(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = config(servers);
        config.getJsonObject("predictionLog").put("flushIntervalMs", 60_000).put("batchSize", 10_000);
        String deployment = vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        for (int i = 0; i < 500; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_flush_" + i, 2.0).toJson());
        }
        // All 500 in the buffer proves the log has taken them in, so an empty table below means "not yet written".
        await("all 500 predictions buffered").atMost(Duration.ofSeconds(30))
                .until(() -> status(vertx), status -> status.getInteger("backlog") == 500);
        assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'pred_flush_%'"))
                .as("nothing written before the flush interval").isZero();

        vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);

        assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'pred_flush_%'")).isEqualTo(500);
        assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id = 'pred_flush_7' "
                + "AND (shap_values->>'doc_access_count_7d')::float8 = 0.11 AND predicted_class = 'HIGH'")).isEqualTo(1);
    }

    @Test
    @DisplayName("keeps predictions while PostgreSQL refuses connections, reports the backlog, and writes them when it returns")
    void survivesDatabaseOutage(Vertx vertx, TestServers servers) throws Exception {
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        String database = servers.databaseName();
        execute(servers, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
        try {
            execute(servers, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database + "' AND pid <> pg_backend_pid()");
            for (int i = 0; i < 100; i++) {
                vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_outage_" + i, 3.0).toJson());
            }
            // Published predictions are journaled on a worker: wait for all 100 as well as for the failed write.
            JsonObject status = await("prediction log DEGRADED with the 100 journaled").atMost(Duration.ofSeconds(30))
                    .until(() -> status(vertx), current -> "DEGRADED".equals(current.getString("status")) && current.getInteger("backlog") == 100);
            assertThat(status.getLong("journal_bytes")).isPositive();
            assertThat(status.getLong("dropped")).isZero();
        } finally {
            execute(servers, "ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
        }
        JsonObject recovered = awaitStatus(vertx, "UP");
        assertThat(recovered.getInteger("backlog")).isZero();
        assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'pred_outage_%'")).isEqualTo(100);
    }

    @Test
    @DisplayName("a prediction PostgreSQL refuses is left out and counted; the rest of its batch is written instead of the batch retrying forever")
    void poisonPredictionIsIsolated(Vertx vertx, TestServers servers) throws Exception {
        // Stands in for any row the database refuses for its data (a value out of range, a constraint the scorer does not know).
        servers.jdbc().execute("ALTER TABLE ml_predictions ADD CONSTRAINT test_poison CHECK (latency_ms <> 13.0)");
        try {
            JsonObject config = config(servers);
            config.getJsonObject("predictionLog").put("flushIntervalMs", 60_000).put("batchSize", 10_000);
            String deployment = vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_poison_" + i, i == 77 ? 13.0 : 2.0).toJson());
            }
            await("all 200 predictions buffered").atMost(Duration.ofSeconds(30))
                    .until(() -> status(vertx), status -> status.getInteger("backlog") == 200);
            vertx.undeploy(deployment).await(60, TimeUnit.SECONDS);

            assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id LIKE 'pred_poison_%'")).isEqualTo(199);
            assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id = 'pred_poison_77'")).isZero();
        } finally {
            servers.jdbc().execute("ALTER TABLE ml_predictions DROP CONSTRAINT test_poison");
        }
    }

    @Test
    @DisplayName("links feedback to a logged prediction, and names the problem for unknown ids and missing actuals")
    void feedback(Vertx vertx, TestServers servers) throws Exception {
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_feedback_1", 1.5).toJson());

        JsonObject linked = vertx.eventBus().<JsonObject>request(PredictionLogContract.FEEDBACK.address(),
                new JsonObject().put("prediction_id", "pred_feedback_1").put("actual_class", "HIGH").put("actual_value", 1.0))
                .await(10, TimeUnit.SECONDS).body();
        assertThat(linked.getBoolean("linked")).isTrue();
        assertThat(count(servers, "SELECT count(*) FROM ml_predictions WHERE prediction_id = 'pred_feedback_1' AND actual_class = 'HIGH' AND feedback_at IS NOT NULL")).isEqualTo(1);

        assertThatThrownBy(() -> vertx.eventBus().request(PredictionLogContract.FEEDBACK.address(),
                new JsonObject().put("prediction_id", "pred_nowhere").put("actual_value", 1)).await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ReplyException.class, e -> assertThat(e.failureCode()).isEqualTo(404));
        assertThatThrownBy(() -> vertx.eventBus().request(PredictionLogContract.FEEDBACK.address(),
                new JsonObject().put("prediction_id", "pred_feedback_1")).await(10, TimeUnit.SECONDS))
                .isInstanceOfSatisfying(ReplyException.class, e -> {
                    assertThat(e.failureCode()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("actual_value");
                });
    }

    @Test
    @DisplayName("answers 503 naming itself when feedback cannot be stored, without the database's message")
    void feedbackFailureCarriesNoDatabaseText(Vertx vertx, TestServers servers) throws Exception {
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        servers.jdbc().execute("CREATE FUNCTION refuse_feedback() RETURNS trigger LANGUAGE plpgsql AS "
                + "$$ BEGIN RAISE EXCEPTION 'internal detail: disk /srv/pg full'; END $$");
        servers.jdbc().execute("CREATE TRIGGER refuse_feedback BEFORE UPDATE ON ml_predictions FOR EACH ROW EXECUTE FUNCTION refuse_feedback()");
        try {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_feedback_refused", 1.5).toJson());
            assertThatThrownBy(() -> vertx.eventBus().request(PredictionLogContract.FEEDBACK.address(),
                    new JsonObject().put("prediction_id", "pred_feedback_refused").put("actual_value", 1.0)).await(10, TimeUnit.SECONDS))
                    .isInstanceOfSatisfying(ReplyException.class, e -> {
                        assertThat(e.failureCode()).isEqualTo(503);
                        assertThat(e.getMessage()).isEqualTo("the prediction log cannot store feedback now; retry later");
                    });
        } finally {
            servers.jdbc().execute("DROP TRIGGER refuse_feedback ON ml_predictions");
            servers.jdbc().execute("DROP FUNCTION refuse_feedback()");
        }
    }

    @Test
    @DisplayName("counts predictions, errors and latency per model, and persists them to ml_monitoring")
    void modelHealth(Vertx vertx, TestServers servers) throws Exception {
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config(servers))).await(20, TimeUnit.SECONDS);
        for (int i = 0; i < 9; i++) {
            vertx.eventBus().publish(PredictionLogContract.LOGGED.address(), prediction("pred_health_" + i, 10.0).toJson());
        }
        vertx.eventBus().publish(PredictionLogContract.FAILED.address(), new JsonObject().put("model_name", "move_probability_model")
                .put("model_version", 3).put("latency_ms", 20.0).put("error_code", 503));
        // Ten outcomes in ml_monitoring prove the log has recorded all of them, and persisted them at least once.
        await("the ten outcomes persisted to ml_monitoring").atMost(Duration.ofSeconds(30))
                .until(() -> count(servers, "SELECT coalesce(sum(prediction_count + error_count), 0) FROM ml_monitoring"
                        + " WHERE model_name = 'move_probability_model'"), persisted -> persisted >= 10);
        JsonObject health = vertx.eventBus().<JsonObject>request(PredictionLogContract.MODEL_HEALTH.address(),
                new JsonObject().put("model_name", "move_probability_model")).await(10, TimeUnit.SECONDS).body();
        assertThat(health.getLong("prediction_count")).isGreaterThanOrEqualTo(9);
        assertThat(health.getLong("error_count")).isEqualTo(1);
        assertThat(health.getDouble("error_rate")).isGreaterThan(0.0).isLessThanOrEqualTo(0.1);
        assertThat(health.getString("last_prediction_at")).isNotNull();
        assertThat(count(servers, "SELECT coalesce(sum(error_count), 0) FROM ml_monitoring WHERE model_name = 'move_probability_model'")).isEqualTo(1);
    }

    private static JsonObject awaitStatus(Vertx vertx, String wanted) {
        return await("prediction log " + wanted).atMost(Duration.ofSeconds(30))
                .until(() -> status(vertx), status -> wanted.equals(status.getString("status")));
    }

    private static JsonObject status(Vertx vertx) throws Exception {
        return vertx.eventBus().<JsonObject>request(PredictionLogContract.STATUS.address(), new JsonObject()).await(10, TimeUnit.SECONDS).body();
    }

    private static long count(TestServers servers, String sql) throws Exception {
        return servers.jdbc().count(sql);
    }

    private static void execute(TestServers servers, String sql) throws Exception {
        servers.jdbc().database("postgres").execute(sql);
    }
}
