package com.roisystems.ml.auth;

import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("/health: the status for anyone, the details for a monitor token")
class HealthAccessTest {

    @Test
    @DisplayName("anonymous and non-monitor callers get {status} only; a monitor token gets every component")
    void publicVersusDetailed(Vertx vertx, TestServers servers) {
        ApiUnderTest api = ApiUnderTest.deploy(vertx, servers.config().json());
        for (String token : new String[]{null, TestTokens.client(), TestTokens.admin()}) {
            HttpResponse<Buffer> response = api.get("/health", token);
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "healthy"));
        }
        JsonObject detailed = api.get("/api/ml/health", TestTokens.monitor()).bodyAsJsonObject();
        assertThat(detailed.getString("status")).isEqualTo("healthy");
        assertThat(detailed.getJsonObject("components").fieldNames()).contains("postgres", "redis", "kafka");
    }

    @Test
    @DisplayName("the public answer of a degraded service (PostgreSQL down) is its status alone, without details")
    void publicDegradedHasNoDetails(Vertx vertx, TestServers servers) {
        JsonObject config = servers.config().json();
        config.getJsonObject("pg").put("url", "postgresql://postgres:postgres@127.0.0.1:1/nowhere");
        HttpResponse<Buffer> response = ApiUnderTest.deploy(vertx, config).get("/health", null);
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "degraded"));
    }

    @Test
    @DisplayName("with authentication switched off every route is open and /health says \"auth\": \"disabled\"")
    void authDisabled(Vertx vertx, TestServers servers) {
        JsonObject config = servers.config().json();
        config.put("auth", new JsonObject().put("enabled", false));
        ApiUnderTest api = ApiUnderTest.deploy(vertx, config);
        JsonObject health = api.get("/health", null).bodyAsJsonObject();
        assertThat(health.getString("auth")).isEqualTo("disabled");
        assertThat(health.getJsonObject("components")).isNotNull();
        assertThat(api.get("/v1/features/catalog", null).statusCode()).isEqualTo(200);
        assertThat(api.post("/v1/admin/models/train", null).statusCode()).isNotIn(401, 403);
    }
}
