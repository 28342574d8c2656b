package com.roisystems.ml.scoring;

import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureVerticle;
import com.roisystems.ml.ingest.IngestServiceVerticle;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.registry.LoadedModel;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.NewModelVersion;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.simulate.SimTenants;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.TrainingOptions;
import com.roisystems.ml.training.ModelTrainer;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Prediction serving")
class PredictionServingTest {

    private static final Logger log = LoggerFactory.getLogger(PredictionServingTest.class);
    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(1_500).withSeed(8)
            .withStartMonth(SimulationParameters.monthsEndingNow(36));

    private static TestServers servers;
    private static ModelTrainer training;
    private static WebClient client;
    private static int port;

    @BeforeAll
    static void platformWithModels(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        training = new ModelTrainer(vertx, PgPools.shared(vertx, config.json()), config, line -> log.info("{}", line));
        for (PredictionType type : PredictionType.values()) {
            training.train(type, TrainingOptions.defaults().withContactUsers(300).withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
        }
        JsonObject json = config.json();
        json.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        json.put("features", new JsonObject().put("coalesceMs", 20));
        deploy(vertx, new PredictionLogVerticle(), json, false);
        deploy(vertx, new FeatureVerticle(), json, false);
        deploy(vertx, new IngestServiceVerticle(), json, false);
        vertx.deployVerticle(ScoringVerticle.class.getName(), new DeploymentOptions().setConfig(json).setInstances(2)
                .setThreadingModel(ThreadingModel.WORKER)).await(120, TimeUnit.SECONDS);
        HttpApiVerticle api = new HttpApiVerticle();
        deploy(vertx, api, json, false);
        port = api.actualPort();
        client = TestTokens.webClient(vertx, TestTokens.all());
    }

    /**
     * Every test starts with a Production model of each type, served by every scoring instance, whatever
     * ran before it: a type whose Production version was archived gets its latest version back.
     */
    @BeforeEach
    void everyTypeServedFromProduction() throws Exception {
        ModelRegistry registry = training.registry();
        List<ModelVersion> production = registry.productionModels().await(30, TimeUnit.SECONDS);
        for (PredictionType type : PredictionType.values()) {
            ModelVersion serving = production.stream().filter(version -> version.name().equals(type.modelName())).findFirst().orElse(null);
            if (serving == null) {
                ModelVersion latest = registry.find(type.modelName(), "latest").await(30, TimeUnit.SECONDS);
                if (latest.stage() == Stage.ARCHIVED) {
                    registry.promote(latest.name(), latest.version(), Stage.STAGING, "tests", "restored for the next test").await(30, TimeUnit.SECONDS);
                }
                serving = registry.promote(latest.name(), latest.version(), Stage.PRODUCTION, "tests", "restored for the next test")
                        .await(30, TimeUnit.SECONDS);
            }
            awaitServedEverywhere(serving);
        }
    }

    /** Until the scoring instances (health requests go round-robin over them) all report {@code version} deployed. */
    private static void awaitServedEverywhere(ModelVersion version) {
        await(version.name() + " " + version.label() + " served by every scoring instance").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> {
                    for (int i = 0; i < 4; i++) {
                        JsonObject health = client.get(port, "127.0.0.1", "/v1/models/" + version.name() + "/health").send()
                                .await(30, TimeUnit.SECONDS).bodyAsJsonObject();
                        assertThat(health.getString("status")).isEqualTo("DEPLOYED");
                        assertThat(health.getString("model_version")).isEqualTo(version.label());
                    }
                });
    }

