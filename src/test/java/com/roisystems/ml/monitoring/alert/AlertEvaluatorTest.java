package com.roisystems.ml.monitoring.alert;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.pipeline.PipelineAlert;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static com.roisystems.ml.monitoring.alert.MonitoringWindows.driftWindow;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.hour;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performance;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performanceWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Alerts from closed windows on real PostgreSQL: one alert per condition until it resolves, sent on the {@code alerts}
 * address and to a webhook receiver (a Vert.x HTTP server in the test) as Alertmanager JSON.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Model monitoring alerts")
class AlertEvaluatorTest {

    private static final String MODEL = "move_probability_model";

    private final List<ModelAlert> published = new CopyOnWriteArrayList<>();
    private final List<JsonArray> posted = new CopyOnWriteArrayList<>();
    private final AtomicInteger webhookStatus = new AtomicInteger(200);
    private HttpServer receiver;

    @BeforeEach
    void start(Vertx vertx, TestServers servers) throws Exception {
        servers.jdbc().execute("DELETE FROM ml_monitoring; DELETE FROM ml_alerts");
        receiver = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            posted.add(body.toJsonArray());
            request.response().setStatusCode(webhookStatus.get()).end();
        })).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        Bus.subscribe(vertx, ModelAlert.TOPIC, published::add).await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        receiver.close().await(10, TimeUnit.SECONDS);
    }

    private AlertEvaluator evaluator(Vertx vertx, TestServers servers, SimpleMeterRegistry registry, int retries) {
        JsonObject config = servers.config().json();
        JsonObject monitoring = config.getJsonObject("monitoring", new JsonObject());
        config.put("monitoring", monitoring.put("alerts", new JsonObject()
                .put("webhookUrl", "http://127.0.0.1:" + receiver.actualPort() + "/api/v2/alerts")
                .put("webhookRetries", retries).put("webhookRetryDelayMs", 10).put("generatorBaseUrl", "https://roi.example")
                .put("minLabelled", 200).put("minEstimatedRows", 200)));
        return new AlertEvaluator(vertx, PgPools.shared(vertx, config), AlertSettings.of(config), registry);
    }

    private static List<ModelAlert> evaluate(AlertEvaluator evaluator, Instant now) throws Exception {
        return evaluator.evaluate(now).await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("raise one alert per condition of a drifted window, never again while it holds (nor from a second instance), and resolve each once when a clean window follows")
    void driftFiresOnceAndResolvesOnce(Vertx vertx, TestServers servers) throws Exception {
        List<Object> pipelineSubscriber = new CopyOnWriteArrayList<>();
        List<Throwable> handlerFailures = new CopyOnWriteArrayList<>();
        // A subscriber handed another type's message fails in its handler; Vert.x reports that here.
        vertx.exceptionHandler(handlerFailures::add);
        Bus.subscribe(vertx, PipelineAlert.TOPIC, pipelineSubscriber::add).await(10, TimeUnit.SECONDS);
        AlertEvaluator evaluator = evaluator(vertx, servers, new SimpleMeterRegistry(), 0);
        driftWindow(servers, MODEL, 4, hour(2), List.of("sessions_30d", "property_type_code"));

        List<ModelAlert> fired = evaluate(evaluator, Instant.now());
        assertThat(fired).extracting(ModelAlert::alertKey).containsExactlyInAnyOrder(MODEL + "/v4/model_drift",
                MODEL + "/v4/feature_drift/sessions_30d", MODEL + "/v4/feature_drift/property_type_code");
        assertThat(fired).allMatch(ModelAlert::firing);
        await("three alerts on the bus").atMost(Duration.ofSeconds(10)).until(published::size, n -> n == 3);
        assertThat(published).allSatisfy(alert -> assertThat(alert.toJson().getString("source")).isEqualTo("monitoring"));
        await("one webhook POST").atMost(Duration.ofSeconds(10)).until(posted::size, n -> n == 1);
        JsonArray firing = posted.get(0);
        assertThat(firing).hasSize(3);
        JsonObject feature = firing.stream().map(JsonObject.class::cast)
                .filter(alert -> "sessions_30d".equals(alert.getJsonObject("labels").getString("feature"))).findFirst().orElseThrow();
        assertThat(feature.getJsonObject("labels").getMap()).containsEntry("alertname", "ModelFeatureDrift").containsEntry("model", MODEL)
                .containsEntry("version", "4").containsEntry("severity", "warning");
        assertThat(feature.getJsonObject("annotations").getString("summary")).isEqualTo("Feature sessions_30d of " + MODEL + " v4 drifted");
        assertThat(feature.getJsonObject("annotations").getString("description")).contains("psi 0.310", "ks_statistic 0.220");
        assertThat(Instant.parse(feature.getString("startsAt"))).isBefore(Instant.now().plusSeconds(1));
        assertThat(feature.containsKey("endsAt")).as("no endsAt while firing").isFalse();
        assertThat(feature.getString("generatorURL")).isEqualTo("https://roi.example/v1/monitoring/" + MODEL + "/drift");
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_alerts WHERE resolved_at IS NULL")).isEqualTo(3);

        assertThat(evaluate(evaluator, Instant.now())).as("the same window again").isEmpty();
        assertThat(evaluate(evaluator(vertx, servers, new SimpleMeterRegistry(), 0), Instant.now())).as("another instance").isEmpty();
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_alerts")).isEqualTo(3);

        driftWindow(servers, MODEL, 4, hour(1), List.of());
        List<ModelAlert> resolved = evaluate(evaluator, Instant.now());
        assertThat(resolved).hasSize(3).allMatch(alert -> !alert.firing() && alert.endsAt() != null);
        await("three resolutions on the bus").atMost(Duration.ofSeconds(10)).until(published::size, n -> n == 6);
        await("the resolutions POSTed").atMost(Duration.ofSeconds(10)).until(posted::size, n -> n == 2);
        assertThat(posted.get(1)).hasSize(3).allSatisfy(alert -> assertThat(((JsonObject) alert).getString("endsAt")).isNotNull());
        assertThat(evaluate(evaluator, Instant.now())).as("nothing left to resolve").isEmpty();
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_alerts WHERE resolved_at IS NOT NULL")).isEqualTo(3);

        // The pipeline's subscribers on the same address get only pipeline alerts.
        Bus.publish(vertx, PipelineAlert.TOPIC, new PipelineAlert(PipelineAlert.SOURCE, 7, LocalDate.now(), "FAILED", "test", Instant.now()));
        await("the pipeline alert delivered").atMost(Duration.ofSeconds(10)).until(pipelineSubscriber::size, n -> n == 1);
        assertThat(pipelineSubscriber.get(0)).isInstanceOf(PipelineAlert.class);
        assertThat(published).hasSize(6);
        assertThat(handlerFailures).as("no subscriber was handed the other source's alerts").isEmpty();
    }

    @Test
    @DisplayName("raise a performance alert when realised AUC falls below the reference by more than the margin with enough labels, not for an estimate over too few rows")
    void performanceDropFires(Vertx vertx, TestServers servers) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertEvaluator evaluator = evaluator(vertx, servers, registry, 0);
        performanceWindow(servers, MODEL, 4, hour(26), hour(2), performance(812, 0.70, 150, 0.72, 0.83));

        List<ModelAlert> fired = evaluate(evaluator, Instant.now());
        assertThat(fired).extracting(ModelAlert::alertKey).containsExactly(MODEL + "/v4/performance_degraded/auc");
        assertThat(fired.get(0).labels()).containsEntry("alertname", "ModelPerformanceDegraded").containsEntry("severity", "critical")
                .containsEntry("metric", "auc");
        assertThat(fired.get(0).summary()).isEqualTo("Realised auc of " + MODEL + " v4 is 0.7000, reference 0.8300");
        assertThat(registry.get("roi_model_auc").tag("model", MODEL).tag("kind", "realised").gauge().value()).isEqualTo(0.70);
        assertThat(registry.get("roi_model_auc").tag("kind", "estimated").gauge().value()).isEqualTo(0.72);
        assertThat(registry.get("roi_model_alerts_active").tag("model", MODEL).gauge().value()).isEqualTo(1.0);

        // Enough rows for the estimate now, and it too is below the margin; the realised metric recovers.
        performanceWindow(servers, MODEL, 4, hour(25), hour(1), performance(812, 0.82, 900, 0.72, 0.83));
        List<ModelAlert> changed = evaluate(evaluator, Instant.now());
        assertThat(changed).extracting(alert -> alert.status() + " " + alert.alertKey()).containsExactlyInAnyOrder(
                "firing " + MODEL + "/v4/estimated_performance_degraded/auc", "resolved " + MODEL + "/v4/performance_degraded/auc");
        await("both POSTs").atMost(Duration.ofSeconds(10)).until(posted::size, n -> n == 2);
        assertThat(posted.get(1).getJsonObject(0).getString("generatorURL")).endsWith("/v1/monitoring/" + MODEL + "/performance");
    }

    @Test
    @DisplayName("retry a failing webhook a bounded number of times without holding up the evaluation")
    void failingWebhookIsRetriedBoundedly(Vertx vertx, TestServers servers) throws Exception {
        webhookStatus.set(500);
        AlertEvaluator evaluator = evaluator(vertx, servers, new SimpleMeterRegistry(), 2);
        driftWindow(servers, MODEL, 4, hour(2), List.of("sessions_30d"));

        assertThat(evaluate(evaluator, Instant.now())).hasSize(2);
        assertThat(evaluator.lastDelivery().await(30, TimeUnit.SECONDS)).as("every try failed").isFalse();
        assertThat(posted).as("the first try and two retries").hasSize(3);
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_alerts WHERE resolved_at IS NULL")).as("the alerts stay open").isEqualTo(2);
    }

    @Test
    @DisplayName("keep only the latest window's gauges: an older version's series go when a newer version's window arrives")
    void gaugesFollowTheLatestWindow(Vertx vertx, TestServers servers) throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AlertEvaluator evaluator = evaluator(vertx, servers, registry, 0);
        driftWindow(servers, MODEL, 4, hour(2), List.of("sessions_30d"));
        evaluate(evaluator, Instant.now());
        assertThat(registry.get("roi_model_feature_drift").tags("model", MODEL, "version", "4", "feature", "sessions_30d", "metric", "psi")
                .gauge().value()).isEqualTo(0.31);
        assertThat(registry.get("roi_model_feature_drift").tags("version", "4", "feature", "property_type_code", "metric", "jensen_shannon")
                .gauge().value()).isEqualTo(0.01);
        assertThat(registry.get("roi_model_drift_detected").tag("model", MODEL).gauge().value()).isEqualTo(1.0);

        driftWindow(servers, MODEL, 5, hour(1), List.of());
        evaluate(evaluator, Instant.now());
        assertThat(registry.find("roi_model_feature_drift").tag("version", "4").gauges()).isEmpty();
        assertThat(registry.get("roi_model_feature_drift").tags("version", "5", "feature", "sessions_30d", "metric", "psi").gauge().value())
                .isEqualTo(0.012);
        assertThat(registry.get("roi_model_drift_detected").tag("model", MODEL).gauge().value()).isEqualTo(0.0);
        assertThat(registry.get("roi_model_alerts_active").tag("model", MODEL).gauge().value()).isEqualTo(0.0);
    }

    @Test
    @DisplayName("run after the drift job in the prediction log's closing chain: a drifted window there raises its alerts")
    void predictionLogRunsTheEvaluator(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = servers.config().json();
        config.put("monitoring", config.getJsonObject("monitoring", new JsonObject()).put("closeIntervalMs", 100).put("closeGraceMs", 0)
                .put("alerts", new JsonObject().put("webhookUrl", "http://127.0.0.1:" + receiver.actualPort() + "/api/v2/alerts")));
        driftWindow(servers, MODEL, 4, hour(2), List.of("property_type_code"));
        String deployment = vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
        try {
            await("the model and feature alerts on the bus").atMost(Duration.ofSeconds(20)).until(published::size, n -> n == 2);
            await("and at the webhook").atMost(Duration.ofSeconds(20)).until(posted::size, n -> n == 1);
            assertThat(published).extracting(ModelAlert::alertKey)
                    .containsExactlyInAnyOrder(MODEL + "/v4/model_drift", MODEL + "/v4/feature_drift/property_type_code");
        } finally {
            vertx.undeploy(deployment).await(30, TimeUnit.SECONDS);
        }
        assertThat(published).as("evaluated every 100 ms, sent once").hasSize(2);
    }
}
