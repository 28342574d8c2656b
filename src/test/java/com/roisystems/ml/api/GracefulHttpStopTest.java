package com.roisystems.ml.api;

import com.roisystems.ml.scoring.ScoringContract;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Stopping the HTTP API")
class GracefulHttpStopTest {

    @Test
    @DisplayName("a request in flight when the API stops is still answered (within http.shutdownGraceMs), not cut off")
    void inFlightRequestIsAnswered(Vertx vertx, TestServers servers) throws Exception {
        // The scorer's address is held by the test, so the prediction is in flight until the test answers it.
        List<Message<Object>> held = new CopyOnWriteArrayList<>();
        vertx.eventBus().consumer(ScoringContract.PREDICT.address(), held::add);
        HttpApiVerticle api = new HttpApiVerticle();
        String deployment = vertx.deployVerticle(api, new DeploymentOptions().setConfig(servers.config().json())).await(30, TimeUnit.SECONDS);

        Future<HttpResponse<Buffer>> inFlight = TestTokens.webClient(vertx, TestTokens.all())
                .post(api.actualPort(), "127.0.0.1", "/v1/predict/move-probability").sendJsonObject(new JsonObject().put("entity_id", "user_1"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);

        Future<Void> stopping = vertx.undeploy(deployment);
        Thread.sleep(300);
        assertThat(stopping.isComplete()).as("the API waits for its request in flight").isFalse();
        held.get(0).fail(503, "the test scorer is going away");

        HttpResponse<Buffer> answer = inFlight.await(10, TimeUnit.SECONDS);
        assertThat(answer.statusCode()).isEqualTo(503);
        assertThat(answer.bodyAsJsonObject().getJsonObject("error")).isNotNull();
        stopping.await(15, TimeUnit.SECONDS);
    }
}
