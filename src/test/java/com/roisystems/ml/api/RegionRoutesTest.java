package com.roisystems.ml.api;

import com.roisystems.ml.ingest.RegionVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("GET /v1/admin/regions")
class RegionRoutesTest {

    private static int port;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers, VertxTestContext testContext) throws Exception {
        servers.jdbc().execute("""
                INSERT INTO regions (region_id, name, state) VALUES ('rr_known', 'Known Town', 'IA'), ('rr_empty', 'Empty Town', NULL);
                INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES
                    ('rr_u1', 'rr_known', NULL, now(), 'acme'), ('rr_u2', 'rr_referenced', NULL, now(), 'globex'), ('rr_u3', NULL, NULL, now(), 'acme');
                INSERT INTO properties (property_id, owner_user_id, region_id, created_at, updated_at, tenant_id) VALUES
                    ('rr_p1', 'rr_u1', 'rr_known', now(), now(), 'acme'), ('rr_p2', 'rr_u2', 'rr_referenced', now(), now(), 'globex'),
                    ('rr_p3', 'rr_u2', 'rr_referenced', now(), now(), 'globex');
                INSERT INTO market_data (region_id, month, median_price, published_at) VALUES
                    ('rr_market_only', DATE '2024-01-01', 300000, now()), ('rr_market_only', DATE '2024-02-01', 305000, now())""");
        JsonObject config = servers.config().json();
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new RegionVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)))
                .onComplete(testContext.succeeding(id -> {
                    port = api.actualPort();
                    testContext.completeNow();
                }));
    }

    @Test
    @DisplayName("lists every region id, described or only referenced, with its counts across tenants, ordered by id")
    void listsKnownAndUnknown(Vertx vertx, VertxTestContext testContext) {
        get(vertx, TestTokens.admin(), "/v1/admin/regions").onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            JsonObject body = response.bodyAsJsonObject();
            assertThat(body.getBoolean("truncated")).isFalse();
            List<JsonObject> regions = body.getJsonArray("regions").stream().map(JsonObject.class::cast).toList();
            assertThat(regions.stream().map(region -> region.getString("region_id")))
                    .containsExactly("rr_empty", "rr_known", "rr_market_only", "rr_referenced");
            assertThat(regions.get(1).getMap()).containsEntry("known", true).containsEntry("name", "Known Town").containsEntry("state", "IA")
                    .containsEntry("users", 1).containsEntry("properties", 1).containsEntry("market_months", 0);
            assertThat(regions.get(0).getMap()).containsEntry("known", true).containsEntry("users", 0).containsEntry("state", null);
            assertThat(regions.get(2).getMap()).containsEntry("known", false).containsEntry("name", null).containsEntry("market_months", 2);
            assertThat(regions.get(3).getMap()).containsEntry("known", false).containsEntry("users", 1).containsEntry("properties", 2);
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("filters by known=false (the ids still to describe) and cuts at limit, saying so")
    void filtersAndLimits(Vertx vertx, VertxTestContext testContext) {
        Future<HttpResponse<Buffer>> unknown = get(vertx, TestTokens.admin(), "/v1/admin/regions?known=false");
        Future<HttpResponse<Buffer>> known = get(vertx, TestTokens.admin(), "/api/ml/v1/admin/regions?known=true");
        Future<HttpResponse<Buffer>> first = get(vertx, TestTokens.admin(), "/v1/admin/regions?limit=1");
        Future.all(unknown, known, first).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(ids(unknown.result())).containsExactly("rr_market_only", "rr_referenced");
            assertThat(ids(known.result())).containsExactly("rr_empty", "rr_known");
            assertThat(ids(first.result())).containsExactly("rr_empty");
            assertThat(first.result().bodyAsJsonObject().getBoolean("truncated")).isTrue();
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers 400 naming known or limit for a bad value, 403 to a client token and 401 without one")
    void refusesBadRequests(Vertx vertx, VertxTestContext testContext) {
        Future<HttpResponse<Buffer>> badKnown = get(vertx, TestTokens.admin(), "/v1/admin/regions?known=maybe");
        Future<HttpResponse<Buffer>> zero = get(vertx, TestTokens.admin(), "/v1/admin/regions?limit=0");
        Future<HttpResponse<Buffer>> words = get(vertx, TestTokens.admin(), "/v1/admin/regions?limit=ten");
        Future<HttpResponse<Buffer>> tooMany = get(vertx, TestTokens.admin(), "/v1/admin/regions?limit=10001");
        Future<HttpResponse<Buffer>> client = get(vertx, TestTokens.client(), "/v1/admin/regions");
        Future<HttpResponse<Buffer>> anonymous = WebClient.create(vertx).get(port, "127.0.0.1", "/v1/admin/regions").send();
        Future.all(List.of(badKnown, zero, words, tooMany, client, anonymous)).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(field(badKnown.result())).isEqualTo("known");
            assertThat(field(zero.result())).isEqualTo("limit");
            assertThat(field(words.result())).isEqualTo("limit");
            assertThat(field(tooMany.result())).isEqualTo("limit");
            assertThat(client.result().statusCode()).isEqualTo(403);
            assertThat(anonymous.result().statusCode()).isEqualTo(401);
            testContext.completeNow();
        })));
    }

    private static Future<HttpResponse<Buffer>> get(Vertx vertx, String token, String path) {
        return TestTokens.webClient(vertx, token).get(port, "127.0.0.1", path).send();
    }

    private static List<String> ids(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject().getJsonArray("regions").stream().map(region -> ((JsonObject) region).getString("region_id")).toList();
    }

    private static String field(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(400);
        return response.bodyAsJsonObject().getJsonObject("error").getString("field");
    }
}
