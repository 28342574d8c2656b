package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.vertx.junit5.VertxExtension;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The training admin address and route")
class TrainingVerticleTest {

    private static final DeliveryOptions LONG = new DeliveryOptions().setSendTimeout(180_000);
    private static HttpApiVerticle api;
    private static ModelRegistry registry;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), SimulationParameters.defaults().withUsers(400).withMonths(24).withSeed(3), false, Progress.NONE);
        JsonObject config = servers.config().json();
        vertx.deployVerticle(new TrainingVerticle(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                .await(20, TimeUnit.SECONDS);
        api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        registry = new ModelRegistry(vertx, PgPools.shared(vertx, config), Set.of(ModelArtifact.FORMAT_VERSION));
    }

    @Test
    @DisplayName("trains, registers and promotes to Production through admin.models.train, storing its drift reference")
    void trainsAndPromotes(Vertx vertx, TestServers servers) throws Exception {
        JsonObject reply = vertx.eventBus().<JsonObject>request(TrainingContract.TRAIN.address(), new JsonObject()
                .put("prediction_type", "property_value").put("promote", "Production").put("cutoffs", 4), LONG).await(180, TimeUnit.SECONDS).body();
        assertThat(reply.getString("model_name")).isEqualTo("property_value_model");
        assertThat(reply.getString("stage")).isEqualTo("Production");
        assertThat(reply.getJsonObject("evaluation").getString("metric")).isEqualTo("rmse");
        assertThat(registry.find("property_value_model", "Production").await(10, TimeUnit.SECONDS).version()).isEqualTo(reply.getInteger("version"));
        // The monitoring reference: the training rows' store features as the scorer logs them, nulls counted, and the predicted values.
        List<Map<String, Object>> references = servers.jdbc().queryForList("SELECT profile::text AS profile FROM ml_reference_profiles"
                + " WHERE model_name = 'property_value_model' AND model_version = ?", reply.getInteger("version"));
        assertThat(references).hasSize(1);
        JsonObject profile = new JsonObject((String) references.get(0).get("profile"));
        assertThat(profile.getLong("rows")).isPositive().isLessThanOrEqualTo(reply.getLong("rows"));
        assertThat(profile.getJsonObject("features").fieldNames()).contains("sqft", "estimated_value", "market_median_price")
                .hasSize(FeatureCatalog.standard().select(List.of(), List.of("PROPERTY", "MARKET")).size());
        assertThat(com.roisystems.ml.monitoring.profile.Profile.fromJson(profile).predictionDistribution()).isNotNull();
    }

    @Test
    @DisplayName("refuses a promotion to a stage a new version cannot reach, naming promote, before training anything")
    void refusesIllegalPromotion(Vertx vertx) {
        ReplyException failure = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus().<JsonObject>request(TrainingContract.TRAIN.address(),
                new JsonObject().put("prediction_type", "MOVE_PROBABILITY").put("promote", "Archived"), LONG).await(30, TimeUnit.SECONDS));
        assertThat(failure.failureCode()).isEqualTo(400);
        assertThat(failure.getMessage()).startsWith("promote:");
        assertThat(catchThrowableOfType(Exception.class, () -> registry.find("move_probability_model", "latest").await(10, TimeUnit.SECONDS)))
                .hasMessageContaining("no version");
    }

    @Test
    @DisplayName("queues at most training.maxQueuedRuns (4) runs behind the running one; beyond them 429 queue_full at once")
    void boundedQueue(Vertx vertx) throws Exception {
        List<io.vertx.core.Future<io.vertx.core.eventbus.Message<JsonObject>>> burst = new java.util.ArrayList<>();
        for (int i = 0; i < 7; i++) {
            burst.add(vertx.eventBus().<JsonObject>request(TrainingContract.TRAIN.address(),
                    new JsonObject().put("prediction_type", "TRANSACTION_TYPE").put("users_limit", 20).put("cutoffs", 3), LONG));
        }
        io.vertx.core.Future.join(burst).otherwiseEmpty().await(600, TimeUnit.SECONDS);
        List<Integer> codes = burst.stream().map(reply -> ((ReplyException) reply.cause()).failureCode()).toList();
        assertThat(codes).as("one runs, four wait, the rest are refused").containsOnly(409, 429);
        // Four wait, plus the one the training thread has taken — unless the burst filled the queue before the thread
        // took the first (it stays alive between runs and takes work from the queue): 2 or 3 refused, never fewer.
        assertThat(codes.stream().filter(code -> code == 429).count()).isBetween(2L, 3L);
        ReplyException refused = burst.stream().map(reply -> (ReplyException) reply.cause()).filter(failure -> failure.failureCode() == 429)
                .findFirst().orElseThrow();
        assertThat(refused.getMessage()).contains("training.maxQueuedRuns");
    }

    @Test
    @DisplayName("refuses too few labelled rows with 409 naming the cause, registering nothing")
    void refusesTooFewRows(Vertx vertx) {
        ReplyException failure = catchThrowableOfType(ReplyException.class, () -> vertx.eventBus().<JsonObject>request(TrainingContract.TRAIN.address(),
                new JsonObject().put("prediction_type", "TRANSACTION_TYPE").put("users_limit", 20).put("cutoffs", 3), LONG)
                .await(120, TimeUnit.SECONDS));
        assertThat(failure.failureCode()).isEqualTo(409);
        assertThat(failure.getMessage()).contains("too few labelled rows");
        assertThat(catchThrowableOfType(Exception.class, () -> registry.find("transaction_type_model", "latest").await(10, TimeUnit.SECONDS)))
                .hasMessageContaining("no version");
    }

    @Test
    @DisplayName("answers 400 naming prediction_type for an unknown type over HTTP")
    void unknownTypeOverHttp(Vertx vertx) throws Exception {
        var response = TestTokens.webClient(vertx, TestTokens.all()).post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train")
                .sendJsonObject(new JsonObject().put("prediction_type", "CHURN")).await(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsString()).contains("prediction_type");
    }

    @Test
    @DisplayName("answers 400 naming the field for each malformed request over HTTP, before anything is trained")
    void malformedRequestsOverHttp(Vertx vertx) throws Exception {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        JsonObject move = new JsonObject().put("prediction_type", "MOVE_PROBABILITY");
        assertRejected(client, new JsonObject().put("prediction_type", "CHURN"), "prediction_type", "prediction_type: unknown 'CHURN'");
        assertRejected(client, new JsonObject(), "prediction_type", "prediction_type: required");
        assertRejected(client, move.copy().put("promote", 1), "promote", "promote: must be \"Staging\" or \"Production\"");
        assertRejected(client, move.copy().put("promote", "Archived"), "promote",
                "promote: a new version can be promoted to Staging or Production, not Archived");
        assertRejected(client, move.copy().put("users_limit", "all"), "users_limit", "users_limit: must be a number, got all");
        assertRejected(client, move.copy().put("users_limit", 0), "users_limit", "users_limit: must be positive, got 0");
        assertRejected(client, move.copy().put("cutoffs", -1), "cutoffs", "cutoffs: must be at least 1 (or 0 for the type's default), got -1");
        assertRejected(client, move.copy().put("min_history_months", 121), "min_history_months",
                "min_history_months: must be from 0 to 120 months, got 121");
        assertRejected(client, move.copy().put("min_history_months", -1), "min_history_months", "min_history_months: must be from 0 to 120");
        assertRejected(client, move.copy().put("min_history_months", "a year"), "min_history_months", "min_history_months: must be a number");
        assertRejected(client, move.copy().put("cutoffs", 17), "cutoffs", "cutoffs: asked for 17 monthly cut-offs; the data allows 16 (");
        // Over HTTP changed_by is the caller's token subject and a body's is ignored; the contract itself still refuses a non-string.
        com.roisystems.ml.bus.ServiceFailure changedBy = catchThrowableOfType(com.roisystems.ml.bus.ServiceFailure.class, () -> vertx.eventBus()
                .request(TrainingContract.TRAIN.address(), move.copy().put("changed_by", 5)).await(30, TimeUnit.SECONDS));
        assertThat(changedBy.field()).isEqualTo("changed_by");
        assertThat(changedBy.getMessage()).isEqualTo("changed_by: must be a string");

        HttpResponse<Buffer> malformed = client.post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"prediction_type\": ")).await(30, TimeUnit.SECONDS);
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
        assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("body");
        assertThat(catchThrowableOfType(Exception.class, () -> registry.find("move_probability_model", "latest").await(10, TimeUnit.SECONDS)))
                .hasMessageContaining("no version");
    }

    @Test
    @DisplayName("answers 409 naming no field when the data allows no cut-off, with the data's span, the rule and the count")
    void noCutoffIsAConflictNamingNoField(Vertx vertx) throws Exception {
        HttpResponse<Buffer> response = TestTokens.webClient(vertx, TestTokens.all()).post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train")
                .sendJsonObject(new JsonObject().put("prediction_type", "MOVE_PROBABILITY").put("min_history_months", 30)).await(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(409);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("field")).isNull();
        assertThat(error.getString("message")).contains("allows 0 monthly cut-offs").contains("30 months (min_history_months)")
                .contains("2023-01-01").contains("90-day label window");
    }

    private static void assertRejected(WebClient client, JsonObject body, String field, String message) throws Exception {
        HttpResponse<Buffer> response = client.post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train")
                .sendJsonObject(body).await(30, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo("invalid_request");
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).startsWith(message);
    }
}