    private static void deploy(Vertx vertx, io.vertx.core.Deployable verticle, JsonObject config, boolean worker) throws Exception {
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> post(String path, Object body) throws Exception {
        return client.post(port, "127.0.0.1", path).sendJson(body).await(60, TimeUnit.SECONDS);
    }

    private static JsonObject request(String user) {
        return new JsonObject().put("entity_id", user).put("entity_type", "USER").put("features", null);
    }

    @Test
    @DisplayName("answers each of the four predictions for a simulated user, explained and logged with its SHAP values")
    void fourPredictions() throws Exception {
        HttpResponse<Buffer> move = post("/api/ml/v1/predict/move-probability", request("user_17").put("prediction_type", "MOVE_PROBABILITY"));
        assertThat(move.statusCode()).as(move.bodyAsString()).isEqualTo(200);
        JsonObject answer = move.bodyAsJsonObject();
        assertThat(answer.getString("prediction_id")).startsWith("pred_");
        assertThat(answer.getString("entity_id")).isEqualTo("user_17");
        assertThat(answer.getDouble("predicted_value")).isBetween(0.0, 1.0);
        assertThat(answer.getString("predicted_class")).isIn("HIGH", "MEDIUM", "LOW");
        assertThat(answer.getString("model_version")).matches("v\\d+");
        assertThat(answer.getJsonArray("top_features")).hasSize(5);
        JsonObject top = answer.getJsonArray("top_features").getJsonObject(0);
        assertThat(top.getString("feature_name")).isNotBlank();
        assertThat(top.getDouble("contribution")).isNotNull();

        JsonObject type = post("/v1/predict/transaction-type", request("user_17")).bodyAsJsonObject();
        assertThat(type.getString("predicted_class")).isIn("BUY", "SELL", "REFINANCE", "INVESTMENT");
        assertThat(type.getJsonObject("class_probabilities").fieldNames()).isNotEmpty();
        double total = type.getJsonObject("class_probabilities").stream().mapToDouble(e -> ((Number) e.getValue()).doubleValue()).sum();
        assertThat(total).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-3));

        JsonObject timing = post("/v1/predict/contact-timing", request("user_17")).bodyAsJsonObject();
        assertThat(timing.getString("best_day")).isIn("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY");
        assertThat(timing.getInteger("best_hour")).isBetween(0, 23);
        assertThat(timing.getJsonArray("alternatives")).hasSize(5);

        JsonObject value = post("/v1/predict/property-value", request("user_17")).bodyAsJsonObject();
        assertThat(value.getLong("predicted_value")).isPositive();
        assertThat(value.getJsonObject("interval").getLong("lower")).isLessThanOrEqualTo(value.getLong("predicted_value"));
        assertThat(value.getJsonObject("interval").getLong("upper")).isGreaterThanOrEqualTo(value.getLong("predicted_value"));
        assertThat(value.getJsonObject("forecast").getInteger("horizon_months")).isPositive();

