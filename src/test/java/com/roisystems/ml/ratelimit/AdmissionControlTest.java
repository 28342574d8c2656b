package com.roisystems.ml.ratelimit;

import com.roisystems.ml.api.ErrorResponses;
import com.roisystems.ml.config.ConfigException;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

@ExtendWith(VertxExtension.class)
@DisplayName("Admission control: work in flight per route class")
class AdmissionControlTest {

    private HttpServer server;
    private WebClient client;
    private AdmissionControl admission;
    /** Requests the test route holds open until the test lets them finish. */
    private final List<Promise<Void>> held = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start(Vertx vertx) throws Exception {
        JsonObject http = new JsonObject().put("admission", new JsonObject()
                .put("predict", 3).put("batch", 100).put("events", 1_000).put("admin", 2).put("other", 10).put("contactTimingItemCost", 10));
        admission = AdmissionControl.create(vertx, http);
        Router router = Router.router(vertx);
        router.route().handler(BodyHandler.create(false));
        router.route().handler(admission);
        router.route().handler(context -> {
            Promise<Void> release = Promise.promise();
            held.add(release);
            release.future().onComplete(done -> context.response().setStatusCode(200).end("{}"));
        });
        router.route().failureHandler(ErrorResponses::handle);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        held.forEach(Promise::tryComplete);
        client.close();
        server.close();
    }

    @Test
    @DisplayName("beyond the class's capacity a request is refused at once with 503 overloaded and Retry-After; capacity returns when responses end")
    void refusesBeyondCapacityThenRecovers() throws Exception {
        List<Future<HttpResponse<Buffer>>> admitted = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            admitted.add(post("/v1/predict/move", new JsonObject()));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 3);

        HttpResponse<Buffer> refused = post("/v1/predict/move", new JsonObject()).await(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(503);
        assertThat(refused.getHeader("Retry-After")).isEqualTo("1");
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("overloaded");
        assertThat(refused.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("predict");
        assertThat(held).hasSize(3);

        // Another class has its own capacity.
        Future<HttpResponse<Buffer>> admin = post("/v1/admin/models", new JsonObject());
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 4);

        held.forEach(Promise::tryComplete);
        for (Future<HttpResponse<Buffer>> response : admitted) {
            assertThat(response.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        }
        assertThat(admin.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.inFlight(AdmissionControl.RouteClass.PREDICT) == 0);
        Future<HttpResponse<Buffer>> again = post("/v1/predict/move", new JsonObject());
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 5);
        held.forEach(Promise::tryComplete);
        assertThat(again.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a batch costs its items, a contact-timing item ten; a batch bigger than the capacity runs alone")
    void batchesCostTheirItems() throws Exception {
        Future<HttpResponse<Buffer>> sixty = post("/v1/predict/batch", batch(60, "MOVE_PROBABILITY"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 1);
        assertThat(admission.inFlight(AdmissionControl.RouteClass.BATCH)).isEqualTo(60);

        assertThat(post("/v1/predict/batch", batch(5, "CONTACT_TIMING")).await(10, TimeUnit.SECONDS).statusCode())
                .as("5 contact-timing items cost 50: 110 > 100").isEqualTo(503);
        Future<HttpResponse<Buffer>> thirty = post("/v1/predict/batch", batch(30, "MOVE_PROBABILITY"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 2);
        assertThat(admission.inFlight(AdmissionControl.RouteClass.BATCH)).isEqualTo(90);

        held.forEach(Promise::tryComplete);
        assertThat(sixty.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        assertThat(thirty.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(5)).until(() -> admission.inFlight(AdmissionControl.RouteClass.BATCH) == 0);

        Future<HttpResponse<Buffer>> huge = post("/v1/predict/batch", batch(500, "MOVE_PROBABILITY"));
        await().atMost(Duration.ofSeconds(10)).until(() -> held.size() == 3);
        assertThat(post("/v1/predict/batch", batch(1, "MOVE_PROBABILITY")).await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(503);
        held.forEach(Promise::tryComplete);
        assertThat(huge.await(10, TimeUnit.SECONDS).statusCode()).isEqualTo(200);
    }

    @Test
    @DisplayName("a capacity that is not a whole number of at least 1 is refused at start, naming the key")
    void badCapacityIsAConfigError(Vertx vertx) {
        for (Object bad : new Object[]{0, -5, 2.5, "many"}) {
            assertThatThrownBy(() -> AdmissionControl.create(vertx, new JsonObject().put("admission", new JsonObject().put("batch", bad))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining("http.admission.batch");
        }
    }

    private Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
        return client.post(server.actualPort(), "127.0.0.1", path).sendJsonObject(body);
    }

    private static JsonObject batch(int items, String type) {
        JsonArray requests = new JsonArray();
        for (int i = 0; i < items; i++) {
            requests.add(new JsonObject().put("prediction_type", type).put("entity_id", "user_" + i));
        }
        return new JsonObject().put("requests", requests);
    }
}
