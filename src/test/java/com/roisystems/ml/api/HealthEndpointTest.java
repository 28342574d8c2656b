package com.roisystems.ml.api;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("GET /health")
class HealthEndpointTest {

    @Test
    @DisplayName("answers 200 healthy with PostgreSQL, Redis and Kafka up")
    void healthyWhenEverythingIsUp(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = servers.config().json();
        deployAndGet(vertx, config, "/health").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertThat(response.getInteger("status_code")).isEqualTo(200);
            JsonObject body = response.getJsonObject("body");
            assertThat(body.getString("status")).isEqualTo("healthy");
            assertThat(body.getJsonObject("components").getJsonObject("postgres").getString("status")).isEqualTo("UP");
            assertThat(body.getJsonObject("components").getJsonObject("redis").getString("status")).isEqualTo("UP");
            assertThat(body.getJsonObject("components").getJsonObject("kafka").getString("status")).isEqualTo("UP");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers 200 degraded with PostgreSQL DOWN, its error and impact, when the database cannot be reached, also under /api/ml")
    void degradedWhenPostgresIsDown(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = servers.config().json();
        config.getJsonObject("pg").put("url", "postgresql://postgres:postgres@127.0.0.1:1/nowhere");
        deployAndGet(vertx, config, "/api/ml/health").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertThat(response.getInteger("status_code")).as("still answering from the online store: kept in rotation").isEqualTo(200);
            JsonObject components = response.getJsonObject("body").getJsonObject("components");
            assertThat(response.getJsonObject("body").getString("status")).isEqualTo("degraded");
            assertThat(components.getJsonObject("postgres").getString("status")).isEqualTo("DOWN");
            assertThat(components.getJsonObject("postgres").getString("error")).isNotBlank();
            assertThat(components.getJsonObject("postgres").getString("impact")).contains("online store");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("names each server without its credentials: the Redis URL's password and PostgreSQL's are never shown")
    void detailsCarryNoCredentials(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        JsonObject config = servers.config().json();
        // Redis 6 accepts any password for its password-less default user, so the URL below still reaches it.
        config.getJsonObject("redis").put("url", "redis://default:redis-topsecret@127.0.0.1:" + servers.redis().port());
        deployAndGet(vertx, config, "/health").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            JsonObject components = response.getJsonObject("body").getJsonObject("components");
            assertThat(components.getJsonObject("redis").getString("address")).isEqualTo("redis://***@127.0.0.1:" + servers.redis().port());
            assertThat(components.getJsonObject("postgres").getString("address"))
                    .isEqualTo(servers.database().host() + ":" + servers.database().port() + "/" + servers.databaseName());
            assertThat(components.getJsonObject("kafka").getString("bootstrap_servers")).isEqualTo(servers.kafkaBootstrapServers());
            assertThat(response.getJsonObject("body").encode()).doesNotContain("topsecret").doesNotContain(":" + servers.database().password() + "@");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers a JSON 404 for an unknown route, never an HTML page")
    void unknownRouteIsJson(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        deployAndGet(vertx, servers.config().json(), "/v1/nothing-here").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertThat(response.getInteger("status_code")).isEqualTo(404);
            assertThat(response.getJsonObject("body").getJsonObject("error").getString("code")).isEqualTo("not_found");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers 503 naming the scoring service when no scoring verticle listens, and a bug is a 500, not a 503")
    void missingServiceIsNamed(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        HttpApiVerticle verticle = new HttpApiVerticle();
        JsonObject body = new JsonObject().put("entity_id", "user_1").put("prediction_type", "MOVE_PROBABILITY");
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(servers.config().json()))
                .compose(id -> TestTokens.webClient(vertx, TestTokens.all()).post(verticle.actualPort(), "127.0.0.1", "/v1/predict/move-probability")
                        .sendJsonObject(body))
                .onComplete(testContext.succeeding(response -> testContext.verify(() -> {
                    assertThat(response.statusCode()).isEqualTo(503);
                    assertThat(response.bodyAsJsonObject().getJsonObject("error"))
                            .isEqualTo(new JsonObject().put("code", "service_unavailable").put("message", "the scoring service is not running"));
                    assertThat(ErrorResponses.toFailure(0, new NullPointerException("bug")).httpStatus()).isEqualTo(500);
                    assertThat(ErrorResponses.toFailure(0, new NullPointerException("bug")).toErrorBody().getJsonObject("error").getString("code"))
                            .isEqualTo("internal_error");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("answers 400 naming entity_id for a NUL in a prediction's or a feature read's entity id, never a 500")
    void controlCharactersInIdsAre400(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        HttpApiVerticle verticle = new HttpApiVerticle();
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(servers.config().json()))
                .compose(id -> client.post(verticle.actualPort(), "127.0.0.1", "/v1/predict/move-probability")
                        .sendJsonObject(new JsonObject().put("entity_id", "user_\u0000x")))
                .compose(predict -> {
                    testContext.verify(() -> {
                        assertThat(predict.statusCode()).isEqualTo(400);
                        assertThat(predict.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("entity_id");
                        assertThat(predict.bodyAsJsonObject().getJsonObject("error").getString("message"))
                                .isEqualTo("entity_id: must not contain control characters (U+0000 at position 5)");
                    });
                    return client.get(verticle.actualPort(), "127.0.0.1", "/v1/features/user/user_%00x").send();
                })
                .onComplete(testContext.succeeding(features -> testContext.verify(() -> {
                    assertThat(features.statusCode()).isEqualTo(400);
                    assertThat(features.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("entity_id");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("a form or multipart content type answers 415 before any body is read, also on a GET (the body handler threw: 500)")
    void formBodiesAre415(Vertx vertx, TestServers servers, VertxTestContext testContext) {
        HttpApiVerticle verticle = new HttpApiVerticle();
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(servers.config().json()))
                .compose(id -> client.get(verticle.actualPort(), "127.0.0.1", "/health")
                        .putHeader("Content-Type", "multipart/form-data; boundary=x").sendBuffer(io.vertx.core.buffer.Buffer.buffer("abc")))
                .compose(get -> {
                    testContext.verify(() -> assertThat(get.statusCode()).isEqualTo(415));
                    return client.post(verticle.actualPort(), "127.0.0.1", "/v1/events")
                            .putHeader("Content-Type", "application/x-www-form-urlencoded").sendBuffer(io.vertx.core.buffer.Buffer.buffer("a=1"));
                })
                .onComplete(testContext.succeeding(post -> testContext.verify(() -> {
                    assertThat(post.statusCode()).isEqualTo(415);
                    assertThat(post.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("unsupported_media_type");
                    testContext.completeNow();
                })));
    }

    private static Future<JsonObject> deployAndGet(Vertx vertx, JsonObject config, String path) {
        HttpApiVerticle verticle = new HttpApiVerticle();
        return vertx.deployVerticle(verticle, new DeploymentOptions().setConfig(config))
                .compose(id -> TestTokens.webClient(vertx, TestTokens.all()).get(verticle.actualPort(), "127.0.0.1", path).send())
                .map(response -> new JsonObject()
                        .put("status_code", response.statusCode())
                        .put("body", response.bodyAsJsonObject()));
    }
}
