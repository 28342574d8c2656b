package com.roisystems.ml.features;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Instant;
import java.util.List;
import java.util.function.Supplier;

import static com.roisystems.ml.features.FeatureFixture.T;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The feature verticle, over the event bus and HTTP")
class FeatureVerticleTest {

    private static TestServers servers;
    private static WebClient http;
    private static int port;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers, VertxTestContext context) throws Exception {
        servers = testServers;
        FeatureFixture.load(servers.database());
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JsonObject config = servers.config().json().copy();
        config.getJsonObject("http").put("port", port);
        config.put("features", new JsonObject().put("lruTtlMs", 300).put("coalesceMs", 100));
        http = TestTokens.webClient(vertx, TestTokens.all());
        vertx.deployVerticle(new FeatureVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(config)))
                .onComplete(context.succeedingThenComplete());
    }

    private static Future<FeatureVector> get(Vertx vertx, String user, Instant asOf, List<String> names, List<String> categories) {
        return Bus.request(vertx, FeatureContract.GET, new FeatureContract.GetRequest(EntityRef.user(user), asOf, names, categories));
    }

    private static Future<HttpResponse<io.vertx.core.buffer.Buffer>> httpGet(String path) {
        return http.get(port, "127.0.0.1", path).send();
    }

    /** Retries {@code check} every 200 ms until it yields true, for up to {@code attempts} tries. */
    private static Future<Void> eventually(Vertx vertx, Supplier<Future<Boolean>> check, int attempts) {
        return check.get().recover(failure -> Future.succeededFuture(false)).compose(ok -> {
            if (ok) {
                return Future.succeededFuture();
            }
            if (attempts <= 1) {
                return Future.failedFuture("condition not reached in time");
            }
            Promise<Void> later = Promise.promise();
            vertx.setTimer(200, timer -> eventually(vertx, check, attempts - 1).onComplete(later));
            return later.future();
        });
    }

    @Test
    @DisplayName("serves the latest vector from PostgreSQL first, then from the online store, with statuses")
    void latestThenOnline(Vertx vertx, VertxTestContext context) {
        get(vertx, "u1", null, List.of(), List.of())
                .compose(first -> get(vertx, "u1", null, List.of("equity", "doc_access_90d"), List.of()).map(second -> List.of(first, second)))
                .onComplete(context.succeeding(vectors -> context.verify(() -> {
                    FeatureVector first = vectors.get(0);
                    FeatureVector second = vectors.get(1);
                    assertThat(first.source()).isEqualTo(FeatureVector.SOURCE_POSTGRES);
                    assertThat(first.values()).hasSize(FeatureCatalog.standard().all().size());
                    assertThat(second.source()).isIn(FeatureVector.SOURCE_MEMORY, FeatureVector.SOURCE_ONLINE);
                    assertThat(second.values()).extracting(FeatureValue::name).containsExactly("doc_access_90d", "equity");
                    assertThat(second.value("equity")).isEqualTo(first.value("equity"));
                    assertThat(second.get("equity").orElseThrow().status()).isEqualTo(FeatureStatus.PRESENT);
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("a point-in-time request computes as of the given instant")
    void pointInTime(Vertx vertx, VertxTestContext context) {
        get(vertx, "u1", T, List.of("doc_access_30d", "estimated_value"), List.of()).onComplete(context.succeeding(vector -> context.verify(() -> {
            assertThat(vector.asOf()).isEqualTo(T);
            assertThat(vector.value("doc_access_30d")).isEqualTo(3.0);
            assertThat(vector.value("estimated_value")).isEqualTo(480000.0);
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("bad requests on the bus fail with 400 naming the field, unknown users with 404")
    void badBusInput(Vertx vertx, VertxTestContext context) {
        List<Future<FeatureVector>> requests = List.of(
                get(vertx, "u1", null, List.of("foo"), List.of()),
                get(vertx, "u1", null, List.of(), List.of("NOPE")),
                get(vertx, "ghost", null, List.of(), List.of()),
                get(vertx, "u1", Instant.now().plusSeconds(3600), List.of(), List.of()),
                vertx.eventBus().<JsonObject>request(FeatureContract.GET.address(), new JsonObject().put("entity_id", "u1").put("as_of", "yesterday"))
                        .map(reply -> (FeatureVector) null));
        Future.join(requests).onComplete(done -> context.verify(() -> {
            assertThat(requests).allMatch(Future::failed);
            List<ReplyException> failures = requests.stream().map(f -> (ReplyException) f.cause()).toList();
            assertThat(failures).extracting(ReplyException::failureCode).containsExactly(400, 400, 404, 400, 400);
            assertThat(failures.get(0).getMessage()).isEqualTo("names: unknown feature 'foo'");
            assertThat(failures.get(1).getMessage()).startsWith("categories: ");
            assertThat(failures.get(2).getMessage()).startsWith("entity_id: unknown user");
            assertThat(failures.get(3).getMessage()).isEqualTo("as_of: must not be in the future");
            assertThat(failures.get(4).getMessage()).startsWith("as_of: ");
            context.completeNow();
        }));
    }

    private static Future<FeatureVector> getAs(Vertx vertx, String tenant, String user, Instant asOf) {
        return Bus.request(vertx, FeatureContract.GET, new FeatureContract.GetRequest(EntityRef.user(user), asOf, List.of(), List.of(), tenant));
    }

    @Test
    @DisplayName("an acme request for a globex user is 404 NOT_FOUND like an unknown user, latest (also once its vector is online) and as of a date; "
            + "globex's and platform-wide requests are served, with the user's tenant")
    void anotherTenantsUserIsNotFound(Vertx vertx, VertxTestContext context) throws Exception {
        // Users of their own, so no other test finds them already online.
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES "
                + "('g1', 'R2', '18_34', '2023-01-01T00:00:00Z', 'globex'), ('a1', 'R1', '18_34', '2023-01-01T00:00:00Z', 'acme')");
        Instant past = Instant.parse("2024-07-01T00:00:00Z");
        // The platform-wide read computes g1's vector and puts it in the online store (memory and Redis) as globex's.
        getAs(vertx, null, "g1", null)
                .compose(platformWide -> {
                    context.verify(() -> assertThat(platformWide.tenant()).isEqualTo("globex"));
                    List<Future<FeatureVector>> reads = List.of(
                            getAs(vertx, "acme", "g1", null), getAs(vertx, "acme", "g1", past), getAs(vertx, "acme", "ghost", null),
                            getAs(vertx, "globex", "g1", null), getAs(vertx, "globex", "g1", past), getAs(vertx, "acme", "a1", null));
                    return Future.join(reads).transform(done -> Future.succeededFuture(reads));
                })
                .onComplete(context.succeeding(reads -> context.verify(() -> {
                    for (int i = 0; i < 3; i++) {
                        assertThat(reads.get(i).failed()).as("read " + i).isTrue();
                        ReplyException failure = (ReplyException) reads.get(i).cause();
                        assertThat(failure.failureCode()).as("read " + i).isEqualTo(404);
                        assertThat(failure.getMessage()).as("read " + i).startsWith("entity_id: unknown user");
                    }
                    assertThat(reads.get(3).result().source()).as("served from the online store").isNotEqualTo(FeatureVector.SOURCE_POSTGRES);
                    assertThat(reads.get(3).result().tenant()).isEqualTo("globex");
                    assertThat(reads.get(4).result().tenant()).isEqualTo("globex");
                    assertThat(reads.get(5).result().tenant()).isEqualTo("acme");
                    assertThat(reads.get(3).result().toJson().getString("tenant_id")).isEqualTo("globex");
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("over HTTP an acme client token gets 404 not_found for a globex user, and globex's token gets the vector")
    void httpAnswersAnotherTenants404(Vertx vertx, VertxTestContext context) throws Exception {
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES "
                + "('g_http', 'R2', '18_34', '2023-01-01T00:00:00Z', 'globex')");
        WebClient acme = TestTokens.webClient(vertx, TestTokens.client("acme"));
        WebClient globex = TestTokens.webClient(vertx, TestTokens.client("globex"));
        acme.get(port, "127.0.0.1", "/v1/features/user/g_http").send()
                .compose(crossed -> globex.get(port, "127.0.0.1", "/v1/features/user/g_http").send().map(own -> List.of(crossed, own)))
                .onComplete(context.succeeding(responses -> context.verify(() -> {
                    assertThat(responses.get(0).statusCode()).isEqualTo(404);
                    assertThat(responses.get(0).bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_found");
                    assertThat(responses.get(1).statusCode()).isEqualTo(200);
                    assertThat(responses.get(1).bodyAsJsonObject().getString("tenant_id")).isEqualTo("globex");
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("the online store keeps each vector's tenant: a stored vector is served only to its tenant or a platform-wide caller")
    void onlineStoreRecordsTheTenant() {
        StoredVector stored = new StoredVector(Instant.now(), "h", 1, new double[]{1.0}, "globex");
        assertThat(stored.visibleTo("globex")).isTrue();
        assertThat(stored.visibleTo(null)).isTrue();
        assertThat(stored.visibleTo("acme")).isFalse();
        assertThat(new StoredVector(Instant.now(), "h", 1, new double[]{1.0}, null).visibleTo(null))
                .as("a vector stored before tenants existed is recomputed").isFalse();
    }

    @Test
    @DisplayName("HTTP serves values with statuses and the catalog, and maps bad input to 400 with the field and unknown users to 404")
    void httpRoutes(VertxTestContext context) {
        String future = Instant.now().plusSeconds(86400).toString();
        Future.all(List.of(
                httpGet("/v1/features/user/u1?names=equity,has_agent&as_of=" + T),
                httpGet("/api/ml/v1/features/catalog"),
                httpGet("/v1/features/user/u1?names=foo"),
                httpGet("/v1/features/user/ghost"),
                httpGet("/v1/features/user/u1?as_of=not-a-date"),
                httpGet("/v1/features/user/u1?as_of=" + future),
                httpGet("/v1/features/user/u1?categories=bogus"))).onComplete(context.succeeding(all -> context.verify(() -> {
            List<HttpResponse<io.vertx.core.buffer.Buffer>> responses = all.list();
            assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 400, 404, 400, 400, 400);
            FeatureVector vector = FeatureVector.fromJson(responses.get(0).bodyAsJsonObject());
            assertThat(vector.value("has_agent")).isEqualTo(1.0);
            assertThat(vector.get("equity").orElseThrow().status()).isEqualTo(FeatureStatus.PRESENT);
            assertThat(responses.get(1).bodyAsJsonObject().getInteger("count")).isEqualTo(FeatureCatalog.standard().all().size());
            assertThat(responses.get(2).bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("names");
            assertThat(responses.get(2).bodyAsJsonObject().getJsonObject("error").getString("message")).isEqualTo("names: unknown feature 'foo'");
            assertThat(responses.get(4).bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("as_of");
            assertThat(responses.get(5).bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("as_of");
            assertThat(responses.get(6).bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("categories");
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("new activity refreshes the user's online vector and announces features.updated")
    void streaming(Vertx vertx, VertxTestContext context) throws Exception {
        Promise<FeaturesUpdated> announced = Promise.promise();
        Bus.subscribe(vertx, FeaturesUpdated.TOPIC, update -> {
            if (update.entities().contains(EntityRef.user("u3"))) {
                announced.tryComplete(update);
            }
        });
        get(vertx, "u3", null, List.of("doc_access_7d"), List.of())
                .compose(before -> vertx.executeBlocking(() -> {
                    servers.jdbc().execute("INSERT INTO document_access (event_id, user_id, document_id, document_type, action, occurred_at)"
                            + " VALUES (gen_random_uuid(), 'u3', 'd9', 'DEED', 'VIEWED', now() - interval '1 minute')");
                    for (int i = 0; i < 5; i++) {
                        Bus.publish(vertx, ActivityIngested.TOPIC, new ActivityIngested(List.of(EntityRef.user("u3")), 1, Instant.now()));
                    }
                    return before;
                }))
                .compose(before -> announced.future().compose(update -> get(vertx, "u3", null, List.of("doc_access_7d"), List.of()))
                        .map(after -> List.of(before, after)))
                .onComplete(context.succeeding(vectors -> context.verify(() -> {
                    assertThat(vectors.get(0).value("doc_access_7d")).isZero();
                    assertThat(vectors.get(1).value("doc_access_7d")).isEqualTo(1.0);
                    assertThat(vectors.get(1).source()).isIn(FeatureVector.SOURCE_MEMORY, FeatureVector.SOURCE_ONLINE);
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("with Redis down vectors come from PostgreSQL with the right values and /health says degraded; it recovers without restart")
    void redisDown(Vertx vertx, VertxTestContext context) throws Exception {
        servers.redis().stop();
        Future<FeatureVector> whileDown = get(vertx, "u2", null, List.of(), List.of());
        Future<JsonObject> healthDown = whileDown.compose(ignored -> httpGet("/health")).map(HttpResponse::bodyAsJsonObject);
        // Restarting the Redis process blocks: on a worker, not on the event loop the chain runs on.
        healthDown.transform(result -> vertx.executeBlocking(() -> {
                    servers.redis().restart();
                    return null;
                }).compose(restarted -> result.succeeded() ? Future.succeededFuture() : Future.<Void>failedFuture(result.cause())))
                .compose(restarted -> eventually(vertx, () -> httpGet("/health").map(response ->
                        "UP".equals(response.bodyAsJsonObject().getJsonObject("components").getJsonObject("online_store").getString("status"))), 50))
                .compose(recovered -> eventually(vertx, () -> get(vertx, "u2", null, List.of("user_tenure_days"), List.of())
                        .map(vector -> FeatureVector.SOURCE_ONLINE.equals(vector.source())), 30))
                .onComplete(context.succeeding(done -> context.verify(() -> {
                    FeatureVector vector = whileDown.result();
                    assertThat(vector.source()).isEqualTo(FeatureVector.SOURCE_POSTGRES);
                    assertThat(vector.value("user_tenure_days")).isCloseTo(
                            java.time.Duration.between(Instant.parse("2024-06-01T00:00:00Z"), vector.asOf()).toMillis() / 86_400_000.0, within(1e-6));
                    assertThat(vector.get("estimated_value").orElseThrow().status()).isEqualTo(FeatureStatus.NULL);
                    JsonObject store = healthDown.result().getJsonObject("components").getJsonObject("online_store");
                    assertThat(store.getString("status")).isEqualTo("DEGRADED");
                    // the overall status also depends on Kafka and PostgreSQL probes; Redis alone can only degrade it
                    assertThat(healthDown.result().getString("status")).isNotEqualTo("healthy");
                    context.completeNow();
                })));
    }
}
