package com.roisystems.ml.registry;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The model registry")
class ModelRegistryTest {

    private static ModelRegistry registry;
    private static TestServers servers;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers) {
        servers = testServers;
        registry = new ModelRegistry(vertx, PgPools.shared(vertx, testServers.config().json()), Set.of(1));
    }

    private static NewModelVersion model(String name, String predictionType, double auc, byte[] artifact, int format) {
        return new NewModelVersion(name, predictionType, "CLASSIFICATION", "GradientTreeBoost", artifact, format,
                new JsonObject().put("auc", auc).put("f1", auc - 0.1), new JsonObject().put("trees", 200),
                new JsonObject().put("owner", "tests"), List.of("doc_access_count_7d", "email_open_rate_30d"),
                new JsonObject().put("java", System.getProperty("java.version")), "tests");
    }

    @Test
    @DisplayName("versions, promotes through the stages, archives the previous Production version, audits and announces each change")
    void lifecycle(Vertx vertx) throws Exception {
        List<JsonObject> announcements = new CopyOnWriteArrayList<>();
        Bus.subscribe(vertx, ModelsChanged.TOPIC, change -> announcements.add(change.toJson())).await(10, TimeUnit.SECONDS);

        ModelVersion first = registry.register(model("lifecycle_model", "MOVE_PROBABILITY", 0.71, new byte[]{1, 2, 3}, 1)).await(10, TimeUnit.SECONDS);
        ModelVersion second = registry.register(model("lifecycle_model", "MOVE_PROBABILITY", 0.78, new byte[]{4, 5, 6}, 1)).await(10, TimeUnit.SECONDS);
        assertThat(first.version()).isEqualTo(1);
        assertThat(second.version()).isEqualTo(2);
        assertThat(second.stage()).isEqualTo(Stage.NONE);

        registry.promote("lifecycle_model", 1, Stage.STAGING, "alice", "first candidate").await(10, TimeUnit.SECONDS);
        registry.promote("lifecycle_model", 1, Stage.PRODUCTION, "alice", "ship it").await(10, TimeUnit.SECONDS);
        ModelVersion promoted = registry.promote("lifecycle_model", 2, Stage.PRODUCTION, "bob", "better AUC").await(10, TimeUnit.SECONDS);

        assertThat(promoted.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(promoted.deployedAt()).isNotNull();
        assertThat(registry.find("lifecycle_model", "1").await(10, TimeUnit.SECONDS).stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry.find("lifecycle_model", "Production").await(10, TimeUnit.SECONDS).version()).isEqualTo(2);
        assertThat(registry.load("lifecycle_model", "production").await(10, TimeUnit.SECONDS).artifact()).containsExactly(4, 5, 6);

        JsonArray history = registry.history("lifecycle_model").await(10, TimeUnit.SECONDS).toJson().getJsonArray("history");
        assertThat(history.stream().map(entry -> ((JsonObject) entry).getInteger("version") + ":"
                + ((JsonObject) entry).getString("from") + "->" + ((JsonObject) entry).getString("to")).toList())
                .containsExactly("1:None->Staging", "1:Staging->Production", "1:Production->Archived", "2:None->Production");
        assertThat(history.getJsonObject(3).getString("changed_by")).isEqualTo("bob");

        await("three models.changed announcements").atMost(Duration.ofSeconds(10)).until(() -> announcements.size() >= 3);
        assertThat(announcements).extracting(json -> json.getInteger("version") + json.getString("stage"))
                .containsExactly("1STAGING", "1PRODUCTION", "2PRODUCTION");

        JsonObject comparison = registry.compare("lifecycle_model", 1, "lifecycle_model", 2, List.of("auc")).await(10, TimeUnit.SECONDS).toJson();
        assertThat(comparison.getJsonObject("metrics").getJsonObject("auc").getDouble("difference")).isCloseTo(0.07, org.assertj.core.data.Offset.offset(1e-9));
    }

    @Test
    @DisplayName("leaves exactly one Production version when two promotions race")
    void concurrentPromotions() throws Exception {
        for (int i = 0; i < 4; i++) {
            registry.register(model("race_model", "TRANSACTION_TYPE", 0.6 + i / 100.0, new byte[]{(byte) i}, 1)).await(10, TimeUnit.SECONDS);
        }
        for (int round = 0; round < 5; round++) {
            List<Future<ModelVersion>> racing = new ArrayList<>();
            for (int version = 1; version <= 4; version++) {
                racing.add(registry.promote("race_model", version, Stage.PRODUCTION, "racer", "round " + round)
                        .recover(failure -> Future.succeededFuture(null)));
            }
            Future.join(racing).await(20, TimeUnit.SECONDS);
            assertThat(count("SELECT count(*) FROM ml_models WHERE name = 'race_model' AND status = 'PRODUCTION'")).isEqualTo(1);
            // Bring the archived ones back through Staging for the next round.
            for (int version = 1; version <= 4; version++) {
                ModelVersion current = registry.find("race_model", String.valueOf(version)).await(10, TimeUnit.SECONDS);
                if (current.stage() == Stage.ARCHIVED) {
                    registry.promote("race_model", version, Stage.STAGING, "racer", "again").await(10, TimeUnit.SECONDS);
                }
            }
        }
        assertThat(count("SELECT count(*) FROM ml_model_stage_history h JOIN ml_models m USING (model_id) "
                + "WHERE m.name = 'race_model' AND h.to_status = 'PRODUCTION'")).isGreaterThanOrEqualTo(5);
    }

    @Test
    @DisplayName("refuses a tampered artifact, an unknown format version, a missing version and an illegal transition, naming each")
    void refusals() throws Exception {
        registry.register(model("guarded_model", "MOVE_PROBABILITY", 0.7, new byte[]{9, 9, 9}, 1)).await(10, TimeUnit.SECONDS);
        registry.register(model("guarded_model", "MOVE_PROBABILITY", 0.7, new byte[]{8, 8}, 99)).await(10, TimeUnit.SECONDS);
        execute("UPDATE ml_models SET artifact = '\\x090908' WHERE name = 'guarded_model' AND version = 1");

        assertThat(failure(registry.load("guarded_model", "1"))).contains("checksum mismatch").contains("guarded_model v1");
        assertThat(failure(registry.load("guarded_model", "2"))).contains("format version 99").contains("supports [1]");
        assertThat(failure(registry.find("guarded_model", "7"))).contains("no version matching '7'");
        assertThat(failure(registry.promote("guarded_model", 7, Stage.STAGING, "x", null))).contains("has no version 7");

        registry.promote("guarded_model", 2, Stage.ARCHIVED, "x", "retire").await(10, TimeUnit.SECONDS);
        assertThat(failure(registry.promote("guarded_model", 2, Stage.PRODUCTION, "x", null)))
                .contains("is Archived and cannot move to Production");
        assertThat(failure(registry.register(model("guarded_model", "PROPERTY_VALUE", 0.7, new byte[]{1}, 1))))
                .contains("predicts MOVE_PROBABILITY");
        registry.register(model("value_model", "PROPERTY_VALUE", 0.7, new byte[]{1}, 1)).await(10, TimeUnit.SECONDS);
        assertThat(failure(registry.compare("guarded_model", 1, "value_model", 1, List.of())))
                .contains("cannot compare a MOVE_PROBABILITY model with a PROPERTY_VALUE model");
    }

    @Test
    @DisplayName("HTTP admin: list, get, promote, history, and clear errors for bad input")
    void httpAdmin(Vertx vertx, VertxTestContext testContext) throws Exception {
        registry.register(model("http_model", "CONTACT_TIMING", 0.66, new byte[]{7}, 1)).await(10, TimeUnit.SECONDS);
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new RegistryVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        int port = api.actualPort();
        client.post(port, "127.0.0.1", "/api/ml/v1/admin/models/http_model/versions/1/promote")
                .sendJsonObject(new JsonObject().put("stage", "Staging").put("reason", "review"))
                .compose(promoted -> {
                    testContext.verify(() -> {
                        assertThat(promoted.statusCode()).isEqualTo(200);
                        assertThat(promoted.bodyAsJsonObject().getString("stage")).isEqualTo("Staging");
                    });
                    return client.post(port, "127.0.0.1", "/v1/admin/models/http_model/versions/1/promote")
                            .sendJsonObject(new JsonObject().put("stage", "Sideways"));
                })
                .compose(badStage -> {
                    testContext.verify(() -> {
                        assertThat(badStage.statusCode()).isEqualTo(400);
                        assertThat(badStage.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("stage");
                    });
                    return client.get(port, "127.0.0.1", "/v1/admin/models/http_model/versions/42").send();
                })
                .compose(missing -> {
                    testContext.verify(() -> assertThat(missing.statusCode()).isEqualTo(404));
                    return client.get(port, "127.0.0.1", "/v1/admin/models").send();
                })
                .compose(list -> {
                    testContext.verify(() -> assertThat(list.bodyAsJsonObject().getJsonArray("models").stream()
                            .map(m -> ((JsonObject) m).getString("model_name")).toList()).contains("http_model"));
                    return client.get(port, "127.0.0.1", "/v1/admin/models/http_model/history").send();
                })
                .onComplete(testContext.succeeding(history -> testContext.verify(() -> {
                    assertThat(history.bodyAsJsonObject().getJsonArray("history").size()).isEqualTo(1);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("HTTP admin and JSON bus clients: malformed input is a 400 naming the field")
    void badInput(Vertx vertx) throws Exception {
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new RegistryVerticle(), new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        int port = api.actualPort();

        assertRejected(client.post(port, "127.0.0.1", "/v1/admin/models/any_model/versions/three/promote")
                .sendJsonObject(new JsonObject().put("stage", "Staging")), "invalid_request", "version", "version: must be a version number");
        assertRejected(client.post(port, "127.0.0.1", "/v1/admin/models/any_model/versions/1/promote")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"stage\": ")), "malformed_json", "body", "JSON object");
        assertRejected(client.post(port, "127.0.0.1", "/v1/admin/models/any_model/versions/1/promote")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("null")), "invalid_request", "stage", "stage");
        // Over HTTP changed_by is the caller's token subject: a body's, even a malformed one, is ignored (the model is unknown here).
        HttpResponse<Buffer> ignored = client.post(port, "127.0.0.1", "/v1/admin/models/any_model/versions/1/promote")
                .sendJsonObject(new JsonObject().put("stage", "Staging").put("changed_by", 7)).await(10, TimeUnit.SECONDS);
        assertThat(ignored.statusCode()).isEqualTo(404);
        ServiceFailure changedBy = catchThrowableOfType(ServiceFailure.class, () -> vertx.eventBus().request(RegistryContract.PROMOTE.address(),
                new JsonObject().put("model_name", "any_model").put("version", 1).put("stage", "Staging").put("changed_by", 7)).await(10, TimeUnit.SECONDS));
        assertThat(changedBy.field()).isEqualTo("changed_by");
        assertThat(changedBy.getMessage()).isEqualTo("changed_by: must be a string");
        assertRejected(client.get(port, "127.0.0.1", "/v1/admin/models/any_model/versions/Sideways").send(),
                "invalid_request", "version", "version: 'Sideways' is not a version number, a stage or 'latest'");
        assertRejected(client.get(port, "127.0.0.1", "/v1/admin/models/any_model/compare?v2=2").send(),
                "invalid_request", "v1", "v1: must be a version number, got null");
        assertRejected(client.get(port, "127.0.0.1", "/v1/admin/models/any_model/compare?v1=1&v2=latest").send(),
                "invalid_request", "v2", "v2: must be a version number, got latest");

        ServiceFailure unnamed = catchThrowableOfType(ServiceFailure.class, () -> vertx.eventBus()
                .request(RegistryContract.HISTORY.address(), new JsonObject()).await(10, TimeUnit.SECONDS));
        assertThat(unnamed.code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(unnamed.field()).isEqualTo("model_name");
        ServiceFailure metrics = catchThrowableOfType(ServiceFailure.class, () -> vertx.eventBus().request(RegistryContract.COMPARE.address(),
                new JsonObject().put("model_name", "any_model").put("v1", 1).put("v2", 2).put("metrics", "auc")).await(10, TimeUnit.SECONDS));
        assertThat(metrics.field()).isEqualTo("metrics");
        assertThat(metrics.getMessage()).isEqualTo("metrics: must be an array of metric names");
    }

    private static void assertRejected(Future<HttpResponse<Buffer>> request, String code, String field, String message) throws Exception {
        HttpResponse<Buffer> response = request.await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("code")).isEqualTo(code);
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).contains(message);
    }

    private static String failure(Future<?> future) {
        try {
            future.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            return e.getMessage();
        }
        throw new AssertionError("expected a failure");
    }

    private static long count(String sql) throws Exception {
        return servers.jdbc().count(sql);
    }

    private static void execute(String sql) throws Exception {
        servers.jdbc().execute(sql);
    }
    @Test
    @DisplayName("a model name with a control character is refused at validation naming model_name (PostgreSQL cannot hold U+0000: it answered 500)")
    void controlCharacterInNameIsInvalid() {
        ServiceFailure history = catchThrowableOfType(ServiceFailure.class, () -> new RegistryContract.GetHistory("move\u0000"));
        ServiceFailure model = catchThrowableOfType(ServiceFailure.class, () -> new RegistryContract.GetModel("move\u0001", null));

        assertThat(history.code()).isEqualTo(FailureCode.INVALID_REQUEST);
        assertThat(history.field()).isEqualTo("model_name");
        assertThat(model.field()).isEqualTo("model_name");
    }
}
