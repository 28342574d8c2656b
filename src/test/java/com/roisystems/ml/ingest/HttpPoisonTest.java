package com.roisystems.ml.ingest;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("An event PostgreSQL refuses over HTTP")
class HttpPoisonTest {

    @Test
    @DisplayName("is answered as rejected with the constraint and dead-lettered; the request's other events are stored (202, not 503 forever)")
    void refusedEventIsRejectedOthersStored(Vertx vertx, TestServers servers) throws Exception {
        servers.jdbc().execute("ALTER TABLE searches ADD CONSTRAINT test_poison CHECK (results_count IS DISTINCT FROM 13)");
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)))
                .await(60, TimeUnit.SECONDS);

        JsonArray events = new JsonArray();
        UUID poison = UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            UUID id = i == 2 ? poison : UUID.randomUUID();
            JsonObject event = TestEvents.of("search.performed", id, "user_http_poison", Instant.parse("2024-03-01T10:00:00Z").plusSeconds(i));
            event.getJsonObject("payload").put("results_count", i == 2 ? 13 : 100 + i);
            events.add(event);
        }
        HttpResponse<Buffer> response = TestTokens.webClient(vertx, TestTokens.all())
                .post(api.actualPort(), "127.0.0.1", "/v1/events").sendJson(events).await(60, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(202);
        JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
        assertThat(results.getJsonObject(2).getString("status")).isEqualTo("rejected");
        assertThat(results.getJsonObject(2).getString("reason")).startsWith("database_refused").contains("constraint test_poison")
                .doesNotContain("violates");
        for (int i : new int[]{0, 1, 3, 4}) {
            assertThat(results.getJsonObject(i).getString("status")).isEqualTo("accepted");
        }
        assertThat(servers.jdbc().count("SELECT count(*) FROM searches WHERE user_id = 'user_http_poison'")).isEqualTo(4);
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE source = 'HTTP' AND event_id = '" + poison + "'")).isEqualTo(1);
    }
    @Test
    @DisplayName("an event quoting U+0000 in its id and type is rejected and dead-lettered with the NUL escaped (202, not 503 forever)")
    void nulInIdAndTypeIsDeadLettered(Vertx vertx, TestServers servers) throws Exception {
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)))
                .await(60, TimeUnit.SECONDS);
        String marker = "nul_" + UUID.randomUUID();

        HttpResponse<Buffer> response = TestTokens.webClient(vertx, TestTokens.all())
                .post(api.actualPort(), "127.0.0.1", "/v1/events")
                .sendJsonObject(new JsonObject().put("event_id", marker + "\u0000").put("event_type", "page\u0000"))
                .await(60, TimeUnit.SECONDS);

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("rejected");
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters WHERE source = 'HTTP' AND event_id = '" + marker + "\\u0000'"
                + " AND event_type = 'page\\u0000'")).isEqualTo(1);
    }
}
