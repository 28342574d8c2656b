package com.roisystems.ml.api;

import com.roisystems.ml.audit.AuditHandler;
import com.roisystems.ml.audit.AuditLog;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.NewModelVersion;
import com.roisystems.ml.registry.RegistryVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.TrainingContract;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * The audit trail over HTTP. The admin routes sit in a router shaped like the API's, behind a stand-in for the
 * authentication handler that stores the {@link Caller} named by test headers (as the real one stores the token's);
 * one test goes through the real {@link HttpApiVerticle} to check the wiring.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The audit trail")
class AuditTrailTest {

    private static final String SUBJECT_HEADER = "x-test-subject";
    private static final String MODEL = "audited_model";

    private static TestServers servers;
    private static WebClient http;
    private static int port;
    private static int apiPort;
    private static final List<String> trainChangedBy = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers) throws Exception {
        servers = testServers;
        JsonObject config = servers.config().json().copy();
        try (ServerSocket socket = new ServerSocket(0)) {
            apiPort = socket.getLocalPort();
        }
        config.getJsonObject("http").put("port", apiPort);
        ModelRegistry registry = new ModelRegistry(vertx, PgPools.shared(vertx, config), Set.of(1));
        registry.register(new NewModelVersion(MODEL, "MOVE_PROBABILITY", "CLASSIFICATION", "GradientTreeBoost", new byte[]{1}, 1,
                new JsonObject().put("auc", 0.7), new JsonObject(), new JsonObject(), List.of("f"), new JsonObject(), "tests"))
                .await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(new RegistryVerticle(), new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
        // Stands in for the training verticle: records who the request says changed it, then refuses.
        Bus.serve(vertx, TrainingContract.TRAIN, train -> {
            trainChangedBy.add(train.changedBy());
            return Future.failedFuture(ServiceFailure.conflict("not training in this test"));
        }).await(10, TimeUnit.SECONDS);

        AuditLog auditLog = new AuditLog(PgPools.shared(vertx, config));
        Router api = Router.router(vertx);
        api.route("/v1/admin/*").handler(AuditHandler.create(auditLog, "/v1/admin"));
        api.route("/v1/admin/*").subRouter(RegistryRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(TrainingRoutes.router(vertx));
        api.route("/v1/admin/*").subRouter(AuditRoutes.router(vertx, auditLog));
        api.route().failureHandler(ErrorResponses::handle);
        Router root = Router.router(vertx);
        root.route().handler(BodyHandler.create(false));
        root.route().handler(context -> {
            String subject = context.request().getHeader(SUBJECT_HEADER);
            if (subject != null) {
                context.put(Caller.CONTEXT_KEY, new Caller(subject, EnumSet.of(Role.ADMIN), "acme", "127.0.0.1"));
            }
            context.next();
        });
        root.route("/*").subRouter(api);
        root.route(HttpApiVerticle.BASE_PATH + "/*").subRouter(api);
        root.route().last().handler(context -> context.fail(404));
        root.route().failureHandler(ErrorResponses::handle);
        port = vertx.createHttpServer().requestHandler(root).listen(0, "127.0.0.1").await(10, TimeUnit.SECONDS).actualPort();
        http = WebClient.create(vertx);
    }

    private static HttpRequest<Buffer> as(String subject, HttpRequest<Buffer> request) {
        return request.putHeader(SUBJECT_HEADER, subject);
    }

    private static JsonArray entries(String query) throws Exception {
        HttpResponse<Buffer> response = as("auditor", http.get(port, "127.0.0.1", "/v1/admin/audit" + query)).send().await(10, TimeUnit.SECONDS);
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
        return response.bodyAsJsonObject().getJsonArray("entries");
    }

    private static JsonArray awaitEntries(String query, int atLeast) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> entries(query).size() >= atLeast);
        return entries(query);
    }

    @Test
    @DisplayName("records a promotion with the token's subject as actor (a forged changed_by in the body is ignored by the registry too), its roles, tenant, action, target, outcome and address")
    void promotionIsAuditedWithTheCallersSubject() throws Exception {
        HttpResponse<Buffer> promoted = as("alice", http.post(port, "127.0.0.1", HttpApiVerticle.BASE_PATH + "/v1/admin/models/" + MODEL + "/versions/1/promote"))
                .sendJsonObject(new JsonObject().put("stage", "Staging").put("changed_by", "mallory")).await(10, TimeUnit.SECONDS);
        assertThat(promoted.statusCode()).as(promoted.bodyAsString()).isEqualTo(200);

        JsonObject entry = awaitEntries("?actor=alice", 1).getJsonObject(0);
        assertThat(entry.getString("action")).isEqualTo("POST /v1/admin/models/:name/versions/:version/promote");
        assertThat(entry.getJsonObject("target")).isEqualTo(new JsonObject().put("name", MODEL).put("version", "1"));
        assertThat(entry.getInteger("outcome")).isEqualTo(200);
        assertThat(entry.getJsonArray("roles")).containsExactly("admin");
        assertThat(entry.getString("tenant_id")).isEqualTo("acme");
        assertThat(entry.getString("client_address")).isEqualTo("127.0.0.1");
        assertThat(Instant.parse(entry.getString("at"))).isBefore(Instant.now());

        String changedBy = servers.jdbc().queryForObject("""
                SELECT h.changed_by FROM ml_model_stage_history h JOIN ml_models m USING (model_id)
                WHERE m.name = ? ORDER BY h.changed_at DESC LIMIT 1""", String.class, MODEL);
        assertThat(changedBy).isEqualTo("alice");
        assertThat(servers.jdbc().count("SELECT count(*) FROM audit_log WHERE actor = 'mallory' OR details::text LIKE '%mallory%'")).isZero();
    }

    @Test
    @DisplayName("training is requested as changed by the token's subject, whatever changed_by the body forges; the refused request is audited with its 409")
    void trainingChangedByComesFromTheCaller() throws Exception {
        HttpResponse<Buffer> refused = as("carol", http.post(port, "127.0.0.1", "/v1/admin/models/train"))
                .sendJsonObject(new JsonObject().put("prediction_type", "MOVE_PROBABILITY").put("changed_by", "mallory"))
                .await(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(trainChangedBy).containsExactly("carol");
        JsonObject entry = awaitEntries("?actor=carol", 1).getJsonObject(0);
        assertThat(entry.getString("action")).isEqualTo("POST /v1/admin/models/train");
        assertThat(entry.getInteger("outcome")).isEqualTo(409);
    }

    @Test
    @DisplayName("lists newest first and filters by actor, action, since and limit")
    void listingFilters() throws Exception {
        for (String subject : List.of("dave", "erin", "dave")) {
            HttpResponse<Buffer> response = as(subject, http.get(port, "127.0.0.1", "/v1/admin/models/" + MODEL)).send().await(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).isEqualTo(200);
        }
        as("dave", http.get(port, "127.0.0.1", "/v1/admin/models/no_such_model")).send().await(10, TimeUnit.SECONDS);
        JsonArray daves = awaitEntries("?actor=dave", 3);
        assertThat(daves).hasSize(3);
        assertThat(daves.getJsonObject(0).getInteger("outcome")).as("newest first: the unknown model").isEqualTo(404);
        assertThat(Instant.parse(daves.getJsonObject(0).getString("at"))).isAfterOrEqualTo(Instant.parse(daves.getJsonObject(1).getString("at")));
        assertThat(entries("?actor=dave&limit=1")).hasSize(1);
        JsonArray byAction = entries("?actor=dave&action=" + URLEncoder.encode("GET /v1/admin/models/:name", StandardCharsets.UTF_8));
        assertThat(byAction).hasSize(3);
        assertThat(entries("?actor=erin")).hasSize(1);
        assertThat(entries("?actor=dave&since=" + Instant.now().plusSeconds(60))).isEmpty();
        assertThat(entries("?actor=dave&since=" + Instant.now().minusSeconds(600))).hasSize(3);
    }

    @Test
    @DisplayName("answers 400 naming the parameter for a bad limit or since, or a control character in actor or action (U+0000 answered 500)")
    void badFiltersAreRefused() throws Exception {
        for (String[] bad : List.of(new String[]{"limit=0", "limit"}, new String[]{"limit=abc", "limit"}, new String[]{"limit=1001", "limit"},
                new String[]{"since=yesterday", "since"}, new String[]{"actor=%00", "actor"}, new String[]{"action=GET%01", "action"})) {
            HttpResponse<Buffer> response = as("frank", http.get(port, "127.0.0.1", "/v1/admin/audit?" + bad[0])).send().await(10, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(bad[0]).isEqualTo(400);
            JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
            assertThat(error.getString("code")).isEqualTo("invalid_field");
            assertThat(error.getString("field")).isEqualTo(bad[1]);
        }
    }

    @Test
    @DisplayName("refuses UPDATE, DELETE and TRUNCATE of audit rows; only a transaction that sets roi.retention may delete")
    void appendOnly() throws Exception {
        servers.jdbc().execute("""
                INSERT INTO audit_log (actor, roles, action, outcome) VALUES ('ghost', '{admin}', 'GET /v1/admin/models', 200)""");
        assertThatThrownBy(() -> servers.jdbc().execute("UPDATE audit_log SET actor = 'someone else' WHERE actor = 'ghost'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> servers.jdbc().execute("DELETE FROM audit_log WHERE actor = 'ghost'"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThatThrownBy(() -> servers.jdbc().execute("TRUNCATE audit_log"))
                .isInstanceOf(SQLException.class).hasMessageContaining("append-only");
        assertThat(servers.jdbc().count("SELECT count(*) FROM audit_log WHERE actor = 'ghost'")).isEqualTo(1);

        int deleted;
        try (Connection connection = servers.jdbc().connect()) {
            connection.setAutoCommit(false);
            TestDatabase in = TestDatabase.on(connection);
            in.query("SELECT set_config('roi.retention', 'on', true)", row -> row.getString(1));
            deleted = in.execute("DELETE FROM audit_log WHERE actor = 'ghost'");
            connection.commit();
        }
        assertThat(deleted).isEqualTo(1);
        servers.jdbc().execute("""
                INSERT INTO audit_log (actor, roles, action, outcome) VALUES ('ghost', '{admin}', 'GET /v1/admin/models', 200)""");
        assertThatThrownBy(() -> servers.jdbc().execute("DELETE FROM audit_log WHERE actor = 'ghost'"))
                .as("the setting ended with its transaction").isInstanceOf(SQLException.class);
    }

    @Test
    @DisplayName("the service's HTTP API audits its admin routes with the token's subject (under /api/ml the same as at the root), refused attempts too")
    void serviceWiring(Vertx vertx) throws Exception {
        WebClient admin = TestTokens.webClient(vertx, TestTokens.admin());
        HttpResponse<Buffer> listed = admin.get(apiPort, "127.0.0.1", HttpApiVerticle.BASE_PATH + "/v1/admin/models").send().await(10, TimeUnit.SECONDS);
        assertThat(listed.statusCode()).isEqualTo(200);
        HttpResponse<Buffer> refused = TestTokens.webClient(vertx, TestTokens.client("acme"))
                .get(apiPort, "127.0.0.1", "/v1/admin/models").send().await(10, TimeUnit.SECONDS);
        assertThat(refused.statusCode()).isEqualTo(403);

        JsonObject entry = awaitEntry(admin, "/v1/admin/audit?actor=test-admin&action=GET%20/v1/admin/models");
        assertThat(entry.getString("actor")).isEqualTo("test-admin");
        assertThat(entry.getInteger("outcome")).isEqualTo(200);
        JsonObject attempt = awaitEntry(admin, "/v1/admin/audit?actor=test-client-acme&action=GET%20/v1/admin/models");
        assertThat(attempt.getInteger("outcome")).isEqualTo(403);
        assertThat(attempt.getString("tenant_id")).isEqualTo("acme");
        assertThat(attempt.getJsonObject("target")).as("the mount's wildcard is not a target").isEqualTo(new JsonObject());
    }

    private JsonObject awaitEntry(WebClient client, String query) throws Exception {
        await().atMost(Duration.ofSeconds(10)).until(() -> client.get(apiPort, "127.0.0.1", query)
                .send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("entries").size() >= 1);
        return client.get(apiPort, "127.0.0.1", query).send().await(10, TimeUnit.SECONDS).bodyAsJsonObject().getJsonArray("entries").getJsonObject(0);
    }
}
