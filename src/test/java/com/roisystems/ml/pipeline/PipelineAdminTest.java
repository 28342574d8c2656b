package com.roisystems.ml.pipeline;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
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
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;

import static com.roisystems.ml.pipeline.PipelineFixture.AS_OF;
import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The pipeline's admin operations over HTTP and the event bus")
class PipelineAdminTest {

    private static WebClient http;
    private static int port;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers servers, VertxTestContext context) throws Exception {
        PipelineFixture.simulate(servers.database());
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        JsonObject config = servers.config().json().copy();
        config.getJsonObject("http").put("port", port);
        config.put("pipeline", new JsonObject().put("catchUp", false).put("retries", 0).put("maxBackfillDays", 5));
        http = TestTokens.webClient(vertx, TestTokens.all());
        vertx.deployVerticle(new PipelineVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(new HttpApiVerticle(), new DeploymentOptions().setConfig(config)))
                .onComplete(context.succeedingThenComplete());
    }

    private static Future<HttpResponse<Buffer>> post(String path, JsonObject body) {
        return http.post(port, "127.0.0.1", "/v1/admin/pipeline" + path).sendJsonObject(body);
    }

    private static Future<HttpResponse<Buffer>> get(String path) {
        return http.get(port, "127.0.0.1", "/v1/admin/pipeline" + path).send();
    }

    /** Polls the run until it has finished. */
    private static Future<JsonObject> finished(Vertx vertx, long runId) {
        return get("/runs/" + runId).compose(response -> {
            JsonObject run = response.bodyAsJsonObject();
            return RunStatus.valueOf(run.getString("status")).finished() ? Future.succeededFuture(run)
                    : vertx.timer(200).compose(ignored -> finished(vertx, runId));
        });
    }

    private static void assertError(HttpResponse<Buffer> response, int status, String field) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        if (field != null) {
            assertThat(error.getString("field")).isEqualTo(field);
            assertThat(error.getString("message")).startsWith(field + ":");
        }
    }

    @Test
    @DisplayName("triggers a run (202), refuses a second one for the same date (409), reports it with its tasks, refuses to cancel it once finished (409)")
    void triggerStatusCancel(Vertx vertx, VertxTestContext context) {
        post("/runs", new JsonObject().put("as_of", AS_OF.toString()))
                .compose(first -> {
                    context.verify(() -> assertThat(first.statusCode()).as(first.bodyAsString()).isEqualTo(202));
                    long runId = first.bodyAsJsonObject().getLong("run_id");
                    return post("/runs", new JsonObject().put("as_of", AS_OF.toString())).compose(second -> {
                        context.verify(() -> assertError(second, 409, null));
                        return finished(vertx, runId);
                    });
                })
                .compose(run -> {
                    context.verify(() -> {
                        assertThat(run.getString("status")).as(run.encode()).isEqualTo("SUCCEEDED");
                        assertThat(run.getJsonArray("tasks")).hasSize(PipelineTask.values().length);
                        assertThat(run.getJsonArray("gates")).hasSize(3);
                    });
                    return post("/runs/" + run.getLong("run_id") + "/cancel", new JsonObject());
                })
                .compose(cancel -> {
                    context.verify(() -> assertError(cancel, 409, null));
                    return get("/runs?limit=5");
                })
                .onComplete(context.succeeding(list -> context.verify(() -> {
                    assertThat(list.statusCode()).isEqualTo(200);
                    assertThat(list.bodyAsJsonObject().getJsonArray("runs")).isNotEmpty();
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("refuses malformed and future dates, reversed and too long ranges, bad and unknown run ids with 4xx errors naming the field")
    void badInput(VertxTestContext context) {
        String tomorrow = LocalDate.now(ZoneOffset.UTC).plusDays(1).toString();
        Future.all(List.of(
                post("/runs", new JsonObject().put("as_of", "2024-13-45")),
                post("/runs", new JsonObject().put("as_of", tomorrow)),
                post("/backfill", new JsonObject().put("from", "2024-06-10").put("to", "2024-06-01")),
                post("/backfill", new JsonObject().put("from", "2024-01-01").put("to", "2024-03-01")),
                post("/backfill", new JsonObject().put("to", "2024-03-01")),
                get("/runs/987654"),
                get("/runs/abc"),
                post("/runs/987654/cancel", new JsonObject())))
                .onComplete(context.succeeding(all -> context.verify(() -> {
                    assertError(all.<HttpResponse<Buffer>>resultAt(0), 400, "as_of");
                    assertError(all.<HttpResponse<Buffer>>resultAt(1), 400, "as_of");
                    assertError(all.<HttpResponse<Buffer>>resultAt(2), 400, "from");
                    assertError(all.<HttpResponse<Buffer>>resultAt(3), 400, "to");
                    assertError(all.<HttpResponse<Buffer>>resultAt(4), 400, "from");
                    assertError(all.<HttpResponse<Buffer>>resultAt(5), 404, null);
                    assertError(all.<HttpResponse<Buffer>>resultAt(6), 400, "run_id");
                    assertError(all.<HttpResponse<Buffer>>resultAt(7), 404, null);
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("refuses a malformed body, a bad limit and a bad run id to cancel or resume with 400 errors naming the field")
    void badBodiesLimitsAndRunIds(VertxTestContext context) {
        Future.all(List.of(
                http.post(port, "127.0.0.1", "/v1/admin/pipeline/runs").putHeader("content-type", "application/json")
                        .sendBuffer(Buffer.buffer("{\"as_of\": ")),
                get("/runs?limit=0"),
                get("/runs?limit=many"),
                post("/runs/abc/cancel", new JsonObject()),
                post("/runs/abc/resume", new JsonObject())))
                .onComplete(context.succeeding(all -> context.verify(() -> {
                    HttpResponse<Buffer> malformed = all.resultAt(0);
                    assertThat(malformed.statusCode()).isEqualTo(400);
                    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
                    assertThat(malformed.bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("body");
                    assertError(all.resultAt(1), 400, "limit");
                    assertError(all.resultAt(2), 400, "limit");
                    assertError(all.resultAt(3), 400, "run_id");
                    assertError(all.resultAt(4), 400, "run_id");
                    assertThat(all.<HttpResponse<Buffer>>resultAt(4).bodyAsJsonObject().getJsonObject("error").getString("code"))
                            .isEqualTo("invalid_request");
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("backfills a range over HTTP: one run per date, executed oldest first")
    void backfill(Vertx vertx, VertxTestContext context) {
        post("/backfill", new JsonObject().put("from", "2024-05-01").put("to", "2024-05-02"))
                .compose(response -> {
                    context.verify(() -> assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202));
                    var runs = response.bodyAsJsonObject().getJsonArray("runs");
                    context.verify(() -> assertThat(runs).hasSize(2));
                    return finished(vertx, runs.getJsonObject(1).getLong("run_id"))
                            .compose(last -> finished(vertx, runs.getJsonObject(0).getLong("run_id")).map(first -> new JsonObject[]{first, last}));
                })
                .onComplete(context.succeeding(pair -> context.verify(() -> {
                    assertThat(pair[0].getString("status")).as(pair[0].encode()).isEqualTo("SUCCEEDED");
                    assertThat(pair[1].getString("status")).as(pair[1].encode()).isEqualTo("SUCCEEDED");
                    assertThat(pair[0].getString("finished_at")).isLessThan(pair[1].getString("started_at"));
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("on the event bus: trigger, cancel a running run, refuse to resume a cancelled one, and fail bad input with 400")
    void eventBus(Vertx vertx, VertxTestContext context) {
        var bus = vertx.eventBus();
        bus.<JsonObject>request(PipelineContract.TRIGGER.address(), new JsonObject().put("as_of", "2024-07-01"))
                .compose(triggered -> bus.<JsonObject>request(PipelineContract.CANCEL.address(),
                        new JsonObject().put("run_id", triggered.body().getLong("run_id"))))
                .compose(cancelled -> {
                    context.verify(() -> assertThat(cancelled.body().getString("status")).isEqualTo("CANCELLED"));
                    return bus.<JsonObject>request(PipelineContract.RESUME.address(), new JsonObject().put("run_id", cancelled.body().getLong("run_id")))
                            .transform(resumed -> {
                                context.verify(() -> {
                                    assertThat(resumed.failed()).isTrue();
                                    assertThat(((ReplyException) resumed.cause()).failureCode()).isEqualTo(409);
                                });
                                return bus.<JsonObject>request(PipelineContract.TRIGGER.address(), new JsonObject().put("as_of", "yesterday"));
                            });
                })
                .onComplete(context.failing(failure -> context.verify(() -> {
                    assertThat(((ReplyException) failure).failureCode()).isEqualTo(400);
                    assertThat(failure.getMessage()).startsWith("as_of:");
                    context.completeNow();
                })));
    }
}
