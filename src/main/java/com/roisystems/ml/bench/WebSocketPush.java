package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.HdrHistogram.Histogram;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Event in, prediction pushed out: a WebSocket subscriber on one service (port) follows some users; for each, an event
 * is posted over HTTP to a service — the same one ({@code bench predict}) or another node of the cluster
 * ({@code bench cluster}) — and the time from the post to the push for that user is recorded.
 *
 * <p>{@code Histogram push = WebSocketPush.measure(vertx, subscriberPort, token, posterClient, List.of("user_7", "user_9"));}
 */
final class WebSocketPush {

    private static final Logger log = LoggerFactory.getLogger(WebSocketPush.class);
    private static final Duration PUSH_TIMEOUT = Duration.ofSeconds(10);

    private WebSocketPush() {
    }

    /**
     * Subscribes on 127.0.0.1:{@code subscriberPort} (with {@code token}) to move-probability predictions of {@code users},
     * then, one user at a time, posts a document view through {@code poster} (which carries its own token) and waits for
     * the push; microseconds from post to push go into the histogram. Fails when a push is not seen within 10 s.
     */
    static Histogram measure(Vertx vertx, int subscriberPort, String token, WebClient poster, List<String> users) throws Exception {
        Histogram histogram = new Histogram(60_000_000L, 3);
        LinkedBlockingQueue<JsonObject> pushes = new LinkedBlockingQueue<>();
        Promise<Void> subscribed = Promise.promise();
        WebSocket socket = open(vertx, subscriberPort, token);
        socket.textMessageHandler(text -> {
            JsonObject frame = new JsonObject(text);
            switch (frame.getString("type", "")) {
                case "push" -> pushes.add(frame);
                case "subscribed" -> subscribed.tryComplete();
                case "error" -> subscribed.tryFail("subscription refused: " + text);
                default -> { }
            }
        });
        try {
            Blocking.await(socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "bench")
                    .put("entity_ids", new JsonArray(users)).put("prediction_types", new JsonArray().add("MOVE_PROBABILITY")).encode()),
                    Duration.ofSeconds(10));
            Blocking.await(subscribed.future(), Duration.ofSeconds(30));
            for (String user : users) {
                // The bench calls as a platform-wide producer, so each event names its user's tenant, as the feature store knows it.
                String tenant = tenantOf(poster, user);
                JsonObject event = new JsonObject().put("event_id", UUID.randomUUID().toString()).put("event_type", "document.viewed")
                        .put("tenant_id", tenant)
                        .put("entity_type", "USER").put("entity_id", user).put("occurred_at", Instant.now().minusSeconds(1).toString())
                        .put("schema_version", 1).put("payload", new JsonObject().put("document_id", "bench_doc").put("document_type", "HOME_VALUE_REPORT"));
                pushes.clear();
                long started = System.nanoTime();
                int status;
                try {
                    status = Blocking.await(poster.post("/v1/events").sendJsonObject(event), Duration.ofSeconds(30)).statusCode();
                } catch (Exception e) {
                    throw new IllegalStateException("the event for " + user + " could not be posted: " + e, e);
                }
                if (status >= 300) {
                    throw new IllegalStateException("the event for " + user + " was refused with HTTP " + status);
                }
                awaitPush(pushes, user);
                histogram.recordValue((System.nanoTime() - started) / 1_000);
            }
        } finally {
            Blocking.await(socket.close(), Duration.ofSeconds(10));
        }
        return histogram;
    }

    /**
     * Opens the subscriber's socket; a handshake the server closes is tried twice more, a second apart, and logged (seen
     * on a loaded 2-core machine with three nodes: see the report), so one refused handshake does not void the run.
     */
    private static WebSocket open(Vertx vertx, int port, String token) {
        for (int attempt = 1; ; attempt++) {
            try {
                return Blocking.await(vertx.createWebSocketClient().connect(new WebSocketConnectOptions()
                        .setHost("127.0.0.1").setPort(port).setURI("/v1/ws/predictions").setAllowOriginHeader(false)
                        .addHeader("Authorization", "Bearer " + token)), Duration.ofSeconds(30));
            } catch (Exception e) {
                if (attempt == 3) {
                    throw new IllegalStateException("the WebSocket to 127.0.0.1:" + port + " could not be opened in 3 attempts: " + e, e);
                }
                log.warn("WebSocket handshake with 127.0.0.1:{} failed (attempt {} of 3): {}", port, attempt, e.toString());
                FaultBenchmark.pause(Duration.ofSeconds(1));
            }
        }
    }

    private static String tenantOf(WebClient poster, String user) {
        try {
            return Blocking.await(poster.get("/v1/features/user/" + user).send(), Duration.ofSeconds(30)).bodyAsJsonObject().getString("tenant_id");
        } catch (Exception e) {
            throw new IllegalStateException("the features of " + user + " could not be read: " + e, e);
        }
    }

    private static void awaitPush(LinkedBlockingQueue<JsonObject> pushes, String user) throws InterruptedException {
        long deadline = System.nanoTime() + PUSH_TIMEOUT.toNanos();
        while (true) {
            JsonObject push = pushes.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (push == null) {
                throw new IllegalStateException("no prediction pushed for " + user + " within " + PUSH_TIMEOUT.toSeconds() + " s");
            }
            if (user.equals(push.getString("entity_id"))) {
                return;
            }
        }
    }
}
