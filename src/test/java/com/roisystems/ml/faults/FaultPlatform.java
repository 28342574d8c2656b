package com.roisystems.ml.faults;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureVerticle;
import com.roisystems.ml.ingest.IngestServiceVerticle;
import com.roisystems.ml.ingest.KafkaIngestionVerticle;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.scoring.ScoringVerticle;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The service deployed in-process on the servers a fault test owns (intake over HTTP, and Kafka when asked, the feature
 * store, scoring of one trained MOVE_PROBABILITY model, the prediction log, the HTTP API), and the calls the outage
 * tests make against it. Calls block the test thread (never an event loop) and never throw for an HTTP status.
 *
 * <p>{@code FaultPlatform platform = FaultPlatform.deploy(vertx, servers, config, false); platform.predict("user_7").status();}
 */
final class FaultPlatform {

    static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(300).withMonths(24).withSeed(13);
    static final String MOVE_PROBABILITY = "/v1/predict/move-probability";
    private static final JsonObject EVENT_EXAMPLES = readExamples();

    /** One HTTP answer: its status, body, {@code Retry-After} header and how long it took. */
    record Answer(int status, JsonObject body, String retryAfter, long micros) {

        /** Where the prediction's features came from: {@code memory}, {@code online} (Redis) or {@code postgres}. */
        String featureSource() {
            return body != null && body.getJsonObject("features_status") != null ? body.getJsonObject("features_status").getString("source") : null;
        }

        String errorMessage() {
            return body != null && body.getJsonObject("error") != null ? body.getJsonObject("error").getString("message") : "";
        }
    }

    private final Vertx vertx;
    private final WebClient client;
    private final int port;

    private FaultPlatform(Vertx vertx, WebClient client, int port) {
        this.vertx = vertx;
        this.client = client;
        this.port = port;
    }

    /** The same service called with another bearer token. */
    FaultPlatform as(String token) {
        return new FaultPlatform(vertx, TestTokens.webClient(vertx, token), port);
    }

    /** Loads the simulated platform into the servers' database and trains the model scoring serves. */
    static void loadAndTrain(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        new ModelTrainer(vertx, PgPools.shared(vertx, config.json()), config, line -> { })
                .train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("fault tests"));
    }

    /** {@code config}: the servers' configuration, adjusted by the test; Kafka ingestion is deployed when asked. */
    static FaultPlatform deploy(Vertx vertx, JsonObject config, boolean consumeKafka) throws Exception {
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        config.put("features", config.getJsonObject("features", new JsonObject()).put("coalesceMs", 20));
        deploy(vertx, new PredictionLogVerticle(), config);
        deploy(vertx, new FeatureVerticle(), config);
        deploy(vertx, new IngestServiceVerticle(), config);
        if (consumeKafka) {
            vertx.deployVerticle(KafkaIngestionVerticle.class.getName(), new DeploymentOptions().setConfig(config)
                    .setThreadingModel(ThreadingModel.WORKER)).await(60, TimeUnit.SECONDS);
        }
        vertx.deployVerticle(ScoringVerticle.class.getName(), new DeploymentOptions().setConfig(config)
                .setThreadingModel(ThreadingModel.WORKER)).await(120, TimeUnit.SECONDS);
        HttpApiVerticle api = new HttpApiVerticle();
        deploy(vertx, api, config);
        FaultPlatform platform = new FaultPlatform(vertx, TestTokens.webClient(vertx, TestTokens.all()), api.actualPort());
        await("the model is served").atMost(java.time.Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(platform.predict("user_1").status()).isEqualTo(200));
        return platform;
    }

    private static void deploy(Vertx vertx, io.vertx.core.Deployable verticle, JsonObject config) throws Exception {
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
    }

    /** A MOVE_PROBABILITY prediction for {@code user} with its features from the feature store. */
    Answer predict(String user) {
        return send(MOVE_PROBABILITY, new JsonObject().put("entity_id", user).put("entity_type", "USER"));
    }

    /** {@code POST /v1/events} with {@code events}. */
    Answer postEvents(JsonArray events) {
        return send("/v1/events", events);
    }

    /** The detailed {@code /health} document (the token holds the monitor role). */
    Answer health() {
        long started = System.nanoTime();
        return answer(awaited(client.get(port, "127.0.0.1", "/health").send()), started);
    }

    private Answer send(String path, Object body) {
        long started = System.nanoTime();
        return answer(awaited(client.post(port, "127.0.0.1", path).sendJson(body)), started);
    }

    /** The response within the client's 30 s; none in that time fails the call (counted as a server error by the load). */
    private static HttpResponse<Buffer> awaited(io.vertx.core.Future<HttpResponse<Buffer>> response) {
        try {
            return response.await(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("no answer within 30 s", e);
        }
    }

    private static Answer answer(HttpResponse<Buffer> response, long started) {
        long micros = (System.nanoTime() - started) / 1_000;
        JsonObject body;
        try {
            body = response.bodyAsJsonObject();
        } catch (RuntimeException notJson) {
            body = new JsonObject().put("unparsed", response.bodyAsString());
        }
        return new Answer(response.statusCode(), body, response.getHeader("Retry-After"), micros);
    }

    /** A valid {@code document.viewed} event about {@code user} in the simulation's tenant, from the contract's example. */
    static JsonObject documentViewed(UUID eventId, String user, String tenant) {
        return EVENT_EXAMPLES.getJsonObject("document.viewed").copy()
                .put("event_id", eventId.toString())
                .put("entity_id", user)
                .put("tenant_id", tenant)
                .put("occurred_at", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString());
    }

    private static JsonObject readExamples() {
        try (InputStream in = FaultPlatform.class.getResourceAsStream("/schemas/activity-event-examples.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Undeploys the service (before the test's own servers stop: its stop writes to them). */
    static void undeployAll(Vertx vertx) throws Exception {
        for (String deployment : vertx.deploymentIDs()) {
            // A child deployment (the admin bridge, deployed by the HTTP API) is gone with its parent.
            if (!vertx.deploymentIDs().contains(deployment)) {
                continue;
            }
            vertx.undeploy(deployment).await(60, TimeUnit.SECONDS);
        }
    }
}
