package com.roisystems.ml.privacy;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code DELETE /v1/admin/users/{id}} on a simulated platform, through the service's HTTP API, then every table of the
 * database (as {@code information_schema} lists them) and Redis searched for the id.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Erasing a person")
class UserErasureTest {

    private static TestServers servers;
    private static WebClient http;
    private static Redis redis;
    private static int port;
    private static final List<UserErased> announced = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        Simulation.load(servers.database(), SimulationParameters.defaults().withUsers(80).withMonths(12).withSeed(11), false, Progress.NONE);
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JsonObject config = servers.config().json().copy();
        config.getJsonObject("http").put("port", port);
        vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
        Bus.subscribe(vertx, UserErased.TOPIC, announced::add).await(10, TimeUnit.SECONDS);
        http = TestTokens.webClient(vertx, TestTokens.admin());
        redis = Redis.createClient(vertx, servers.redis().url());
    }

    /** A simulated person who owns a property and has transactions, so every special case has rows. */
    private static String personWithEverything(String notThis) throws Exception {
        return servers.jdbc().queryForObject("""
                SELECT u.user_id FROM users u
                WHERE EXISTS (SELECT 1 FROM properties p WHERE p.owner_user_id = u.user_id)
                  AND EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = u.user_id)
                  AND EXISTS (SELECT 1 FROM page_views v WHERE v.user_id = u.user_id)
                  AND u.user_id <> ?
                ORDER BY u.user_id LIMIT 1""", String.class, notThis);
    }

    /** Rows the service would have written about a person: features, a prediction with feedback, the ledger, a dead letter, scratch, Redis. */
    private static void giveServiceData(String userId, String propertyId) throws Exception {
        var jdbc = servers.jdbc();
        jdbc.execute("""
                INSERT INTO ml_feature_layouts (layout_hash, feature_names, feature_versions) VALUES ('erasure-test', '{f}', '{1}')
                ON CONFLICT (layout_hash) DO NOTHING""");
        long layout = jdbc.count("SELECT layout_id FROM ml_feature_layouts WHERE layout_hash = 'erasure-test'");
        jdbc.execute("INSERT INTO ml_feature_values (entity_type, entity_id, as_of, layout_id, \"values\", tenant_id) VALUES ('USER', ?, now(), ?, '{1.0}', 'acme')",
                userId, (int) layout);
        jdbc.execute("INSERT INTO ml_feature_values (entity_type, entity_id, as_of, layout_id, \"values\", tenant_id) VALUES ('PROPERTY', ?, now(), ?, '{2.0}', 'acme')",
                propertyId, (int) layout);
        jdbc.execute("""
                INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version, request,
                    features_used, predicted_class, latency_ms, created_at, actual_class, feedback_at, tenant_id)
                VALUES (?, 'USER', ?, 'MOVE_PROBABILITY', 'move_probability_model', 1, ?::jsonb, '{}', 'HIGH', 1.0, now(), 'LOW', now(), 'acme')""",
                UUID.randomUUID().toString(), userId, new JsonObject().put("entity_id", userId).encode());
        jdbc.execute("INSERT INTO ingested_events (event_id, event_type, entity_id, occurred_at, source, tenant_id) VALUES (?::uuid, 'page.viewed', ?, now(), 'HTTP', 'acme')",
                UUID.randomUUID().toString(), userId);
        jdbc.execute("INSERT INTO dead_letters (source, event_type, reason, field, raw, tenant_id) VALUES ('HTTP', 'page.viewed', 'invalid', 'page', convert_to(?, 'UTF8'), 'acme')",
                new JsonObject().put("event_type", "page.viewed").put("entity_id", userId).put("page", 42).encode());
        jdbc.execute("INSERT INTO pipeline_run_users (run_id, ord, user_id) VALUES (?, 1, ?)", (long) Math.abs(userId.hashCode()), userId);
        redis.send(Request.cmd(Command.HSET).arg("roi:features:USER:" + userId).arg("values").arg("1.0")).await(10, TimeUnit.SECONDS);
    }

    /** Rows per base table in which {@code id} appears as a whole word (in any column, bytea decoded), audit trail excluded. */
    private static Map<String, Long> mentions(String id) throws Exception {
        var jdbc = servers.jdbc();
        String pattern = "(^|[^A-Za-z0-9_])" + id.replaceAll("([^A-Za-z0-9_])", "\\\\$1") + "([^A-Za-z0-9_]|$)";
        Map<String, Long> found = new LinkedHashMap<>();
        List<String> tables = jdbc.query("""
                SELECT table_name FROM information_schema.tables
                WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' AND table_name <> 'audit_log'
                ORDER BY table_name""", row -> row.getString(1));
        for (String table : tables) {
            List<String> byteaColumns = jdbc.query("""
                    SELECT column_name FROM information_schema.columns
                    WHERE table_schema = current_schema() AND table_name = ? AND data_type = 'bytea'""", row -> row.getString(1), table);
            StringBuilder where = new StringBuilder("t::text ~ ?");
            for (String column : byteaColumns) {
                where.append(" OR encode(t.\"").append(column).append("\", 'escape') ~ ?");
            }
            Object[] args = new Object[1 + byteaColumns.size()];
            java.util.Arrays.fill(args, pattern);
            long rows = jdbc.count("SELECT count(*) FROM \"" + table + "\" AS t WHERE " + where, args);
            if (rows > 0) {
                found.put(table, rows);
            }
        }
        return found;
    }

    private static List<String> redisKeysNaming(String id) throws Exception {
        Response keys = redis.send(Request.cmd(Command.KEYS).arg("*")).await(10, TimeUnit.SECONDS);
        Pattern word = Pattern.compile("(^|[^A-Za-z0-9_])" + Pattern.quote(id) + "([^A-Za-z0-9_]|$)");
        List<String> naming = new ArrayList<>();
        keys.forEach(key -> {
            if (word.matcher(key.toString()).find()) {
                naming.add(key.toString());
            }
        });
        return naming;
    }

    private static HttpResponse<Buffer> erase(String id) throws Exception {
        return http.delete(port, "127.0.0.1", "/v1/admin/users/" + id).send().await(30, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("removes every row naming them from every table and their Redis vector, leaves another person untouched, answers the counts, announces it, is audited, and a second call answers zeros")
    void erasesEverything() throws Exception {
        String other = personWithEverything("");
        String person = personWithEverything(other);
        List<String> properties = servers.jdbc().query("SELECT property_id FROM properties WHERE owner_user_id = ?", row -> row.getString(1), person);
        giveServiceData(person, properties.get(0));
        giveServiceData(other, servers.jdbc().queryForObject("SELECT property_id FROM properties WHERE owner_user_id = ? LIMIT 1", String.class, other));
        Map<String, Long> otherBefore = mentions(other);
        Map<String, Long> before = mentions(person);
        assertThat(before).containsKeys("users", "properties", "transactions", "page_views", "ml_feature_values", "ml_predictions",
                "ingested_events", "dead_letters", "pipeline_run_users", "sim_user_month_truth");
        assertThat(redisKeysNaming(person)).isNotEmpty();

        HttpResponse<Buffer> erased = erase(person);
        assertThat(erased.statusCode()).as(erased.bodyAsString()).isEqualTo(200);
        JsonObject deleted = erased.bodyAsJsonObject().getJsonObject("deleted");
        assertThat(deleted.getLong("users")).isEqualTo(1);
        assertThat(deleted.getLong("properties")).isEqualTo(properties.size());
        assertThat(deleted.getLong("ml_predictions")).isEqualTo(1);
        assertThat(deleted.getLong("ml_feature_values")).as("the person's and their property's").isEqualTo(2);
        assertThat(deleted.getLong("dead_letters")).isEqualTo(1);
        assertThat(deleted.getLong("page_views")).isEqualTo(before.get("page_views"));
        assertThat(erased.bodyAsJsonObject().getInteger("online_store_keys")).isEqualTo(1);

        assertThat(mentions(person)).as("rows still naming " + person).isEmpty();
        assertThat(redisKeysNaming(person)).isEmpty();
        for (String property : properties) {
            for (String table : List.of("properties", "property_valuations", "sim_property_value_truth", "ml_feature_values", "ml_predictions")) {
                String column = table.startsWith("ml_") ? "entity_id" : "property_id";
                assertThat(servers.jdbc().count("SELECT count(*) FROM " + table + " WHERE " + column + " = ?", property)).as(table + " " + property).isZero();
            }
        }
        assertThat(mentions(other)).as("another person is untouched").isEqualTo(otherBefore);
        assertThat(redisKeysNaming(other)).isNotEmpty();

        await().atMost(Duration.ofSeconds(10)).until(() -> announced.stream().anyMatch(erasure -> erasure.userId().equals(person)));
        UserErased announcement = announced.stream().filter(erasure -> erasure.userId().equals(person)).findFirst().orElseThrow();
        assertThat(announcement.entityIds()).contains(person).containsAll(properties);
        await().atMost(Duration.ofSeconds(10)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM audit_log WHERE action = 'DELETE /v1/admin/users/:id' AND target ->> 'id' = ?", person) == 1);
        assertThat(servers.jdbc().queryForObject("SELECT details ->> 'users' FROM audit_log WHERE target ->> 'id' = ?", String.class, person))
                .as("the counts are in the audit entry").isEqualTo("1");

        HttpResponse<Buffer> again = erase(person);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.bodyAsJsonObject().getLong("total_rows")).isZero();
        assertThat(again.bodyAsJsonObject().getJsonObject("deleted").stream().allMatch(entry -> ((Number) entry.getValue()).longValue() == 0)).isTrue();
        assertThat(again.bodyAsJsonObject().getInteger("online_store_keys")).isZero();
    }

    @Test
    @DisplayName("answers 400 naming id for a blank id or one with control characters")
    void badIds() throws Exception {
        for (String bad : List.of("%20", "user%01x")) {
            HttpResponse<Buffer> response = erase(bad);
            assertThat(response.statusCode()).as(bad).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("id");
        }
    }

    @Test
    @DisplayName("an id nobody has answers 200 with zero counts")
    void unknownIdIsZeros() throws Exception {
        HttpResponse<Buffer> response = erase("nobody_" + Instant.now().toEpochMilli());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject().getLong("total_rows")).isZero();
    }
}