        String id = answer.getString("prediction_id");
        awaitCount("SELECT count(*) FROM ml_predictions WHERE prediction_id = '" + id + "' AND shap_values->'contributions' IS NOT NULL", 1);
    }

    @Test
    @DisplayName("takes features from the request when given, and names an unknown or missing feature")
    void requestFeatures() throws Exception {
        JsonObject fromStore = post("/v1/predict/move-probability", request("user_21")).bodyAsJsonObject();
        ModelVersion production = training.registry().find("move_probability_model", "Production").await(30, TimeUnit.SECONDS);
        JsonObject features = new JsonObject();
        production.featureNames().forEach(name -> features.put(name, 1.0));
        HttpResponse<Buffer> given = post("/v1/predict/move-probability", request("user_21").put("features", features));
        assertThat(given.statusCode()).as(given.bodyAsString()).isEqualTo(200);
        assertThat(given.bodyAsJsonObject().getJsonObject("features_status").getString("source")).isEqualTo("request");
        assertThat(fromStore.getJsonObject("features_status").getString("source")).isNotEqualTo("request");

        HttpResponse<Buffer> unknown = post("/v1/predict/move-probability", request("user_21").put("features", features.copy().put("shoe_size", 42)));
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("features.shoe_size");

        JsonObject partial = features.copy();
        String dropped = production.featureNames().get(0);
        partial.remove(dropped);
        HttpResponse<Buffer> missing = post("/v1/predict/move-probability", request("user_21").put("features", partial));
        assertThat(missing.statusCode()).isEqualTo(400);
        assertThat(missing.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("features." + dropped);

        HttpResponse<Buffer> wrongType = post("/v1/predict/move-probability", request("user_21").put("features", features.copy().put(dropped, "lots")));
        assertThat(wrongType.statusCode()).isEqualTo(400);
        assertThat(wrongType.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("features." + dropped);
    }

    @Test
    @DisplayName("answers 400, 404 and 413 as JSON naming the cause")
    void errors() throws Exception {
        HttpResponse<Buffer> noEntity = post("/v1/predict/move-probability", new JsonObject().put("entity_type", "USER"));
        assertThat(noEntity.statusCode()).isEqualTo(400);
        assertThat(noEntity.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("entity_id");

        HttpResponse<Buffer> badDate = post("/v1/predict/move-probability", request("user_3").put("as_of_date", "last tuesday"));
        assertThat(badDate.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("as_of_date");

        HttpResponse<Buffer> unsupported = post("/v1/predict/divorce-probability", request("user_3"));
        assertThat(unsupported.statusCode()).isEqualTo(400);
        assertThat(unsupported.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("prediction_type");

        HttpResponse<Buffer> unknownUser = post("/v1/predict/move-probability", request("user_99999999"));
        assertThat(unknownUser.statusCode()).as(unknownUser.bodyAsString()).isEqualTo(404);

        HttpResponse<Buffer> notJson = client.post(port, "127.0.0.1", "/v1/predict/move-probability").sendBuffer(Buffer.buffer("{oops")).await(30, TimeUnit.SECONDS);
        assertThat(notJson.statusCode()).isEqualTo(400);
        assertThat(notJson.bodyAsString()).doesNotContain("Exception");

        JsonArray tooMany = new JsonArray();
        for (int i = 0; i < 1_001; i++) {
            tooMany.add(request("user_1").put("prediction_type", "MOVE_PROBABILITY"));
        }
        HttpResponse<Buffer> oversized = post("/v1/predict/batch", new JsonObject().put("requests", tooMany));
        assertThat(oversized.statusCode()).isEqualTo(413);
    }

    @Test
    @DisplayName("answers a mixed batch item by item: failing items carry their own error, the others succeed")
    void mixedBatch() throws Exception {
        JsonArray requests = new JsonArray()
                .add(request("user_5").put("prediction_type", "MOVE_PROBABILITY"))
                .add(request("user_6").put("prediction_type", "TRANSACTION_TYPE"))
                .add(request("user_7").put("prediction_type", "TELEPATHY"))
                .add(new JsonObject().put("prediction_type", "CONTACT_TIMING"))
                .add(request("user_99999999").put("prediction_type", "PROPERTY_VALUE"))
                .add(request("user_8").put("prediction_type", "PROPERTY_VALUE"));
        HttpResponse<Buffer> response = post("/v1/predict/batch", new JsonObject().put("requests", requests));
        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
        assertThat(results).hasSize(6);
        assertThat(results.getJsonObject(0).getString("prediction_id")).startsWith("pred_");
        assertThat(results.getJsonObject(1).getString("predicted_class")).isNotBlank();
        assertThat(results.getJsonObject(2).getJsonObject("error").getString("field")).isEqualTo("prediction_type");
        assertThat(results.getJsonObject(3).getJsonObject("error").getString("field")).isEqualTo("entity_id");
        assertThat(results.getJsonObject(4).getInteger("status")).isEqualTo(404);
        assertThat(results.getJsonObject(5).getLong("predicted_value")).isPositive();
        assertThat(response.bodyAsJsonObject().getInteger("failed")).isEqualTo(3);
    }

    @Test
    @DisplayName("hot-swaps a newly promoted version under concurrent requests without failing one")
    void hotSwap(Vertx vertx) throws Exception {
        ModelVersion current = training.registry().find("move_probability_model", "Production").await(30, TimeUnit.SECONDS);
        LoadedModel loaded = training.registry().load(current.name(), String.valueOf(current.version())).await(30, TimeUnit.SECONDS);
        ModelVersion candidate = training.registry().register(new NewModelVersion(current.name(), current.predictionType(), current.modelType(),
                current.algorithm(), loaded.artifact(), current.formatVersion(), current.metrics(), current.parameters(),
                current.tags().copy().put("retrained", true), current.featureNames(), current.provenance(), "tests")).await(30, TimeUnit.SECONDS);

        List<Future<HttpResponse<Buffer>>> inFlight = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            inFlight.add(client.post(port, "127.0.0.1", "/v1/predict/move-probability").sendJson(request("user_" + (1 + i % 200))));
            if (i == 100) {
                training.registry().promote(candidate.name(), candidate.version(), Stage.PRODUCTION, "tests", "hot swap").await(30, TimeUnit.SECONDS);
            }
        }
        Future.join(inFlight).await(120, TimeUnit.SECONDS);
        assertThat(inFlight).allSatisfy(f -> assertThat(f.result().statusCode()).as(f.result().bodyAsString()).isEqualTo(200));
        awaitServedEverywhere(candidate);
        JsonObject after = post("/v1/predict/move-probability", request("user_1")).bodyAsJsonObject();
        assertThat(after.getString("model_version")).isEqualTo(candidate.label());
    }

    @Test
    @DisplayName("503 names the prediction type that has no Production model")
    void noProductionModel() throws Exception {
        ModelVersion value = training.registry().find("property_value_model", "Production").await(30, TimeUnit.SECONDS);
        training.registry().promote(value.name(), value.version(), Stage.ARCHIVED, "tests", "outage drill").await(30, TimeUnit.SECONDS);
        HttpResponse<Buffer> response = await("property-value stops answering 200 once its Production model is archived")
                .atMost(Duration.ofSeconds(10))
                .until(() -> post("/v1/predict/property-value", request("user_2")), answer -> answer.statusCode() != 200);
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("PROPERTY_VALUE");
    }

    @Test
    @DisplayName("WebSocket: answers a request by correlation id, and pushes a fresh prediction when an event arrives for a subscribed user")
    void webSocket(Vertx vertx) throws Exception {
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = vertx.createWebSocketClient().connect(TestTokens.withToken(new WebSocketConnectOptions(), TestTokens.all()).setPort(port).setHost("127.0.0.1")
                .setURI("/v1/ws/predictions").setAllowOriginHeader(false)).await(30, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));

        socket.writeTextMessage(new JsonObject().put("type", "predict").put("id", "c-1")
                .put("request", request("user_30").put("prediction_type", "MOVE_PROBABILITY")).encode()).await(10, TimeUnit.SECONDS);
        JsonObject reply = frames.poll(30, TimeUnit.SECONDS);
        assertThat(reply.getString("type")).isEqualTo("prediction");
        assertThat(reply.getString("id")).isEqualTo("c-1");
        assertThat(reply.getJsonObject("result").getString("entity_id")).isEqualTo("user_30");

        socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "c-2").put("entity_ids", new JsonArray().add("user_31"))
                .put("prediction_types", new JsonArray().add("MOVE_PROBABILITY")).encode()).await(10, TimeUnit.SECONDS);
        assertThat(frames.poll(30, TimeUnit.SECONDS).getString("type")).isEqualTo("subscribed");

        JsonObject event = new JsonObject().put("event_id", UUID.randomUUID().toString()).put("event_type", "document.viewed")
                .put("entity_type", "USER").put("entity_id", "user_31").put("occurred_at", Instant.now().minusSeconds(5).toString())
                .put("tenant_id", SimTenants.of(PLATFORM.seed(), 31))
                .put("schema_version", 1).put("payload", new JsonObject().put("document_id", "doc_ws").put("document_type", "HOME_VALUE_REPORT"));
        assertThat(post("/v1/events", event).statusCode()).isEqualTo(202);
        JsonObject push = frames.poll(30, TimeUnit.SECONDS);
        assertThat(push).as("a pushed prediction").isNotNull();
        assertThat(push.getString("type")).isEqualTo("push");
        assertThat(push.getString("entity_id")).isEqualTo("user_31");
        assertThat(push.getJsonObject("prediction").getString("prediction_type")).isEqualTo("MOVE_PROBABILITY");

        socket.writeTextMessage("{not json").await(10, TimeUnit.SECONDS);
        JsonObject error = frames.poll(30, TimeUnit.SECONDS);
        assertThat(error.getString("type")).isEqualTo("error");
        socket.close();
    }

    @Test
    @DisplayName("reports model health and links feedback to a served prediction")
    void healthAndFeedback() throws Exception {
        JsonObject served = post("/v1/predict/move-probability", request("user_40")).bodyAsJsonObject();
        // The served prediction in ml_predictions proves the log has it before its counters are asked for.
        awaitCount("SELECT count(*) FROM ml_predictions WHERE prediction_id = '" + served.getString("prediction_id") + "'", 1);
        HttpResponse<Buffer> health = client.get(port, "127.0.0.1", "/api/ml/v1/models/move_probability_model/health").send().await(30, TimeUnit.SECONDS);
        assertThat(health.statusCode()).isEqualTo(200);
        JsonObject body = health.bodyAsJsonObject();
        assertThat(body.getString("status")).isEqualTo("DEPLOYED");
        assertThat(body.getLong("prediction_count")).isPositive();
        assertThat(body.getBoolean("drift_detected")).as("no monitoring window closed yet").isFalse();
        assertThat(body.getString("last_prediction_at")).isNotNull();
        // A closed monitoring window that drifted (as monitoring.DriftWindowJob writes it) is what the endpoint then reports.
        servers.jdbc().execute("INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end, feature_drift, drift_detected) "
                + "VALUES ('move_probability_model', 1, now() - interval '2 hours', now() - interval '1 hour', "
                + "'{\"_summary\": {\"drifted_features\": [\"sessions_30d\"]}}', true)");
        try {
            JsonObject drifting = client.get(port, "127.0.0.1", "/api/ml/v1/models/move_probability_model/health").send()
                    .await(30, TimeUnit.SECONDS).bodyAsJsonObject();
            assertThat(drifting.getBoolean("drift_detected")).isTrue();
        } finally {
            servers.jdbc().execute("DELETE FROM ml_monitoring WHERE feature_drift -> '_summary' IS NOT NULL");
        }
        assertThat(client.get(port, "127.0.0.1", "/v1/models/nope_model/health").send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(404);

        HttpResponse<Buffer> feedback = post("/v1/feedback", new JsonObject().put("prediction_id", served.getString("prediction_id")).put("actual_class", "LOW"));
        assertThat(feedback.statusCode()).as(feedback.bodyAsString()).isEqualTo(200);
        assertThat(post("/v1/feedback", new JsonObject().put("prediction_id", "pred_none").put("actual_value", 1)).statusCode()).isEqualTo(404);
    }

    /** The first simulated user of {@code tenant}. */
    private static String userOf(String tenant) {
        for (int n = 1; n <= PLATFORM.users(); n++) {
            if (SimTenants.of(PLATFORM.seed(), n).equals(tenant)) {
                return "user_" + n;
            }
        }
        throw new IllegalStateException("no user of " + tenant);
    }

    private static ServiceFailure failureOf(Future<?> reply) {
        assertThatThrownBy(() -> reply.await(60, TimeUnit.SECONDS)).as("a failed reply").isNotNull();
        return ServiceFailure.from(reply.cause(), "the test");
    }

    private static PredictionRequest move(String user, String tenant) {
        return PredictionRequest.parse(request(user), PredictionType.MOVE_PROBABILITY).withTenant(tenant);
    }

    @Test
    @DisplayName("tenants: an acme request for a globex user is 404 NOT_FOUND on predict, per batch item and on feedback; "
            + "globex's or a platform-wide request is served, and the log keeps the prediction's tenant")
    void tenantsSeeOnlyTheirOwnUsers(Vertx vertx) throws Exception {
        String acmeUser = userOf(SimTenants.ACME);
        String globexUser = userOf(SimTenants.GLOBEX);

        ServiceFailure crossed = failureOf(Bus.request(vertx, ScoringContract.PREDICT, move(globexUser, SimTenants.ACME)));
        assertThat(crossed.code()).isEqualTo(FailureCode.NOT_FOUND);
        ServiceFailure forged = failureOf(Bus.request(vertx, ScoringContract.PREDICT,
                PredictionRequest.parse(request(globexUser).put("tenant_id", SimTenants.GLOBEX), PredictionType.MOVE_PROBABILITY)
                        .withTenant(SimTenants.ACME)));
        assertThat(forged.code()).as("a body's tenant_id is not the caller's").isEqualTo(FailureCode.NOT_FOUND);
        Prediction own = Bus.request(vertx, ScoringContract.PREDICT, move(globexUser, SimTenants.GLOBEX)).await(60, TimeUnit.SECONDS);
        Prediction platformWide = Bus.request(vertx, ScoringContract.PREDICT, move(globexUser, null)).await(60, TimeUnit.SECONDS);
        awaitCount("SELECT count(*) FROM ml_predictions WHERE tenant_id = 'globex' AND prediction_id IN ('" + own.predictionId()
                + "', '" + platformWide.predictionId() + "')", 2);

        BatchPrediction.Request batch = BatchPrediction.Request.fromJson(new JsonObject().put("requests", new JsonArray()
                .add(request(acmeUser).put("prediction_type", "MOVE_PROBABILITY"))
                .add(request(globexUser).put("prediction_type", "MOVE_PROBABILITY")))).withTenant(SimTenants.ACME);
        BatchPrediction.Result results = Bus.request(vertx, ScoringContract.PREDICT_BATCH, batch).await(60, TimeUnit.SECONDS);
        assertThat(results.results().get(0).prediction()).as("acme's own user").isNotNull();
        assertThat(results.results().get(1).failure().code()).isEqualTo(FailureCode.NOT_FOUND);
        assertThat(results.toJson().getJsonArray("results").getJsonObject(1).getInteger("status")).isEqualTo(404);

        PredictionLogContract.Feedback outcome = PredictionLogContract.Feedback.fromJson(new JsonObject()
                .put("prediction_id", own.predictionId()).put("actual_class", "LOW"));
        ServiceFailure otherTenantsFeedback = failureOf(Bus.request(vertx, PredictionLogContract.FEEDBACK, outcome.withTenant(SimTenants.ACME)));
        assertThat(otherTenantsFeedback.code()).isEqualTo(FailureCode.NOT_FOUND);
        assertThat(servers.jdbc().count("SELECT count(*) FROM ml_predictions WHERE prediction_id = ? AND feedback_at IS NULL", own.predictionId()))
                .as("acme's feedback left globex's prediction alone").isEqualTo(1);
        assertThat(Bus.request(vertx, PredictionLogContract.FEEDBACK, outcome.withTenant(SimTenants.GLOBEX)).await(30, TimeUnit.SECONDS)
                .predictionId()).isEqualTo(own.predictionId());
    }

    @Test
    @DisplayName("tenants over HTTP and WebSocket: an acme client token gets 404 for a globex user on predict, batch item, feedback "
            + "and a WebSocket predict; its own users are served; a forged tenant_id in the body changes nothing")
    void tenantTokensSeeOnlyTheirOwnUsers(Vertx vertx) throws Exception {
        String acmeUser = userOf(SimTenants.ACME);
        String globexUser = userOf(SimTenants.GLOBEX);
        WebClient acme = TestTokens.webClient(vertx, TestTokens.client(SimTenants.ACME));
        WebClient globex = TestTokens.webClient(vertx, TestTokens.client(SimTenants.GLOBEX));

        HttpResponse<Buffer> crossed = acme.post(port, "127.0.0.1", "/v1/predict/move-probability").sendJson(request(globexUser))
                .await(60, TimeUnit.SECONDS);
        assertThat(crossed.statusCode()).as(crossed.bodyAsString()).isEqualTo(404);
        assertThat(crossed.bodyAsString()).doesNotContain(SimTenants.GLOBEX);
        HttpResponse<Buffer> forged = acme.post(port, "127.0.0.1", "/v1/predict/move-probability")
                .sendJson(request(globexUser).put("tenant_id", SimTenants.GLOBEX)).await(60, TimeUnit.SECONDS);
        assertThat(forged.statusCode()).as("the body's tenant_id is not the caller's").isEqualTo(404);
        assertThat(acme.post(port, "127.0.0.1", "/v1/predict/move-probability").sendJson(request(acmeUser)).await(60, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(200);

        JsonObject batch = acme.post(port, "127.0.0.1", "/v1/predict/batch").sendJson(new JsonObject().put("requests", new JsonArray()
                        .add(request(acmeUser).put("prediction_type", "MOVE_PROBABILITY"))
                        .add(request(globexUser).put("prediction_type", "MOVE_PROBABILITY"))))
                .await(60, TimeUnit.SECONDS).bodyAsJsonObject();
        JsonArray items = batch.getJsonArray("results");
        assertThat(items.getJsonObject(0).containsKey("error")).as(items.encode()).isFalse();
        assertThat(items.getJsonObject(1).getJsonObject("error").getString("code")).isEqualTo("not_found");

        HttpResponse<Buffer> globexPrediction = globex.post(port, "127.0.0.1", "/v1/predict/move-probability").sendJson(request(globexUser))
                .await(60, TimeUnit.SECONDS);
        assertThat(globexPrediction.statusCode()).isEqualTo(200);
        String predictionId = globexPrediction.bodyAsJsonObject().getString("prediction_id");
        awaitCount("SELECT count(*) FROM ml_predictions WHERE prediction_id = '" + predictionId + "'", 1);
        JsonObject feedback = new JsonObject().put("prediction_id", predictionId).put("actual_class", "LOW");
        assertThat(acme.post(port, "127.0.0.1", "/v1/feedback").sendJson(feedback).await(30, TimeUnit.SECONDS).statusCode())
                .as("acme cannot see globex's prediction").isEqualTo(404);
        assertThat(globex.post(port, "127.0.0.1", "/v1/feedback").sendJson(feedback).await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(200);

        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1")
                .setURI("/v1/ws/predictions?access_token=" + TestTokens.client(SimTenants.ACME)).setAllowOriginHeader(false))
                .await(30, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        socket.writeTextMessage(new JsonObject().put("type", "predict").put("id", "t-1")
                .put("request", request(globexUser).put("prediction_type", "MOVE_PROBABILITY")).encode()).await(10, TimeUnit.SECONDS);
        JsonObject refused = frames.poll(30, TimeUnit.SECONDS);
        assertThat(refused.getString("type")).as(refused.encode()).isEqualTo("error");
        assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("not_found");
        socket.writeTextMessage(new JsonObject().put("type", "predict").put("id", "t-2")
                .put("request", request(acmeUser).put("prediction_type", "MOVE_PROBABILITY")).encode()).await(10, TimeUnit.SECONDS);
        assertThat(frames.poll(30, TimeUnit.SECONDS).getString("type")).isEqualTo("prediction");
        socket.close();
    }

    private static void awaitCount(String sql, long expected) {
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(servers.jdbc().count(sql)).as(sql).isEqualTo(expected));
    }
}
