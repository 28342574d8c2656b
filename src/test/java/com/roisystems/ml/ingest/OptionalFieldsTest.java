package com.roisystems.ml.ingest;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.features.FeatureVerticle;
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

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Events without the optional fields, through POST /v1/events and GET /v1/features")
class OptionalFieldsTest {

    private static final String FEATURES = "sqft,bedrooms,property_type_code,lot_sqft,rooms,latitude,property_age_years,purchase_price,"
            + "years_owned,properties_owned,estimated_value,value_change_since_purchase_pct,equity,tenure_percentile,region_median_price,"
            + "region_inventory,market_inventory,mortgage_rate_pct";

    private static TestServers servers;
    private static WebClient http;
    private static int port;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers testServers, VertxTestContext testContext) {
        servers = testServers;
        JsonObject config = testServers.config().json();
        http = TestTokens.webClient(vertx, TestTokens.all());
        HttpApiVerticle api = new HttpApiVerticle();
        JsonArray events = new JsonArray()
                // u_bare: nothing but its id; its property only the owner and the region (no region row, no market data).
                .add(event("user.registered", "u_bare", "2024-01-01T00:00:00Z", new JsonObject()))
                .add(event("property.created", "p_bare", "2024-01-10T00:00:00Z",
                        new JsonObject().put("owner_user_id", "u_bare").put("region_id", "region_referenced_only")))
                // u_full: the documented example property, in a region whose market month lacks its inventory.
                .add(event("user.registered", "u_full", "2024-01-01T00:00:00Z", new JsonObject().put("region_id", "region_described")
                        .putNull("age_band")))
                .add(TestEvents.EXAMPLES.getJsonObject("property.created").copy().put("event_id", UUID.randomUUID().toString())
                        .put("entity_id", "p_full").put("occurred_at", "2024-01-10T00:00:00Z")
                        .put("payload", TestEvents.EXAMPLES.getJsonObject("property.created").getJsonObject("payload").copy()
                                .put("owner_user_id", "u_full").put("region_id", "region_described")))
                .add(event("market.published", "region_described", "2024-01-05T00:00:00Z",
                        new JsonObject().put("month", "2023-12-01").put("median_price", 400_000).putNull("inventory")))
                .add(event("region.updated", "region_described", "2024-01-02T00:00:00Z", new JsonObject().put("name", "Described Town")))
                // u_none: a user with no property at all.
                .add(event("user.registered", "u_none", "2024-01-01T00:00:00Z", new JsonObject().put("age_band", "35_49")));
        // An older description of the region arrives later: it must not overwrite the newer one.
        JsonObject olderRegion = event("region.updated", "region_described", "2023-01-01T00:00:00Z",
                new JsonObject().put("name", "Old Name").put("state", "ZZ"));
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(new FeatureVerticle(), new DeploymentOptions().setConfig(config)))
                .compose(id -> vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)))
                .compose(id -> {
                    port = api.actualPort();
                    return http.post(port, "127.0.0.1", "/v1/events").sendJson(events);
                })
                .compose(first -> {
                    assertThat(first.bodyAsJsonObject().getInteger("accepted")).as(first.bodyAsString()).isEqualTo(events.size());
                    return http.post(port, "127.0.0.1", "/v1/events").sendJsonObject(olderRegion);
                })
                .onComplete(testContext.succeeding(second -> testContext.verify(() -> {
                    assertThat(second.bodyAsJsonObject().getInteger("accepted")).as(second.bodyAsString()).isEqualTo(1);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("stores unknown fields as NULL, never a placeholder; is_primary_residence defaults to true; ranks skip unknown dates")
    void storesNulls(Vertx vertx, VertxTestContext testContext) {
        servers.jdbc().onWorker(vertx, database -> List.of(
                        database.queryForList("SELECT address, property_type, bedrooms, bathrooms, sqft, lot_sqft, rooms, latitude, longitude,"
                                + " year_built, purchase_date, purchase_price, is_primary_residence FROM properties WHERE property_id = 'p_bare'").get(0),
                        database.queryForList("SELECT rooms, latitude, longitude FROM properties WHERE property_id = 'p_full'").get(0),
                        database.queryForList("SELECT region_id, age_band, email FROM users WHERE user_id = 'u_bare'").get(0),
                        database.queryForList("SELECT inventory, new_listings, median_price FROM market_data WHERE region_id = 'region_described'").get(0),
                        database.queryForList("SELECT name, state FROM regions WHERE region_id = 'region_described'").get(0),
                        database.queryForList("SELECT cardinality(days) AS ranked FROM region_purchase_days WHERE region_id = 'region_referenced_only'").get(0)))
                .onComplete(testContext.succeeding(rows -> testContext.verify(() -> {
                    Map<String, Object> bare = rows.get(0);
                    assertThat(bare.get("is_primary_residence")).isEqualTo(true);
                    Map<String, Object> unknown = new HashMap<>(bare);
                    unknown.remove("is_primary_residence");
                    assertThat(unknown.values()).as("every unknown property field is NULL: " + bare).containsOnlyNulls();
                    assertThat(((Number) rows.get(1).get("rooms")).doubleValue()).isEqualTo(7.0);
                    assertThat(((Number) rows.get(1).get("latitude")).doubleValue()).isEqualTo(37.88);
                    assertThat(((Number) rows.get(1).get("longitude")).doubleValue()).isEqualTo(-122.23);
                    assertThat(rows.get(2).values()).containsOnlyNulls();
                    assertThat(rows.get(3).get("inventory")).isNull();
                    assertThat(rows.get(3).get("new_listings")).isNull();
                    assertThat(((Number) rows.get(3).get("median_price")).doubleValue()).isEqualTo(400_000.0);
                    assertThat(rows.get(4).get("name")).as("the newer description stays").isEqualTo("Described Town");
                    assertThat(rows.get(4).get("state")).isNull();
                    assertThat(((Number) rows.get(5).get("ranked")).intValue()).as("no purchase date, nothing to rank").isZero();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("serves features computed from unknown fields as MISSING, and features with nothing to compute from as NULL")
    void missingVersusNull(VertxTestContext testContext) {
        Future<HttpResponse<Buffer>> bare = features("u_bare", "");
        Future<HttpResponse<Buffer>> bareAsOf = features("u_bare", "&as_of=2024-06-01T00:00:00Z");
        Future<HttpResponse<Buffer>> full = features("u_full", "");
        Future<HttpResponse<Buffer>> none = features("u_none", "&as_of=2024-06-01T00:00:00Z");
        Future<HttpResponse<Buffer>> whole = http.get(port, "127.0.0.1", "/v1/features/user/u_bare").send();
        Future.all(List.of(bare, bareAsOf, full, none, whole)).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            Map<String, JsonObject> every = byName(whole.result());
            assertThat(every.get("market_data_age_days").getString("status")).as("no market data is a fact").isEqualTo("NULL");
            assertThat(every.get("sqft").getString("status")).isEqualTo("MISSING");
            assertThat(every.get("email_days_since_last_open").getString("status")).isEqualTo("NULL");
            for (HttpResponse<Buffer> response : List.of(bare.result(), bareAsOf.result())) {
                Map<String, JsonObject> values = byName(response);
                for (String unknown : List.of("sqft", "bedrooms", "property_type_code", "lot_sqft", "rooms", "latitude", "property_age_years",
                        "purchase_price", "years_owned", "value_change_since_purchase_pct", "equity", "tenure_percentile")) {
                    assertThat(values.get(unknown).getString("status")).as(unknown + " of a property without it").isEqualTo("MISSING");
                    assertThat(values.get(unknown).getValue("value")).isNull();
                }
                assertThat(values.get("estimated_value").getString("status")).as("no valuation yet is a fact").isEqualTo("NULL");
                assertThat(values.get("region_inventory").getString("status")).as("no market data for the region").isEqualTo("NULL");
                assertThat(values.get("properties_owned").getDouble("value")).as("owned since the platform learned of it").isEqualTo(1.0);
            }
            Map<String, JsonObject> described = byName(full.result());
            assertThat(described.get("rooms").getDouble("value")).isEqualTo(7.0);
            assertThat(described.get("latitude").getString("status")).isEqualTo("PRESENT");
            assertThat(described.get("region_median_price").getDouble("value")).isEqualTo(400_000.0);
            assertThat(described.get("region_inventory").getString("status")).as("the month exists, its inventory was not sent").isEqualTo("MISSING");
            assertThat(described.get("market_inventory").getString("status")).isEqualTo("MISSING");
            assertThat(described.get("mortgage_rate_pct").getDouble("value")).isEqualTo(3.75);
            Map<String, JsonObject> propertyless = byName(none.result());
            for (String name : List.of("sqft", "rooms", "years_owned", "equity")) {
                assertThat(propertyless.get(name).getString("status")).as(name + " without a property").isEqualTo("NULL");
            }
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("refuses over HTTP an out-of-range latitude, a wrong type for an optional field and a region without a name, naming each field")
    void refusesBadOptionalValues(VertxTestContext testContext) {
        JsonObject payload = new JsonObject().put("owner_user_id", "u_bad").put("region_id", "r");
        JsonArray bad = new JsonArray()
                .add(event("property.created", "p_bad_1", "2024-01-10T00:00:00Z", payload.copy().put("latitude", 91)))
                .add(event("property.created", "p_bad_2", "2024-01-10T00:00:00Z", payload.copy().put("bedrooms", "three")))
                .add(event("property.created", "p_bad_3", "2024-01-10T00:00:00Z", payload.copy().putNull("owner_user_id")))
                .add(event("region.updated", "r", "2024-01-10T00:00:00Z", new JsonObject().put("state", "IA")));
        http.post(port, "127.0.0.1", "/v1/events").sendJson(bad).onComplete(testContext.succeeding(response -> testContext.verify(() -> {
            assertThat(response.statusCode()).isEqualTo(202);
            JsonArray results = response.bodyAsJsonObject().getJsonArray("results");
            assertThat(results.stream().map(result -> ((JsonObject) result).getString("field")).toList())
                    .containsExactly("payload.latitude", "payload.bedrooms", "payload.owner_user_id", "payload.name");
            assertThat(response.bodyAsJsonObject().getInteger("rejected")).isEqualTo(4);
            testContext.completeNow();
        })));
    }

    private static Future<HttpResponse<Buffer>> features(String user, String query) {
        return http.get(port, "127.0.0.1", "/v1/features/user/" + user + "?names=" + FEATURES + query).send();
    }

    private static Map<String, JsonObject> byName(HttpResponse<Buffer> response) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        Map<String, JsonObject> values = new HashMap<>();
        response.bodyAsJsonObject().getJsonArray("values").forEach(value -> values.put(((JsonObject) value).getString("name"), (JsonObject) value));
        return values;
    }

    private static JsonObject event(String type, String entityId, String occurredAt, JsonObject payload) {
        return TestEvents.EXAMPLES.getJsonObject(type).copy().put("event_id", UUID.randomUUID().toString()).put("entity_id", entityId)
                .put("occurred_at", occurredAt).put("payload", payload);
    }
}
