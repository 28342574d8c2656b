package com.roisystems.ml.pipeline;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.pipeline.PipelineContract.AcceptBaseline;
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
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Instant;
import java.time.LocalDate;

import static com.roisystems.ml.pipeline.PipelineFixture.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A fresh deployment (issue #14 item 4): the service runs the pipeline before its data arrives, then on real data.
 * The tests run in order on one database, as a deployment lives: empty run, first real run, a later run, an admin's
 * accepted baseline, a run after it.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DisplayName("The pipeline's PSI baseline on a fresh deployment")
class PipelineBaselineTest {

    private static TestServers servers;
    private static WebClient admin;
    private static int port;
    private static long emptyRun;
    private static long firstRealRun;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers, VertxTestContext context) throws Exception {
        servers = testServers;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JsonObject config = servers.config().json().copy();
        config.getJsonObject("http").put("port", port);
        config.put("pipeline", new JsonObject().put("catchUp", false).put("retries", 0));
        admin = TestTokens.webClient(vertx, TestTokens.admin());
        vertx.deployVerticle(new PipelineVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(config)))
                .onComplete(context.succeedingThenComplete());
    }

    private static Future<JsonObject> runToEnd(Vertx vertx, LocalDate asOf) {
        return admin.post(port, "127.0.0.1", "/v1/admin/pipeline/runs").sendJsonObject(new JsonObject().put("as_of", asOf.toString()))
                .compose(response -> {
                    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
                    return finished(vertx, response.bodyAsJsonObject().getLong("run_id"));
                });
    }

    private static Future<JsonObject> finished(Vertx vertx, long runId) {
        return admin.get(port, "127.0.0.1", "/v1/admin/pipeline/runs/" + runId).send().compose(response -> {
            JsonObject run = response.bodyAsJsonObject();
            return RunStatus.valueOf(run.getString("status")).finished() ? Future.succeededFuture(run)
                    : vertx.timer(200).compose(ignored -> finished(vertx, runId));
        });
    }

    private static Future<HttpResponse<Buffer>> accept(JsonObject body) {
        return admin.post(port, "127.0.0.1", "/v1/admin/pipeline/baseline").sendJsonObject(body);
    }

    private static JsonObject shiftGate(JsonObject run) {
        JsonObject gate = run.getJsonArray("gates").getJsonObject(2);
        assertThat(gate.getString("gate")).isEqualTo(QualityGates.DISTRIBUTION_SHIFT);
        return gate;
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String messagePart) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("message")).startsWith("run_id:").contains(messagePart);
    }

    @Test
    @Order(1)
    @DisplayName("a run on an empty database succeeds with its shift gate skipped: too few users to compare")
    void emptyRunIsNotCompared(Vertx vertx, VertxTestContext context) {
        runToEnd(vertx, AS_OF.minusDays(30)).onComplete(context.succeeding(run -> context.verify(() -> {
            assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
            assertThat(run.getInteger("users")).isZero();
            JsonObject shift = shiftGate(run);
            assertThat(shift.getBoolean("baseline")).isFalse();
            assertThat(shift.getBoolean("skipped")).isTrue();
            assertThat(shift.getString("reason")).contains("0 user(s)", "minBaselineUsers (100)");
            emptyRun = run.getLong("run_id");
            context.completeNow();
        })));
    }

    @Test
    @Order(2)
    @DisplayName("the first run on real data succeeds: the empty run is not its baseline, the gate is skipped with the reason")
    void firstRealRunSucceeds(Vertx vertx, VertxTestContext context) throws Exception {
        PipelineFixture.simulate(servers.database());
        runToEnd(vertx, AS_OF).onComplete(context.succeeding(run -> context.verify(() -> {
            assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
            assertThat(run.getInteger("users")).isGreaterThanOrEqualTo(100);
            JsonObject shift = shiftGate(run);
            assertThat(shift.getBoolean("passed")).isTrue();
            assertThat(shift.getBoolean("skipped")).isTrue();
            assertThat(shift.getInteger("checked_features")).isZero();
            assertThat(shift.getString("reason")).startsWith("no baseline").contains("at least 100 users");
            firstRealRun = run.getLong("run_id");
            context.completeNow();
        })));
    }

    @Test
    @Order(3)
    @DisplayName("a later run compares with the latest run that had enough users")
    void laterRunComparesWithLatestEligible(Vertx vertx, VertxTestContext context) {
        runToEnd(vertx, AS_OF.plusDays(1)).onComplete(context.succeeding(run -> context.verify(() -> {
            assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
            JsonObject shift = shiftGate(run);
            assertThat(shift.getBoolean("baseline")).isTrue();
            assertThat(shift.containsKey("skipped")).isFalse();
            assertThat(shift.getInteger("checked_features")).isGreaterThan(50);
            assertThat(shift.getJsonObject("baseline_run").getLong("run_id")).isEqualTo(firstRealRun);
            assertThat(shift.getJsonObject("baseline_run").getString("source")).isEqualTo("latest_eligible_run");
            context.completeNow();
        })));
    }

    @Test
    @Order(4)
    @DisplayName("an admin accepts a run's distribution over HTTP (accepted_by from the token, audited); later runs compare with it")
    void acceptedBaselineIsUsed(Vertx vertx, VertxTestContext context) {
        Instant before = Instant.now().minusSeconds(1);
        accept(new JsonObject().put("run_id", firstRealRun).put("accepted_by", "mallory"))
                .compose(response -> {
                    context.verify(() -> {
                        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
                        JsonObject body = response.bodyAsJsonObject();
                        assertThat(body.fieldNames()).containsExactlyInAnyOrder("run_id", "accepted_by", "accepted_at");
                        assertThat(body.getLong("run_id")).isEqualTo(firstRealRun);
                        assertThat(body.getString("accepted_by")).isEqualTo("test-admin");
                        assertThat(Instant.parse(body.getString("accepted_at"))).isAfter(before);
                    });
                    // The latest eligible run is now AS_OF + 1: only the accepted baseline makes the next run compare with the first.
                    return runToEnd(vertx, AS_OF.plusDays(2));
                })
                .compose(run -> servers.jdbc().onWorker(vertx, database -> new long[]{
                        database.count("SELECT count(*) FROM pipeline_baselines WHERE run_id = " + firstRealRun + " AND accepted_by = 'test-admin'"),
                        database.count("SELECT count(*) FROM audit_log WHERE actor = 'test-admin' AND action = 'POST /v1/admin/pipeline/baseline'")})
                        .map(counts -> {
                            context.verify(() -> {
                                assertThat(run.getString("status")).as(run.getString("error")).isEqualTo("SUCCEEDED");
                                JsonObject baseline = shiftGate(run).getJsonObject("baseline_run");
                                assertThat(baseline.getLong("run_id")).isEqualTo(firstRealRun);
                                assertThat(baseline.getString("source")).isEqualTo("accepted");
                                assertThat(baseline.getString("accepted_by")).isEqualTo("test-admin");
                                assertThat(counts[0]).as("stored acceptance").isEqualTo(1);
                                assertThat(counts[1]).as("audit rows").isEqualTo(1);
                            });
                            return run;
                        }))
                .onComplete(context.succeedingThenComplete());
    }

    @Test
    @Order(5)
    @DisplayName("on the event bus: accepts with the caller named in the request")
    void acceptOnTheBus(Vertx vertx, VertxTestContext context) {
        Bus.request(vertx, PipelineContract.BASELINE, new AcceptBaseline(firstRealRun, "bus-operator"))
                .onComplete(context.succeeding(accepted -> context.verify(() -> {
                    assertThat(accepted.runId()).isEqualTo(firstRealRun);
                    assertThat(accepted.acceptedBy()).isEqualTo("bus-operator");
                    assertThatThrownBy(() -> AcceptBaseline.fromJson(new JsonObject().put("run_id", 1)))
                            .isInstanceOfSatisfying(ServiceFailure.class, failure -> assertThat(failure.getMessage()).startsWith("accepted_by:"));
                    context.completeNow();
                })));
    }

    @Test
    @Order(6)
    @DisplayName("refuses an unknown run (404), a failed, running or empty run (409), a run_id that is not a number or missing (400), a client token (403)")
    void refusals(Vertx vertx, VertxTestContext context) throws Exception {
        long failed = servers.jdbc().queryForObject("INSERT INTO pipeline_runs (as_of, status, trigger, error, users)"
                + " VALUES ('2024-01-01', 'FAILED', 'test', 'quality gate failed', 250) RETURNING run_id", Long.class);
        long running = servers.jdbc().queryForObject("INSERT INTO pipeline_runs (as_of, status, trigger, users)"
                + " VALUES ('2024-01-02', 'RUNNING', 'test', 250) RETURNING run_id", Long.class);
        accept(new JsonObject().put("run_id", 987_654_321L))
                .compose(unknown -> {
                    context.verify(() -> assertError(unknown, 404, "987654321"));
                    return accept(new JsonObject().put("run_id", failed));
                })
                .compose(failedRun -> {
                    context.verify(() -> assertError(failedRun, 409, "is FAILED"));
                    return accept(new JsonObject().put("run_id", running));
                })
                .compose(runningRun -> {
                    context.verify(() -> assertError(runningRun, 409, "is RUNNING"));
                    return accept(new JsonObject().put("run_id", emptyRun));
                })
                .compose(empty -> {
                    context.verify(() -> assertError(empty, 409, "fewer than pipeline.gates.minBaselineUsers"));
                    return accept(new JsonObject().put("run_id", "latest"));
                })
                .compose(text -> {
                    context.verify(() -> {
                        assertError(text, 400, "'latest'");
                        assertThat(text.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("run_id");
                    });
                    return accept(new JsonObject());
                })
                .compose(missing -> {
                    context.verify(() -> assertError(missing, 400, "got nothing"));
                    return TestTokens.webClient(vertx, TestTokens.client()).post(port, "127.0.0.1", "/v1/admin/pipeline/baseline")
                            .sendJsonObject(new JsonObject().put("run_id", firstRealRun));
                })
                .onComplete(context.succeeding(client -> context.verify(() -> {
                    assertThat(client.statusCode()).as("a client token").isEqualTo(403);
                    context.completeNow();
                })));
    }
}
