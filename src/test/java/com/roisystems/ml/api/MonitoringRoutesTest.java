package com.roisystems.ml.api;

import com.roisystems.ml.monitoring.profile.ServingProfile;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.monitoring.MonitoringStore;
import com.roisystems.ml.monitoring.alert.AlertEvaluator;
import com.roisystems.ml.monitoring.alert.AlertSettings;
import com.roisystems.ml.monitoring.profile.ReferenceProfile;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.scoring.ScoringVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.micrometer.backends.BackendRegistries;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import static com.roisystems.ml.monitoring.alert.MonitoringWindows.driftWindow;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.hour;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performance;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performanceWindow;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("GET /v1/monitoring/...")
class MonitoringRoutesTest {

    private static final String MODEL = "move_probability_model";
    private static final List<String> FEATURES = List.of("sessions_30d", "property_type_code");

    private static int port;

    private static JsonObject config(TestServers servers) {
        JsonObject config = servers.config().json();
        JsonObject monitoring = config.getJsonObject("monitoring", new JsonObject());
        // No background evaluation during the test: the alerts listed are the ones seeded here.
        config.put("monitoring", monitoring.put("closeIntervalMs", 3_600_000));
        return config;
    }

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) throws Exception {
        driftWindow(servers, MODEL, 4, hour(3), List.of());
        driftWindow(servers, MODEL, 4, hour(2), List.of("sessions_30d"));
        Instant yesterday = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(1, ChronoUnit.DAYS);
        driftWindow(servers, MODEL, 4, yesterday, yesterday.plus(1, ChronoUnit.DAYS), List.of("property_type_code"));
        // A day of performance that is never yesterday's day window above (at 02:xx UTC, hour(26)..hour(2) was exactly it).
        performanceWindow(servers, MODEL, 4, hour(26).minus(30, ChronoUnit.MINUTES), hour(2).minus(30, ChronoUnit.MINUTES),
                performance(812, 0.81, 852, 0.80, 0.83));
        Random random = new Random(15);
        List<double[]> rows = new ArrayList<>();
        double[] predictions = new double[2_000];
        for (int i = 0; i < predictions.length; i++) {
            rows.add(new double[] {Math.max(0, Math.round(6 + 3 * random.nextGaussian())), i % 10 == 0 ? Double.NaN : random.nextInt(4)});
            predictions[i] = random.nextDouble() * 0.5;
        }
        JsonObject config = config(servers);
        new MonitoringStore(vertx, PgPools.shared(vertx, config)).saveReference(MODEL, 4, ReferenceProfile.of(FEATURES, rows, predictions))
                .await(30, TimeUnit.SECONDS);
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
        vertx.deployVerticle(new ScoringVerticle(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                .await(30, TimeUnit.SECONDS);
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
        port = api.actualPort();
    }

    /** Two alerts of contact_timing_model, one active and one resolved (an evaluation in another test may resolve them). */
    private static void seedAlerts(TestServers servers) throws Exception {
        servers.jdbc().execute("DELETE FROM ml_alerts WHERE model_name = 'contact_timing_model'");
        servers.jdbc().execute("""
                INSERT INTO ml_alerts (alert_key, model_name, model_version, condition, feature, severity, labels, summary, description,
                    value, period_start, period_end, started_at, last_seen_at, resolved_at) VALUES
                ('contact_timing_model/v2/model_drift', 'contact_timing_model', 2, 'model_drift', NULL, 'warning', '{"alertname": "ModelDrift"}',
                    'contact_timing_model v2 drifts', 'test', 0.5, now() - interval '2 hours', now() - interval '1 hour', now(), now(), NULL),
                ('contact_timing_model/v2/prediction_drift', 'contact_timing_model', 2, 'prediction_drift', NULL, 'warning', '{"alertname": "ModelPredictionDrift"}',
                    'predictions drifted', 'test', 0.2, now() - interval '5 hours', now() - interval '4 hours', now() - interval '4 hours',
                    now() - interval '4 hours', now() - interval '3 hours')""");
    }

    private static HttpResponse<Buffer> get(Vertx vertx, String token, String path) throws Exception {
        WebClient client = token == null ? WebClient.create(vertx) : TestTokens.webClient(vertx, token);
        return client.get(port, "127.0.0.1", path).send().await(30, TimeUnit.SECONDS);
    }

    private static JsonObject ok(Vertx vertx, String path) throws Exception {
        HttpResponse<Buffer> response = get(vertx, TestTokens.monitor(), path);
        assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject();
    }

    private static String encoded(Instant instant) {
        return URLEncoder.encode(instant.toString(), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("drift: each hourly window oldest first with rows, decision, drifted features and every feature's metrics; window=day, limit and from select")
    void drift(Vertx vertx) throws Exception {
        JsonObject body = ok(vertx, "/v1/monitoring/" + MODEL + "/drift");
        JsonArray windows = body.getJsonArray("windows");
        assertThat(windows).hasSize(2);
        JsonObject latest = windows.getJsonObject(1);
        assertThat(latest.getString("period_start")).isEqualTo(hour(2).toString());
        assertThat(latest.getString("period_end")).isEqualTo(hour(1).toString());
        assertThat(latest.getLong("rows")).isEqualTo(812);
        assertThat(latest.getBoolean("drift_detected")).isTrue();
        assertThat(latest.getJsonArray("drifted_features")).containsExactly("sessions_30d");
        assertThat(latest.getJsonObject("features").getJsonObject("sessions_30d").getDouble("psi")).isEqualTo(0.31);
        assertThat(latest.getJsonObject("features").getJsonObject("property_type_code").getBoolean("drifted")).isFalse();
        assertThat(windows.getJsonObject(0).getBoolean("drift_detected")).isFalse();
        assertThat(body.getBoolean("truncated")).isFalse();

        JsonArray days = ok(vertx, "/api/ml/v1/monitoring/" + MODEL + "/drift?window=day&from=" + LocalDates.daysAgo(3)).getJsonArray("windows");
        assertThat(days).hasSize(1);
        assertThat(days.getJsonObject(0).getJsonArray("drifted_features")).containsExactly("property_type_code");

        JsonObject limited = ok(vertx, "/v1/monitoring/" + MODEL + "/drift?limit=1");
        assertThat(limited.getJsonArray("windows")).hasSize(1);
        assertThat(limited.getJsonArray("windows").getJsonObject(0).getString("period_start")).isEqualTo(hour(2).toString());
        assertThat(limited.getBoolean("truncated")).isTrue();
        assertThat(ok(vertx, "/v1/monitoring/" + MODEL + "/drift?from=" + encoded(hour(2))).getJsonArray("windows")).hasSize(1);
        assertThat(ok(vertx, "/v1/monitoring/" + MODEL + "/drift?to=" + encoded(hour(2))).getJsonArray("windows")).hasSize(1);
    }

    @Test
    @DisplayName("performance: realised and estimated side by side with the reference")
    void performanceRoute(Vertx vertx) throws Exception {
        JsonArray windows = ok(vertx, "/v1/monitoring/" + MODEL + "/performance?from=" + LocalDates.daysAgo(3)).getJsonArray("windows");
        assertThat(windows).hasSize(1);
        JsonObject window = windows.getJsonObject(0);
        assertThat(window.getJsonObject("realised").getLong("labelled")).isEqualTo(812);
        assertThat(window.getJsonObject("estimated").getString("method")).isEqualTo("CBPE");
        assertThat(window.getJsonObject("side_by_side").getJsonObject("auc").getMap())
                .containsEntry("realised", 0.81).containsEntry("estimated", 0.80).containsEntry("reference", 0.83);
        assertThat(ok(vertx, "/v1/monitoring/contact_timing_model/performance").getJsonArray("windows")).isEmpty();
    }

    @Test
    @DisplayName("reference: the profile summarised per feature (count, null rate, quantiles, top categories), never sketch bytes")
    void reference(Vertx vertx) throws Exception {
        JsonObject body = ok(vertx, "/v1/monitoring/" + MODEL + "/reference");
        assertThat(body.getInteger("model_version")).isEqualTo(4);
        assertThat(body.getLong("rows")).isEqualTo(2_000);
        JsonObject sessions = body.getJsonArray("features").getJsonObject(0);
        assertThat(sessions.getString("name")).isEqualTo("sessions_30d");
        assertThat(sessions.getLong("count")).isEqualTo(2_000);
        assertThat(sessions.getJsonObject("quantiles").getDouble("p50")).isBetween(5.0, 7.0);
        JsonObject type = body.getJsonArray("features").getJsonObject(1);
        assertThat(type.getString("kind")).isEqualTo("CATEGORICAL");
        assertThat(type.getDouble("null_rate")).isEqualTo(0.1);
        assertThat(type.getJsonArray("top_categories")).hasSize(4);
        assertThat(body.getJsonObject("prediction").getJsonObject("quantiles").getDouble("max")).isLessThan(0.5);
        assertThat(body.encode()).doesNotContain("\"kll\"").doesNotContain("\"items\"");
        assertThat(ok(vertx, "/v1/monitoring/" + MODEL + "/reference?version=v4").getInteger("model_version")).isEqualTo(4);

        HttpResponse<Buffer> missing = get(vertx, TestTokens.monitor(), "/v1/monitoring/" + MODEL + "/reference?version=9");
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("message")).contains(MODEL, "version 9");
        assertBadField(vertx, "/v1/monitoring/" + MODEL + "/reference?version=latest-ish", "version");
    }

    @Test
    @DisplayName("alerts: active or resolved, of one model or all")
    void alerts(Vertx vertx, TestServers servers) throws Exception {
        seedAlerts(servers);
        JsonArray active = ok(vertx, "/v1/monitoring/alerts?state=active&model=contact_timing_model").getJsonArray("alerts");
        assertThat(active).hasSize(1);
        assertThat(active.getJsonObject(0).getString("alert_key")).isEqualTo("contact_timing_model/v2/model_drift");
        assertThat(active.getJsonObject(0).getString("state")).isEqualTo("active");
        JsonArray resolved = ok(vertx, "/v1/monitoring/alerts?state=resolved&model=contact_timing_model").getJsonArray("alerts");
        assertThat(resolved).hasSize(1);
        assertThat(resolved.getJsonObject(0).getString("resolved_at")).isNotNull();
        assertThat(ok(vertx, "/v1/monitoring/alerts?model=contact_timing_model").getJsonArray("alerts")).hasSize(2);
        assertThat(ok(vertx, "/v1/monitoring/alerts?model=contact_timing_model&limit=1").getBoolean("truncated")).isTrue();
        assertThat(ok(vertx, "/v1/monitoring/alerts?model=property_value_model").getJsonArray("alerts")).isEmpty();
    }

    @Test
    @DisplayName("answers 400 naming from, to, window, limit or state when malformed, and 404 naming an unknown model")
    void badInput(Vertx vertx) throws Exception {
        String drift = "/v1/monitoring/" + MODEL + "/drift";
        assertBadField(vertx, drift + "?from=yesterday", "from");
        assertBadField(vertx, drift + "?to=2026-13-45", "to");
        assertBadField(vertx, drift + "?from=" + encoded(hour(1)) + "&to=" + encoded(hour(2)), "from");
        assertBadField(vertx, drift + "?window=week", "window");
        assertBadField(vertx, drift + "?limit=abc", "limit");
        assertBadField(vertx, drift + "?limit=0", "limit");
        assertBadField(vertx, drift + "?limit=5001", "limit");
        assertBadField(vertx, "/v1/monitoring/" + MODEL + "/performance?from=soon", "from");
        assertBadField(vertx, "/v1/monitoring/" + MODEL + "/performance?limit=-1", "limit");
        assertBadField(vertx, "/v1/monitoring/alerts?state=open", "state");
        assertBadField(vertx, "/v1/monitoring/alerts?limit=many", "limit");
        for (String path : List.of("/v1/monitoring/nope_model/drift", "/v1/monitoring/nope_model/performance",
                "/v1/monitoring/nope_model/reference", "/v1/monitoring/alerts?model=nope_model")) {
            HttpResponse<Buffer> response = get(vertx, TestTokens.monitor(), path);
            assertThat(response.statusCode()).as(path).isEqualTo(404);
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("unknown_model");
            assertThat(error.getString("message")).contains("nope_model");
        }
    }

    private static void assertBadField(Vertx vertx, String path, String field) throws Exception {
        HttpResponse<Buffer> response = get(vertx, TestTokens.monitor(), path);
        assertThat(response.statusCode()).as(path + ": " + response.bodyAsString()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("field")).as(path).isEqualTo(field);
        assertThat(error.getString("message")).startsWith(field + ":");
    }

    @Test
    @DisplayName("answers 401 without a token and 403 to a client token; admin and monitor may read")
    void roles(Vertx vertx) throws Exception {
        for (String path : List.of("/v1/monitoring/" + MODEL + "/drift", "/v1/monitoring/" + MODEL + "/performance",
                "/v1/monitoring/" + MODEL + "/reference", "/v1/monitoring/alerts")) {
            assertThat(get(vertx, null, path).statusCode()).as(path).isEqualTo(401);
            HttpResponse<Buffer> client = get(vertx, TestTokens.client(), path);
            assertThat(client.statusCode()).as(path).isEqualTo(403);
            assertThat(client.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("'admin' or 'monitor'");
            assertThat(get(vertx, TestTokens.admin(), path).statusCode()).as(path).isEqualTo(200);
            assertThat(get(vertx, TestTokens.monitor(), path).statusCode()).as(path).isEqualTo(200);
        }
    }

    @Test
    @DisplayName("model health carries the latest window's drifted features and period and the latest realised and estimated performance")
    void health(Vertx vertx) throws Exception {
        JsonObject health = ok(vertx, "/v1/models/" + MODEL + "/health");
        assertThat(health.getBoolean("drift_detected")).isTrue();
        assertThat(health.getJsonArray("drifted_features")).containsExactly("sessions_30d");
        assertThat(health.getJsonObject("drift_window").getString("period_start")).isEqualTo(hour(2).toString());
        assertThat(health.getJsonObject("drift_window").getInteger("model_version")).isEqualTo(4);
        assertThat(health.getJsonObject("performance").getJsonObject("realised").getDouble("auc")).isEqualTo(0.81);
        assertThat(health.getJsonObject("performance").getJsonObject("estimated").getDouble("auc")).isEqualTo(0.80);

        JsonObject quiet = ok(vertx, "/v1/models/property_value_model/health");
        assertThat(quiet.getBoolean("drift_detected")).isFalse();
        assertThat(quiet.getJsonArray("drifted_features")).isEmpty();
        assertThat(quiet.containsKey("drift_window")).isFalse();
        assertThat(quiet.containsKey("performance")).isFalse();
    }

    @Test
    @DisplayName("exports the latest window's drift, decision and open alerts as gauges at /metrics")
    void gaugesAtMetrics(TestServers servers) throws Exception {
        Vertx withMetrics = ServiceRuntime.createVertx();
        try {
            JsonObject config = config(servers);
            HttpApiVerticle scraped = new HttpApiVerticle();
            withMetrics.deployVerticle(scraped, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
            AlertEvaluator evaluator = new AlertEvaluator(withMetrics, PgPools.shared(withMetrics, config), AlertSettings.of(config),
                    BackendRegistries.getDefaultNow());
            evaluator.evaluate(Instant.now()).await(30, TimeUnit.SECONDS);
            String metrics = TestTokens.webClient(withMetrics, TestTokens.monitor()).get(scraped.actualPort(), "127.0.0.1", "/metrics").send()
                    .await(30, TimeUnit.SECONDS).bodyAsString();
            assertThat(metrics).contains(
                    "roi_model_feature_drift{feature=\"sessions_30d\",metric=\"psi\",model=\"move_probability_model\",version=\"4\"} 0.31",
                    "roi_model_feature_drift{feature=\"sessions_30d\",metric=\"ks_statistic\",model=\"move_probability_model\",version=\"4\"} 0.22",
                    "roi_model_drift_detected{model=\"move_probability_model\"} 1.0",
                    "roi_model_auc{kind=\"realised\",model=\"move_probability_model\"} 0.81",
                    "roi_model_auc{kind=\"estimated\",model=\"move_probability_model\"} 0.8",
                    "roi_model_alerts_active{model=\"move_probability_model\"} 2.0");
        } finally {
            withMetrics.close().await(30, TimeUnit.SECONDS);
        }
    }

    /** Dates for query strings. */
    private static final class LocalDates {

        static String daysAgo(int days) {
            return Instant.now().truncatedTo(ChronoUnit.DAYS).minus(days, ChronoUnit.DAYS).toString().substring(0, 10);
        }
    }
    @Test
    @DisplayName("PUT /v1/admin/monitoring/{model}/reference: a served period becomes the version's reference (admin); 400 naming the field, 404 unknown model, 409 no window, 403 monitor")
    void adoptServedPeriodAsReference(Vertx vertx, TestServers servers) throws Exception {
        MonitoringStore store = new MonitoringStore(vertx, PgPools.shared(vertx, config(servers)));
        Instant start = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(10, ChronoUnit.HOURS);
        for (int window = 0; window < 3; window++) {
            Profile served = Profile.empty(200);
            for (int i = 0; i < 100; i++) {
                served.record(java.util.Map.of("sessions_30d", 20.0 + i % 5), 0.9, null);
            }
            store.mergeServing(new ServingProfile("property_value_model", 7, start.plus(window, ChronoUnit.HOURS),
                    start.plus(window + 1, ChronoUnit.HOURS), served)).await(30, TimeUnit.SECONDS);
        }
        WebClient admin = TestTokens.webClient(vertx, TestTokens.admin());
        String path = "/v1/admin/monitoring/property_value_model/reference";
        HttpResponse<Buffer> adopted = admin.put(port, "127.0.0.1", path).sendJsonObject(new JsonObject().put("version", 7)
                .put("from", start.toString()).put("to", start.plus(2, ChronoUnit.HOURS).toString())).await(30, TimeUnit.SECONDS);
        assertThat(adopted.statusCode()).as(adopted.bodyAsString()).isEqualTo(200);
        assertThat(adopted.bodyAsJsonObject().getInteger("windows")).isEqualTo(2);
        assertThat(adopted.bodyAsJsonObject().getLong("rows")).isEqualTo(200);
        JsonObject reference = ok(vertx, "/v1/monitoring/property_value_model/reference?version=7");
        assertThat(reference.getLong("rows")).isEqualTo(200);
        assertThat(reference.getJsonObject("prediction").getLong("count")).isEqualTo(200);

        for (JsonObject bad : List.of(new JsonObject().put("from", start.toString()), new JsonObject().put("version", 7),
                new JsonObject().put("version", "x").put("from", start.toString()),
                new JsonObject().put("version", 7).put("from", start.toString()).put("to", start.minus(1, ChronoUnit.HOURS).toString()))) {
            HttpResponse<Buffer> refused = admin.put(port, "127.0.0.1", path).sendJsonObject(bad).await(30, TimeUnit.SECONDS);
            assertThat(refused.statusCode()).as(bad.encode()).isEqualTo(400);
            assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("field")).isIn("version", "from");
        }
        JsonObject someday = new JsonObject().put("version", 7).put("from", "2020-01-01").put("to", "2020-01-02");
        assertThat(admin.put(port, "127.0.0.1", path).sendJsonObject(someday).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(409);
        assertThat(admin.put(port, "127.0.0.1", "/v1/admin/monitoring/no_such_model/reference").sendJsonObject(someday)
                .await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(404);
        assertThat(TestTokens.webClient(vertx, TestTokens.monitor()).put(port, "127.0.0.1", path).sendJsonObject(someday)
                .await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    }
}
