package com.roisystems.ml.ingest;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.eventbus.Message;
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

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.ArrayList;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("HTTP and WebSocket intake")
class HttpIntakeTest {

    private static int port;
    private static TestServers servers;
    private static String deadLetterDeployment;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers testServers, VertxTestContext testContext) {
        servers = testServers;
        JsonObject config = testServers.config().json();
        config.getJsonObject("ingest").put("maxEventsPerRequest", 10).put("maxEventBytes", 4_096);
        config.getJsonObject("http").put("maxBodyBytes", 64 * 1024);
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config))
                .compose(id -> vertx.deployVerticle(new DeadLetterVerticle(), new DeploymentOptions().setConfig(config)))
                .compose(id -> {
                    deadLetterDeployment = id;
                    return vertx.deployVerticle(api, new DeploymentOptions().setConfig(config));
                })
                .onComplete(testContext.succeeding(id -> {
                    port = api.actualPort();
                    testContext.completeNow();
                }));
    }

    @Test
    @DisplayName("POST /v1/events stores one event and answers 202 accepted; the same event again is a duplicate")
    void acceptsOneEventThenDuplicate(Vertx vertx, VertxTestContext testContext) {
        UUID id = UUID.randomUUID();
        JsonObject event = TestEvents.documentViewed(id, "user_http_1");
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse[]> posted = client.post(port, "127.0.0.1", "/v1/events").sendJsonObject(event)
                .compose(first -> client.post(port, "127.0.0.1", "/api/ml/v1/events").sendJsonObject(event).map(second -> new HttpResponse[]{first, second}));
        posted.compose(responses -> count(vertx, "SELECT count(*) FROM document_access WHERE event_id = '" + id + "'"))
                .onComplete(testContext.succeeding(stored -> testContext.verify(() -> {
                    HttpResponse[] responses = posted.result();
                    assertThat(responses[0].statusCode()).isEqualTo(202);
                    assertThat(responses[0].bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("accepted");
                    assertThat(responses[1].bodyAsJsonObject().getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("duplicate");
                    assertThat(stored).isEqualTo(1);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("answers per event for a mixed array: accepted, duplicate within the array, rejected with its field; rejections are dead-lettered")
    void mixedArray(Vertx vertx, VertxTestContext testContext) {
        UUID good = UUID.randomUUID();
        JsonObject invalid = TestEvents.documentViewed(UUID.randomUUID(), "user_http_2");
        invalid.getJsonObject("payload").remove("document_id");
        JsonArray events = new JsonArray()
                .add(TestEvents.documentViewed(good, "user_http_2"))
                .add(TestEvents.documentViewed(good, "user_http_2"))
                .add(invalid)
                .add("not an object");
        Future<HttpResponse<Buffer>> posted = TestTokens.webClient(vertx, TestTokens.all()).post(port, "127.0.0.1", "/v1/events").sendJson(events);
        posted.compose(response -> count(vertx, "SELECT count(*) FROM dead_letters WHERE source = 'HTTP' AND event_id = '"
                        + invalid.getString("event_id") + "'"))
                .onComplete(testContext.succeeding(deadLettered -> testContext.verify(() -> {
                    HttpResponse<Buffer> response = posted.result();
                    assertThat(response.statusCode()).isEqualTo(202);
                    JsonObject body = response.bodyAsJsonObject();
                    JsonArray results = body.getJsonArray("results");
                    assertThat(results.getJsonObject(0).getString("status")).isEqualTo("accepted");
                    assertThat(results.getJsonObject(1).getString("status")).isEqualTo("duplicate");
                    assertThat(results.getJsonObject(2).getString("status")).isEqualTo("rejected");
                    assertThat(results.getJsonObject(2).getString("field")).isEqualTo("payload.document_id");
                    assertThat(results.getJsonObject(3).getString("status")).isEqualTo("rejected");
                    assertThat(body.getInteger("accepted")).isEqualTo(1);
                    assertThat(body.getInteger("rejected")).isEqualTo(2);
                    assertThat(deadLettered).isEqualTo(1);
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("answers 400 naming the body for malformed JSON, non-UTF-8 bytes and an empty body")
    void badBodies(Vertx vertx, VertxTestContext testContext) {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse<Buffer>> malformed = client.post(port, "127.0.0.1", "/v1/events")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"event_id\": "));
        Future<HttpResponse<Buffer>> notUtf8 = client.post(port, "127.0.0.1", "/v1/events")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(new byte[]{'[', (byte) 0xFF, ']'}));
        Future<HttpResponse<Buffer>> empty = client.post(port, "127.0.0.1", "/v1/events").send();
        Future.all(malformed, notUtf8, empty).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(malformed.result().statusCode()).isEqualTo(400);
            assertThat(malformed.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
            assertThat(malformed.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("body");
            assertThat(notUtf8.result().statusCode()).isEqualTo(400);
            assertThat(notUtf8.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("not_utf8");
            assertThat(empty.result().statusCode()).isEqualTo(400);
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers 413 for more events than the limit and for a body over the size limit")
    void tooLarge(Vertx vertx, VertxTestContext testContext) {
        JsonArray eleven = new JsonArray();
        for (int i = 0; i < 11; i++) {
            eleven.add(TestEvents.documentViewed(UUID.randomUUID(), "user_http_3"));
        }
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse<Buffer>> tooMany = client.post(port, "127.0.0.1", "/v1/events").sendJson(eleven);
        Future<HttpResponse<Buffer>> tooBig = client.post(port, "127.0.0.1", "/v1/events")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("[\"" + "x".repeat(70 * 1024) + "\"]"));
        Future<Long> storedCount = Future.all(tooMany, tooBig)
                .compose(all -> count(vertx, "SELECT count(*) FROM document_access WHERE user_id = 'user_http_3'"));
        storedCount.onComplete(testContext.succeeding(stored -> testContext.verify(() -> {
            assertThat(tooMany.result().statusCode()).isEqualTo(413);
            assertThat(tooMany.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("too_many_events");
            assertThat(tooBig.result().statusCode()).isEqualTo(413);
            assertThat(stored).isZero();
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("WebSocket: acknowledges each frame after its events are durable; a malformed frame gets an error and the stream goes on")
    void webSocketIntake(Vertx vertx, VertxTestContext testContext) {
        UUID id = UUID.randomUUID();
        JsonArray replies = new JsonArray();
        WebSocketClient client = vertx.createWebSocketClient();
        client.connect(TestTokens.withToken(new WebSocketConnectOptions(), TestTokens.all()).setPort(port).setHost("127.0.0.1").setURI("/v1/ws/events").setAllowOriginHeader(false))
                .onComplete(testContext.succeeding(socket -> {
                    socket.textMessageHandler(text -> {
                        replies.add(new JsonObject(text));
                        if (replies.size() == 3) {
                            testContext.verify(() -> {
                                assertThat(replies.getJsonObject(0).getString("type")).isEqualTo("error");
                                assertThat(replies.getJsonObject(0).getJsonObject("error").getString("code")).isEqualTo("malformed_json");
                                assertThat(replies.getJsonObject(1).getString("type")).isEqualTo("ack");
                                assertThat(replies.getJsonObject(1).getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("accepted");
                                assertThat(replies.getJsonObject(2).getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("duplicate");
                            });
                            count(vertx, "SELECT count(*) FROM document_access WHERE event_id = '" + id + "'")
                                    .onComplete(testContext.succeeding(stored -> testContext.verify(() -> {
                                        assertThat(stored).isEqualTo(1);
                                        testContext.completeNow();
                                    })));
                        }
                    });
                    socket.writeTextMessage("{not json")
                            .compose(v -> socket.writeTextMessage(TestEvents.documentViewed(id, "user_ws_1").encode()))
                            .compose(v -> socket.writeTextMessage(TestEvents.documentViewed(id, "user_ws_1").encode()));
                }));
    }

    @Test
    @DisplayName("WebSocket: an event sent as a fragmented message (a text frame and continuations) is reassembled, stored and acknowledged once")
    void webSocketFragmentedMessage(Vertx vertx, VertxTestContext testContext) {
        UUID id = UUID.randomUUID();
        String event = TestEvents.documentViewed(id, "user_ws_fragments").encode();
        int third = event.length() / 3;
        vertx.createWebSocketClient()
                .connect(TestTokens.withToken(new WebSocketConnectOptions(), TestTokens.all()).setPort(port).setHost("127.0.0.1").setURI("/v1/ws/events").setAllowOriginHeader(false))
                .onComplete(testContext.succeeding(socket -> {
                    socket.textMessageHandler(text -> testContext.verify(() -> {
                        JsonObject reply = new JsonObject(text);
                        assertThat(reply.getString("type")).as(text).isEqualTo("ack");
                        assertThat(reply.getJsonArray("results").getJsonObject(0).getString("status")).isEqualTo("accepted");
                        count(vertx, "SELECT count(*) FROM document_access WHERE event_id = '" + id + "'")
                                .onComplete(testContext.succeeding(stored -> testContext.verify(() -> {
                                    assertThat(stored).isEqualTo(1);
                                    testContext.completeNow();
                                })));
                    }));
                    socket.writeFrame(io.vertx.core.http.WebSocketFrame.textFrame(event.substring(0, third), false))
                            .compose(v -> socket.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
                                    io.vertx.core.buffer.Buffer.buffer(event.substring(third, 2 * third)), false)))
                            .compose(v -> socket.writeFrame(io.vertx.core.http.WebSocketFrame.continuationFrame(
                                    io.vertx.core.buffer.Buffer.buffer(event.substring(2 * third)), true)));
                }));
    }

    @Test
    @DisplayName("dead letters can be listed, and replayed once the cause is fixed: the event is then stored once")
    void deadLetterReplay(Vertx vertx, VertxTestContext testContext) {
        UUID eventId = UUID.randomUUID();
        JsonObject ahead = TestEvents.of("document.viewed", eventId, "user_dl_1", Instant.now().plus(Duration.ofHours(2)));
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        JsonObject tolerant = servers.config().json();
        tolerant.getJsonObject("ingest").put("maxFutureSkewSeconds", 86_400);
        Future<HttpResponse[]> replays = client.post(port, "127.0.0.1", "/v1/events").sendJsonObject(ahead)
                .compose(posted -> client.get(port, "127.0.0.1", "/v1/admin/dead-letters?reason=occurred_at_in_future").send())
                .compose(listed -> {
                    JsonObject letter = listed.bodyAsJsonObject().getJsonArray("dead_letters").stream()
                            .map(JsonObject.class::cast).filter(l -> eventId.toString().equals(l.getString("event_id")))
                            .findFirst().orElseThrow();
                    testContext.verify(() -> {
                        assertThat(letter.getString("source")).isEqualTo("HTTP");
                        assertThat(new JsonObject(letter.getString("raw")).getString("event_id")).isEqualTo(eventId.toString());
                    });
                    // The fix: the producer's clock runs ahead, so the admin raises the allowed skew and redeploys.
                    return vertx.undeploy(deadLetterDeployment)
                            .compose(v -> vertx.deployVerticle(new DeadLetterVerticle(), new DeploymentOptions().setConfig(tolerant)))
                            .compose(id -> {
                                deadLetterDeployment = id;
                                return client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                                        .sendJsonObject(new JsonObject().put("ids", new JsonArray().add(letter.getLong("dead_letter_id"))));
                            });
                })
                .compose(replayed -> client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                        .sendJsonObject(new JsonObject().put("reason", "occurred_at_in_future")).map(again -> new HttpResponse[]{replayed, again}));
        replays.compose(responses -> Future.all(
                        count(vertx, "SELECT count(*) FROM document_access WHERE event_id = '" + eventId + "'"),
                        count(vertx, "SELECT count(*) FROM dead_letters WHERE event_id = '" + eventId + "' AND replay_outcome = 'ACCEPTED'")))
                .onComplete(testContext.succeeding(counts -> testContext.verify(() -> {
                    HttpResponse[] responses = replays.result();
                    assertThat(responses[0].statusCode()).isEqualTo(200);
                    JsonObject body = responses[0].bodyAsJsonObject();
                    assertThat(body.getInteger("replayed")).isEqualTo(1);
                    assertThat(body.getJsonArray("results").getJsonObject(0).getString("outcome")).isEqualTo("ACCEPTED");
                    assertThat(counts.<Long>resultAt(0)).isEqualTo(1);
                    assertThat(counts.<Long>resultAt(1)).isEqualTo(1);
                    // A replayed letter is not replayed again.
                    assertThat(responses[1].bodyAsJsonObject().getInteger("replayed")).isZero();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("three replays of the same dead letters at once replay each letter exactly once")
    void concurrentReplaysTakeEachLetterOnce(Vertx vertx, VertxTestContext testContext) {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        JsonArray ahead = new JsonArray();
        Set<String> eventIds = new HashSet<>();
        // As many as one request may carry (this test configuration allows 10).
        for (int i = 0; i < 10; i++) {
            UUID eventId = UUID.randomUUID();
            eventIds.add(eventId.toString());
            ahead.add(TestEvents.of("document.viewed", eventId, "user_dl_race", Instant.now().plus(Duration.ofHours(2))));
        }
        client.post(port, "127.0.0.1", "/v1/events").sendJson(ahead)
                .compose(posted -> client.get(port, "127.0.0.1", "/v1/admin/dead-letters?reason=occurred_at_in_future&limit=10000").send())
                .compose(listed -> {
                    JsonArray ids = new JsonArray(listed.bodyAsJsonObject().getJsonArray("dead_letters").stream()
                            .map(JsonObject.class::cast).filter(letter -> eventIds.contains(letter.getString("event_id")))
                            .map(letter -> letter.getLong("dead_letter_id")).toList());
                    testContext.verify(() -> assertThat(ids).hasSize(10));
                    // Sent in the same tick, so all three reach the dead-letter service before any has finished.
                    JsonObject replay = new JsonObject().put("ids", ids);
                    String address = DeadLetterContract.REPLAY.address();
                    return Future.all(List.of(
                            vertx.eventBus().<JsonObject>request(address, replay).map(Message::body),
                            vertx.eventBus().<JsonObject>request(address, replay).map(Message::body),
                            vertx.eventBus().<JsonObject>request(address, replay).map(Message::body)));
                })
                .onComplete(testContext.succeeding(replays -> testContext.verify(() -> {
                    List<Long> replayed = new ArrayList<>();
                    for (int r = 0; r < 3; r++) {
                        JsonObject report = replays.resultAt(r);
                        report.getJsonArray("results").stream()
                                .map(JsonObject.class::cast).forEach(result -> replayed.add(result.getLong("dead_letter_id")));
                    }
                    assertThat(replayed).hasSize(10).doesNotHaveDuplicates();
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("replay rejects a malformed request naming the field")
    void replayBadInput(Vertx vertx, VertxTestContext testContext) {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse<Buffer>> badIds = client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                .sendJsonObject(new JsonObject().put("ids", new JsonArray().add("seven")));
        Future<HttpResponse<Buffer>> badLimit = client.get(port, "127.0.0.1", "/v1/admin/dead-letters?limit=0").send();
        Future.all(badIds, badLimit).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(badIds.result().statusCode()).isEqualTo(400);
            assertThat(badIds.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("ids");
            assertThat(badLimit.result().statusCode()).isEqualTo(400);
            assertThat(badLimit.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("limit");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("answers 400 naming the body for a body that is neither an event nor an array, and for an empty body")
    void bodiesThatAreNotEvents(Vertx vertx, VertxTestContext testContext) {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse<Buffer>> scalar = client.post(port, "127.0.0.1", "/v1/events")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("42"));
        Future<HttpResponse<Buffer>> empty = client.post(port, "127.0.0.1", "/v1/events").send();
        Future.all(scalar, empty).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(scalar.result().statusCode()).isEqualTo(400);
            assertThat(scalar.result().bodyAsJsonObject().getJsonObject("error"))
                    .isEqualTo(new JsonObject().put("code", "invalid_body").put("message", "send one event object or an array of events")
                            .put("field", "body"));
            assertThat(empty.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("empty_body");
            assertThat(empty.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("body");
            testContext.completeNow();
        })));
    }

    @Test
    @DisplayName("WebSocket: a frame with more events than the limit gets an error naming the events, and nothing of it is stored")
    void webSocketFrameOverTheLimit(Vertx vertx, VertxTestContext testContext) {
        JsonArray eleven = new JsonArray();
        for (int i = 0; i < 11; i++) {
            eleven.add(TestEvents.documentViewed(UUID.randomUUID(), "user_ws_2"));
        }
        vertx.createWebSocketClient()
                .connect(TestTokens.withToken(new WebSocketConnectOptions(), TestTokens.all()).setPort(port).setHost("127.0.0.1").setURI("/v1/ws/events").setAllowOriginHeader(false))
                .onComplete(testContext.succeeding(socket -> {
                    socket.textMessageHandler(text -> {
                        testContext.verify(() -> {
                            JsonObject reply = new JsonObject(text);
                            assertThat(reply.getString("type")).isEqualTo("error");
                            assertThat(reply.getJsonObject("error").getString("code")).isEqualTo("too_many_events");
                            assertThat(reply.getJsonObject("error").getString("field")).isEqualTo("events");
                            assertThat(reply.getJsonObject("error").getString("message")).isEqualTo("11 events in one request; the limit is 10");
                        });
                        count(vertx, "SELECT count(*) FROM document_access WHERE user_id = 'user_ws_2'")
                                .onComplete(testContext.succeeding(stored -> testContext.verify(() -> {
                                    assertThat(stored).isZero();
                                    testContext.completeNow();
                                })));
                    });
                    socket.writeTextMessage(eleven.encode());
                }));
    }

    @Test
    @DisplayName("on the event bus, an intake request without an events array or with an unknown source is a 400 naming the field")
    void busRequestsNameTheirField(Vertx vertx, VertxTestContext testContext) {
        String address = IngestContract.EVENTS.address();
        vertx.eventBus().request(address, new JsonObject().put("source", "HTTP"))
                .transform(noEvents -> {
                    testContext.verify(() -> {
                        ServiceFailure failure = (ServiceFailure) noEvents.cause();
                        assertThat(failure.httpStatus()).isEqualTo(400);
                        assertThat(failure.field()).isEqualTo("events");
                    });
                    return vertx.eventBus().request(address, new JsonObject().put("source", "FAX").put("events", new JsonArray()));
                })
                .onComplete(testContext.failing(unknownSource -> testContext.verify(() -> {
                    assertThat(((ServiceFailure) unknownSource).httpStatus()).isEqualTo(400);
                    assertThat(((ServiceFailure) unknownSource).field()).isEqualTo("source");
                    testContext.completeNow();
                })));
    }

    @Test
    @DisplayName("dead-letter admin answers 400 naming the field for a limit that is not a number, a malformed replay body and a reason that is not a string")
    void deadLetterBadInput(Vertx vertx, VertxTestContext testContext) {
        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        Future<HttpResponse<Buffer>> wordLimit = client.get(port, "127.0.0.1", "/v1/admin/dead-letters?limit=ten").send();
        Future<HttpResponse<Buffer>> malformed = client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                .putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("{\"ids\": ["));
        Future<HttpResponse<Buffer>> numericReason = client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                .sendJsonObject(new JsonObject().put("reason", 5));
        Future<HttpResponse<Buffer>> hugeLimit = client.post(port, "127.0.0.1", "/v1/admin/dead-letters/replay")
                .sendJsonObject(new JsonObject().put("limit", 10_001));
        Future.all(wordLimit, malformed, numericReason, hugeLimit).onComplete(testContext.succeeding(all -> testContext.verify(() -> {
            assertThat(wordLimit.result().statusCode()).isEqualTo(400);
            assertThat(wordLimit.result().bodyAsJsonObject().getJsonObject("error"))
                    .isEqualTo(new JsonObject().put("code", "invalid_field").put("message", "limit must be a whole number").put("field", "limit"));
            assertThat(malformed.result().statusCode()).isEqualTo(400);
            assertThat(malformed.result().bodyAsJsonObject().getJsonObject("error").getString("code")).isEqualTo("malformed_json");
            assertThat(malformed.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("body");
            assertThat(numericReason.result().statusCode()).isEqualTo(400);
            assertThat(numericReason.result().bodyAsJsonObject().getJsonObject("error").getString("field")).isEqualTo("reason");
            assertThat(hugeLimit.result().statusCode()).isEqualTo(400);
            assertThat(hugeLimit.result().bodyAsJsonObject().getJsonObject("error"))
                    .isEqualTo(new JsonObject().put("code", "invalid_request").put("message", "limit: must be a number from 1 to 10000")
                            .put("field", "limit"));
            testContext.completeNow();
        })));
    }

    /** A count straight from the database, on a worker thread: JDBC never runs on the event loop. */
    private static Future<Long> count(Vertx vertx, String sql) {
        return servers.jdbc().onWorker(vertx, database -> database.count(sql));
    }
}
