package com.roisystems.ml.api;

import com.roisystems.ml.scoring.ScoringContract;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The prediction WebSocket's bounds, served as the HTTP edge serves it (platform-wide caller). The scorer's address is
 * held by the test so predict frames stay in flight until it answers them.
 */
@ExtendWith(VertxExtension.class)
@DisplayName("The prediction WebSocket's limits")
class PredictionSocketLimitsTest {

    private PredictionSocket sockets;
    private HttpServer server;
    private MessageConsumer<Object> scorer;
    private final List<Message<Object>> unanswered = new CopyOnWriteArrayList<>();

    @BeforeEach
    void serve(Vertx vertx) throws Exception {
        scorer = vertx.eventBus().consumer(ScoringContract.PREDICT.address(), unanswered::add);
        sockets = new PredictionSocket(vertx, SocketLimits.of(new JsonObject().put("webSocket", new JsonObject()
                .put("maxConnections", 2).put("maxInFlightPerSocket", 2).put("maxSubscriptionsPerSocket", 3))));
        server = vertx.createHttpServer().webSocketHandler(socket -> sockets.accept(socket, null)).listen(0, "127.0.0.1")
                .await(10, TimeUnit.SECONDS);
    }

    @AfterEach
    void stop() throws Exception {
        sockets.close();
        scorer.unregister();
        server.close();
    }

    private record Client(WebSocket socket, LinkedBlockingQueue<JsonObject> frames) {
        JsonObject send(JsonObject frame) throws Exception {
            socket.writeTextMessage(frame.encode()).await(10, TimeUnit.SECONDS);
            return frames.poll(30, TimeUnit.SECONDS);
        }
    }

    private Client connect(Vertx vertx) throws Exception {
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = vertx.createWebSocketClient().connect(new WebSocketConnectOptions().setHost("127.0.0.1")
                .setPort(server.actualPort()).setURI("/v1/ws/predictions")).await(10, TimeUnit.SECONDS);
        socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
        return new Client(socket, frames);
    }

    private static JsonObject predict(String id) {
        return new JsonObject().put("type", "predict").put("id", id)
                .put("request", new JsonObject().put("entity_id", "user_1").put("prediction_type", "MOVE_PROBABILITY"));
    }

    @Test
    @DisplayName("a predict frame beyond the socket's in-flight bound is answered 503 overloaded at once; room returns as answers go out")
    void inFlightPerSocket(Vertx vertx) throws Exception {
        Client client = connect(vertx);
        client.socket().writeTextMessage(predict("p1").encode());
        client.socket().writeTextMessage(predict("p2").encode());
        await().atMost(Duration.ofSeconds(10)).until(() -> unanswered.size() == 2);

        JsonObject refused = client.send(predict("p3"));
        assertThat(refused.getString("type")).isEqualTo("error");
        assertThat(refused.getString("id")).isEqualTo("p3");
        assertThat(refused.getInteger("status")).isEqualTo(503);
        assertThat(refused.getJsonObject("error").getString("code")).isEqualTo("overloaded");

        unanswered.get(0).fail(503, "test scorer refuses");
        assertThat(client.frames().poll(10, TimeUnit.SECONDS).getString("id")).isEqualTo("p1");
        client.socket().writeTextMessage(predict("p4").encode());
        await().atMost(Duration.ofSeconds(10)).until(() -> unanswered.size() == 3);
    }

    @Test
    @DisplayName("subscriptions are bounded per socket; an over-long entity id is refused naming entity_ids; nothing is kept for entities nobody follows")
    void subscriptionBounds(Vertx vertx) throws Exception {
        Client client = connect(vertx);
        JsonObject three = client.send(new JsonObject().put("type", "subscribe").put("id", "s1").put("entity_ids", new JsonArray(List.of("a", "b", "c"))));
        assertThat(three.getString("type")).isEqualTo("subscribed");
        JsonObject again = client.send(new JsonObject().put("type", "subscribe").put("id", "s2").put("entity_ids", new JsonArray(List.of("a", "c"))));
        assertThat(again.getString("type")).as("re-subscribing followed entities adds none").isEqualTo("subscribed");
        JsonObject fourth = client.send(new JsonObject().put("type", "subscribe").put("id", "s3").put("entity_ids", new JsonArray(List.of("d"))));
        assertThat(fourth.getJsonObject("error").getString("code")).isEqualTo("too_many_subscriptions");
        assertThat(fourth.getJsonObject("error").getString("field")).isEqualTo("entity_ids");

        JsonObject tooLong = client.send(new JsonObject().put("type", "subscribe").put("id", "s4").put("entity_ids",
                new JsonArray(List.of("u".repeat(PredictionSocket.MAX_ENTITY_ID_LENGTH + 1)))));
        assertThat(tooLong.getInteger("status")).isEqualTo(400);
        assertThat(tooLong.getJsonObject("error").getString("field")).isEqualTo("entity_ids");

        assertThat(sockets.subscribedEntities()).isEqualTo(3);
        client.send(new JsonObject().put("type", "unsubscribe").put("id", "u1").put("entity_ids", new JsonArray(List.of("a"))));
        assertThat(sockets.subscribedEntities()).isEqualTo(2);
        client.socket().close().await(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(() -> sockets.subscribedEntities() == 0);
    }

    @Test
    @DisplayName("the process serves at most maxConnections sockets; a closed one makes room")
    void connectionBound(Vertx vertx) throws Exception {
        Client first = connect(vertx);
        connect(vertx);
        await().atMost(Duration.ofSeconds(10)).until(() -> !sockets.hasRoom());
        first.socket().close().await(10, TimeUnit.SECONDS);
        await().atMost(Duration.ofSeconds(10)).until(sockets::hasRoom);
    }
}
