package com.roisystems.ml.bridge;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import com.roisystems.ml.ingest.IngestServiceVerticle;
import com.roisystems.ml.monitoring.DriftWindowClosed;
import com.roisystems.ml.monitoring.performance.WindowPerformanceWritten;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.pipeline.PipelineProgress;
import com.roisystems.ml.predictionlog.LoggedPrediction;
import com.roisystems.ml.predictionlog.PredictionLogContract;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.NewModelVersion;
import com.roisystems.ml.registry.RegistryVerticle;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.core.net.NetSocket;
import io.vertx.core.parsetools.RecordParser;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

/**
 * The admin bridge on real servers: the HTTP API (with its SockJS bridge and the TCP bridge on) and the registry over
 * a real PostgreSQL; clients are a raw WebSocket on {@code /eventbus/websocket} and a TCP socket, speaking JSON frames.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The admin event-bus bridge")
class AdminBridgeTest {

    private static final String MODEL = "bridged_model";
    private static TestServers servers;
    private static Vertx vertx;
    private static int apiPort;
    private static int tcpPort;

    @BeforeAll
    static void setUp(Vertx testVertx, TestServers testServers) throws Exception {
        vertx = testVertx;
        servers = testServers;
        JsonObject config = servers.config().json().copy();
        apiPort = freePort();
        tcpPort = freePort();
        config.getJsonObject("http").put("port", apiPort);
        // No clock-skew leeway: a short-lived token stops verifying the second after its expiry.
        config.getJsonObject("auth").put("clockSkewSeconds", 0);
        config.put("bridge", new JsonObject().put("predictionsPerSecond", 10).put("ratesIntervalMs", 1000).put("healthIntervalMs", 1000)
                .put("tcp", new JsonObject().put("host", "127.0.0.1").put("port", tcpPort).put("maxFrameBytes", 65536)));
        ModelRegistry registry = new ModelRegistry(vertx, PgPools.shared(vertx, config), Set.of(1));
        registry.register(new NewModelVersion(MODEL, "MOVE_PROBABILITY", "CLASSIFICATION", "GradientTreeBoost", new byte[]{1}, 1,
                new JsonObject().put("auc", 0.7), new JsonObject(), new JsonObject(), List.of("f"), new JsonObject(), "tests"))
                .await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(new RegistryVerticle(), new DeploymentOptions().setConfig(config)).await(10, TimeUnit.SECONDS);
        vertx.deployVerticle(HttpApiVerticle.class, new DeploymentOptions().setConfig(config).setInstances(2)).await(20, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("refuses a socket without a token or with an invalid one")
    void socketsNeedAValidToken() {
        assertThatThrownBy(() -> connect(null)).hasMessageContaining("401");
        assertThatThrownBy(() -> connect("not.a.token")).hasMessageContaining("401");
    }

    @Test
    @DisplayName("a monitor token reads but may not promote: the refusal is an error reply naming the role")
    void monitorReadsButMayNotPromote() throws Exception {
        Client monitor = connect(TestTokens.monitor());
        JsonObject health = monitor.request("health.get", new JsonObject());
        assertThat(health.getString("type")).as(health.encode()).isEqualTo("rec");
        assertThat(health.getJsonObject("body").getJsonObject("components")).isNotNull();

        JsonObject refused = monitor.request("admin.models.promote", new JsonObject().put("model_name", MODEL).put("version", 1).put("stage", "Production"));
        assertThat(refused.getString("type")).isEqualTo("err");
        assertThat(refused.getInteger("failureCode")).isEqualTo(403);
        JsonObject error = new JsonObject(refused.getString("message"));
        assertThat(error.getString("code")).isEqualTo("forbidden");
        assertThat(error.getString("message")).contains("'admin'").contains("monitor");
        // The gateway audits after it has answered: the entry follows the reply.
        await("the audit entry").atMost(Duration.ofSeconds(10)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM audit_log WHERE actor = 'test-monitor' AND action = 'BUS admin.models.promote' AND outcome = 403"), count -> count == 1);
    }

    @Test
    @DisplayName("an admin promotes over the bridge: the registry changes, a second socket on live.models.changed gets the push, the audit names the admin")
    void adminPromotesAndListenersArePushed() throws Exception {
        Client listener = connect(TestTokens.monitor());
        listener.register(LiveStreams.MODELS_CHANGED);
        Client admin = connect(TestTokens.mint("alice", Set.of(Role.ADMIN), null));
        JsonObject promoted = admin.request("admin.models.promote",
                new JsonObject().put("model_name", MODEL).put("version", 1).put("stage", "Staging").put("changed_by", "mallory"));
        assertThat(promoted.getString("type")).as(promoted.encode()).isEqualTo("rec");
        assertThat(promoted.getJsonObject("body").getString("stage")).isEqualTo("Staging");

        JsonObject pushed = listener.next(f -> LiveStreams.MODELS_CHANGED.equals(f.getString("address")));
        assertThat(pushed.getJsonObject("body").getString("model_name")).isEqualTo(MODEL);
        assertThat(pushed.getJsonObject("body").getString("stage")).isEqualToIgnoringCase("Staging");
        assertThat(servers.jdbc().queryForObject("SELECT status::text FROM ml_models WHERE name = ? AND version = 1", String.class, MODEL)).isEqualTo("STAGING");
        assertThat(servers.jdbc().queryForObject("""
                SELECT h.changed_by FROM ml_model_stage_history h JOIN ml_models m USING (model_id)
                WHERE m.name = ? ORDER BY h.changed_at DESC LIMIT 1""", String.class, MODEL)).isEqualTo("alice");
        // The gateway audits after it has answered: the entry follows the reply.
        await("the audit entry").atMost(Duration.ofSeconds(10)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM audit_log WHERE actor = 'alice' AND action = 'BUS admin.models.promote' AND outcome = 200"), count -> count == 1);
    }

    @Test
    @DisplayName("a pipeline step published in the service reaches a listener on live.pipeline.progress as JSON")
    void pipelineProgressIsPushed() throws Exception {
        Client monitor = connect(TestTokens.monitor());
        monitor.register(LiveStreams.PIPELINE_PROGRESS);
        Bus.publish(vertx, PipelineProgress.TOPIC, new PipelineProgress(42, "compute_behavioral", "SUCCEEDED", 0, 10_000, 1_234, null, Instant.now()));
        JsonObject step = monitor.next(frame -> LiveStreams.PIPELINE_PROGRESS.equals(frame.getString("address"))).getJsonObject("body");
        assertThat(step.getLong("run_id")).isEqualTo(42);
        assertThat(step.getString("status")).isEqualTo("SUCCEEDED");
        assertThat(step.getLong("rows")).isEqualTo(10_000);
    }

    @Test
    @DisplayName("a window closed or its performance computed in the service reaches a listener on live.monitoring.windows, saying which")
    void monitoringWindowsArePushed() throws Exception {
        Client monitor = connect(TestTokens.monitor());
        monitor.register(LiveStreams.MONITORING_WINDOWS);
        Instant start = Instant.parse("2026-11-25T07:00:00Z");
        Bus.publish(vertx, DriftWindowClosed.TOPIC, new DriftWindowClosed(MODEL, 3, start, start.plusSeconds(3_600)));
        JsonObject closed = monitor.next(frame -> LiveStreams.MONITORING_WINDOWS.equals(frame.getString("address"))).getJsonObject("body");
        assertThat(closed.getString("kind")).isEqualTo("drift");
        assertThat(closed.getString("model_name")).isEqualTo(MODEL);
        assertThat(closed.getInteger("model_version")).isEqualTo(3);
        assertThat(closed.getString("period_end")).isEqualTo("2026-11-25T08:00:00Z");
        Bus.publish(vertx, WindowPerformanceWritten.TOPIC, new WindowPerformanceWritten(MODEL, 3, start, start.plusSeconds(3_600)));
        JsonObject computed = monitor.next(frame -> LiveStreams.MONITORING_WINDOWS.equals(frame.getString("address"))).getJsonObject("body");
        assertThat(computed.getString("kind")).isEqualTo("performance");
        assertThat(computed.getString("period_start")).isEqualTo("2026-11-25T07:00:00Z");
    }

    @Test
    @DisplayName("a SockJS socket ends with its token: an error frame says the token expired, then the socket closes (4401)")
    void sockJsSocketEndsWithItsToken() throws Exception {
        String shortLived = TestTokens.mint("brief-admin", Set.of(Role.ADMIN), null, Duration.ofSeconds(2));
        Client admin = connect(shortLived);
        CompletableFuture<Short> closed = new CompletableFuture<>();
        admin.socket.closeHandler(ignored -> closed.complete(admin.socket.closeStatusCode()));
        admin.register(LiveStreams.HEALTH);
        long opened = System.nanoTime();

        JsonObject expired = admin.next(frame -> "err".equals(frame.getString("type")) && !frame.containsKey("address"), 15);
        assertThat(expired.getInteger("failureCode")).isEqualTo(401);
        assertThat(new JsonObject(expired.getString("message")).getString("message")).contains("expired");
        assertThat(closed.get(10, TimeUnit.SECONDS)).isEqualTo((short) SockJsBridge.TOKEN_EXPIRED);
        assertThat(Duration.ofNanos(System.nanoTime() - opened)).as("closed within the token's life and a second").isLessThan(Duration.ofSeconds(6));
        // A socket with a token that lives on is not touched.
        JsonObject listed = connect(TestTokens.admin()).request("admin.models.list", new JsonObject());
        assertThat(listed.getString("type")).as(listed.encode()).isEqualTo("rec");
    }

    @Test
    @DisplayName("a TCP socket ends with the longest-lived token it has shown: its registrations stop with an error frame and a close")
    void tcpSocketEndsWithItsToken() throws Exception {
        TcpClient tcp = TcpClient.connect(vertx, tcpPort);
        CompletableFuture<Void> closed = new CompletableFuture<>();
        tcp.socket.closeHandler(ignored -> closed.complete(null));
        JsonObject headers = new JsonObject().put("authorization", "Bearer "
                + TestTokens.mint("brief-monitor", Set.of(Role.MONITOR), null, Duration.ofSeconds(2)));
        tcp.send(new JsonObject().put("type", "register").put("address", LiveStreams.HEALTH).put("headers", headers));
        tcp.send(new JsonObject().put("type", "send").put("address", "health.get").put("replyAddress", "t-health").put("headers", headers)
                .put("body", new JsonObject()));
        assertThat(tcp.frames.poll(10, TimeUnit.SECONDS).getString("address")).as("registered, then answered").isIn("t-health", LiveStreams.HEALTH);

        JsonObject expired = null;
        while (expired == null) {
            JsonObject frame = tcp.frames.poll(15, TimeUnit.SECONDS);
            assertThat(frame).as("an error frame before the close").isNotNull();
            expired = "err".equals(frame.getString("type")) && frame.getInteger("failureCode") == 401 ? frame : null;
        }
        assertThat(expired.getString("message")).contains("expired");
        closed.get(10, TimeUnit.SECONDS);
    }

    @Test
    @DisplayName("live.ingestion.rates: events posted over HTTP raise the pushed rate of their type by as many events")
    void ingestionRatesFollowEvents(TestServers servers) throws Exception {
        Vertx metered = ServiceRuntime.createVertx();
        try {
            int port = ownService(metered, servers.config().json(), new IngestServiceVerticle());
            Client monitor = connect(port, TestTokens.monitor());
            monitor.register(LiveStreams.INGESTION_RATES);
            JsonObject before = monitor.next(frame -> LiveStreams.INGESTION_RATES.equals(frame.getString("address"))).getJsonObject("body");
            assertThat(received(before)).as("no event yet: " + before.encode()).isZero();

            int events = 20;
            JsonArray batch = new JsonArray();
            for (int i = 0; i < events; i++) {
                batch.add(new JsonObject().put("event_id", UUID.randomUUID().toString()).put("event_type", "document.viewed")
                        .put("entity_type", "USER").put("entity_id", "user_" + (i + 1)).put("occurred_at", Instant.now().minusSeconds(5).toString())
                        .put("schema_version", 1).put("payload", new JsonObject().put("document_id", "doc_" + i).put("document_type", "HOME_VALUE_REPORT")));
            }
            HttpResponse<Buffer> posted = TestTokens.webClient(metered, TestTokens.producer()).post(port, "127.0.0.1", "/v1/events")
                    .sendJson(batch).await(30, TimeUnit.SECONDS);
            assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);

            // Each report is a rate over its interval: rate × interval, summed over the reports, counts the events back.
            double counted = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (counted < events - 0.5 && System.nanoTime() < deadline) {
                JsonObject report = monitor.next(frame -> LiveStreams.INGESTION_RATES.equals(frame.getString("address"))).getJsonObject("body");
                counted += received(report) * report.getLong("interval_ms") / 1000.0;
            }
            assertThat(counted).as("document.viewed events received, from the pushed rates").isCloseTo(events, within(0.5));
        } finally {
            metered.close().await(30, TimeUnit.SECONDS);
        }
    }

    private static double received(JsonObject report) {
        JsonObject received = report.getJsonObject("per_second").getJsonObject("received", new JsonObject());
        return received.getDouble("document.viewed", 0.0);
    }

    @Test
    @DisplayName("live.health: the service's own Redis stopping pushes a health report naming redis DOWN")
    void healthChangeIsPushed(TestServers servers) throws Exception {
        EmbeddedRedisServer ownRedis = EmbeddedRedisServer.start(0);
        Vertx own = Vertx.vertx();
        try {
            JsonObject config = servers.config().json().copy().put("redis", new JsonObject().put("url", ownRedis.url()));
            int port = ownService(own, config);
            Client monitor = connect(port, TestTokens.monitor());
            monitor.register(LiveStreams.HEALTH);
            JsonObject now = monitor.request("health.get", new JsonObject());
            assertThat(now.getJsonObject("body").getJsonObject("components").getJsonObject("redis").getString("status"))
                    .as(now.encode()).isEqualTo("UP");

            ownRedis.stop();
            JsonObject pushed = monitor.next(frame -> LiveStreams.HEALTH.equals(frame.getString("address"))
                    && "DOWN".equals(frame.getJsonObject("body").getJsonObject("components").getJsonObject("redis").getString("status")), 20)
                    .getJsonObject("body");
            assertThat(pushed.getString("status")).isNotEqualTo("healthy");
            assertThat(pushed.getString("at")).isNotNull();
        } finally {
            own.close().await(30, TimeUnit.SECONDS);
            ownRedis.stop();
        }
    }

    /** The HTTP API (with its bridge, reports every 300 ms) and {@code verticles} on a Vert.x of the test's own; its port. */
    private static int ownService(Vertx own, JsonObject shared, io.vertx.core.Deployable... verticles) throws Exception {
        JsonObject config = shared.copy();
        int port = freePort();
        config.getJsonObject("http").put("port", port);
        config.put("bridge", new JsonObject().put("ratesIntervalMs", 300).put("healthIntervalMs", 300));
        for (io.vertx.core.Deployable verticle : verticles) {
            own.deployVerticle(verticle, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
        }
        own.deployVerticle(HttpApiVerticle.class, new DeploymentOptions().setConfig(config)).await(30, TimeUnit.SECONDS);
        return port;
    }

    @Test
    @DisplayName("refuses addresses the table does not permit: an internal topic, a scoring request, a publish, another tenant's predictions")
    void addressesNotPermittedAreRefused() throws Exception {
        Client admin = connect(TestTokens.admin());
        admin.send(new JsonObject().put("type", "register").put("address", "models.changed"));
        assertThat(admin.next(f -> "err".equals(f.getString("type"))).getString("message")).contains("no stream 'models.changed'");
        JsonObject scoring = admin.request("scoring.predict", new JsonObject().put("entity_id", "user_1"));
        assertThat(scoring.getInteger("failureCode")).isEqualTo(403);
        admin.send(new JsonObject().put("type", "publish").put("address", "admin.models.list").put("body", new JsonObject()));
        assertThat(admin.next(f -> "err".equals(f.getString("type"))).getString("message")).contains("do not publish");

        Client tenantAdmin = connect(TestTokens.mint("acme-admin", Set.of(Role.ADMIN), "acme"));
        tenantAdmin.send(new JsonObject().put("type", "register").put("address", LiveStreams.PREDICTIONS + ".globex"));
        assertThat(tenantAdmin.next(f -> "err".equals(f.getString("type"))).getString("message")).contains("live.predictions.acme");
    }

    @Test
    @DisplayName("the sampled prediction stream carries no request or features and is held to predictionsPerSecond")
    void predictionStreamIsSampled() throws Exception {
        Client monitor = connect(TestTokens.monitor());
        monitor.register(LiveStreams.PREDICTIONS);
        // The first registration subscribes the stream; publish until the first sample arrives.
        JsonObject first = null;
        for (int attempt = 0; attempt < 50 && first == null; attempt++) {
            Bus.publish(vertx, PredictionLogContract.SERVED, prediction(attempt));
            first = monitor.frames.poll(100, TimeUnit.MILLISECONDS);
        }
        assertThat(first).as("a sampled prediction").isNotNull();
        assertThat(first.getJsonObject("body").getString("entity_id")).startsWith("user_");
        assertThat(first.getJsonObject("body").containsKey("request")).isFalse();
        assertThat(first.getJsonObject("body").containsKey("features_used")).isFalse();
        assertThat(first.getJsonObject("body").getJsonArray("top_shap").getJsonObject(0).getString("feature")).isEqualTo("big");
        Thread.sleep(150); // the next sample is allowed 100 ms after the last: start the burst with a fresh allowance
        monitor.frames.clear();
        long started = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            Bus.publish(vertx, PredictionLogContract.SERVED, prediction(i));
        }
        Thread.sleep(1_000);
        double seconds = (System.nanoTime() - started) / 1e9;
        List<JsonObject> received = new ArrayList<>();
        monitor.frames.drainTo(received);
        assertThat(received.size()).as("2,000 served in %.2f s", seconds).isBetween(1, (int) Math.ceil(seconds * 10) + 1);
    }

    @Test
    @DisplayName("bad WebSocket frames get error frames and the socket keeps working")
    void badSockJsFramesGetErrors() throws Exception {
        Client admin = connect(TestTokens.admin());
        admin.socket.writeTextMessage("{not json").await(5, TimeUnit.SECONDS);
        assertThat(admin.next(f -> "err".equals(f.getString("type"))).getString("body")).isEqualTo("invalid_json");
        admin.send(new JsonObject().put("type", "send").put("address", "admin.models.list").put("replyAddress", "r-x").put("body", "text"));
        JsonObject notAnObject = admin.next(f -> "r-x".equals(f.getString("address")));
        assertThat(notAnObject.getInteger("failureCode")).isEqualTo(400);
        JsonObject listed = admin.request("admin.models.list", new JsonObject());
        assertThat(listed.getString("type")).as(listed.encode()).isEqualTo("rec");
    }

    @Test
    @DisplayName("a WebSocket message larger than the server's limit closes that socket unanswered; the bridge keeps serving")
    void hugeSockJsMessageClosesTheSocket() throws Exception {
        Client admin = connect(TestTokens.admin());
        java.util.concurrent.CompletableFuture<Void> closed = new java.util.concurrent.CompletableFuture<>();
        admin.socket.closeHandler(ignored -> closed.complete(null));
        String huge = new JsonObject().put("type", "send").put("address", "admin.models.list").put("replyAddress", "r-huge")
                .put("body", new JsonObject().put("padding", "x".repeat(2_000_000))).encode();
        admin.socket.writeTextMessage(huge);
        closed.get(10, TimeUnit.SECONDS);
        assertThat(admin.frames).as("no answer to the huge request").noneMatch(frame -> "r-huge".equals(frame.getString("address")));
        JsonObject listed = connect(TestTokens.admin()).request("admin.models.list", new JsonObject());
        assertThat(listed.getString("type")).as(listed.encode()).isEqualTo("rec");
    }

    @Test
    @DisplayName("over TCP: the token in each frame's headers decides; bad and oversized frames get error frames, never a crash")
    void tcpBridge() throws Exception {
        TcpClient tcp = TcpClient.connect(vertx, tcpPort);
        tcp.send(new JsonObject().put("type", "send").put("address", "admin.models.list").put("replyAddress", "t1").put("body", new JsonObject()));
        JsonObject noToken = tcp.frames.poll(10, TimeUnit.SECONDS);
        assertThat(noToken.getInteger("failureCode")).as(String.valueOf(noToken)).isEqualTo(401);

        JsonObject headers = new JsonObject().put("authorization", "Bearer " + TestTokens.admin());
        tcp.send(new JsonObject().put("type", "send").put("address", "admin.models.list").put("replyAddress", "t2").put("headers", headers)
                .put("body", new JsonObject()));
        JsonObject listed = tcp.frames.poll(10, TimeUnit.SECONDS);
        assertThat(listed.getString("type")).as(String.valueOf(listed)).isEqualTo("message");
        assertThat(listed.getJsonObject("body").getJsonArray("models")).isNotNull();

        tcp.socket.write(Buffer.buffer().appendInt(5).appendString("{bad}")).await(5, TimeUnit.SECONDS);
        assertThat(tcp.frames.poll(10, TimeUnit.SECONDS).getString("message")).contains("malformed_json");
        tcp.send(new JsonObject().put("type", "shout").put("address", "x"));
        assertThat(tcp.frames.poll(10, TimeUnit.SECONDS).getString("message")).contains("type: must be");
        tcp.socket.write(Buffer.buffer().appendInt(10_000_000)).await(5, TimeUnit.SECONDS);
        assertThat(tcp.frames.poll(10, TimeUnit.SECONDS).getString("message")).contains("payload_too_large");

        TcpClient again = TcpClient.connect(vertx, tcpPort);
        again.send(new JsonObject().put("type", "ping"));
        assertThat(again.frames.poll(10, TimeUnit.SECONDS).getString("type")).isEqualTo("pong");
    }

    @Test
    @DisplayName("the Python example of docs/admin-bus.md lists the models over TCP with an admin token, and exits 2 naming the role with a monitor token")
    void pythonExampleRunsOverTcp() throws Exception {
        Process admin = python(TestTokens.admin());
        String listed = new String(admin.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(admin.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(admin.exitValue()).as(listed + new String(admin.getErrorStream().readAllBytes())).isZero();
        assertThat(listed).contains(MODEL + "\tMOVE_PROBABILITY");

        Process monitor = python(TestTokens.monitor());
        String refused = new String(monitor.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(monitor.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(monitor.exitValue()).isEqualTo(2);
        assertThat(new JsonObject(refused.trim()).getString("code")).isEqualTo("forbidden");
    }

    /** The example as a reader runs it; python3 is required (the CI image has it), a missing one fails here. */
    private static Process python(String token) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("python3", "docs/admin_bus_client.py", "--port", String.valueOf(tcpPort));
        builder.environment().put("ROI_TOKEN", token);
        return builder.start();
    }

    private static LoggedPrediction prediction(int i) {
        return new LoggedPrediction(UUID.randomUUID().toString(), "USER", "user_" + i, "MOVE_PROBABILITY", "move_probability", 1,
                new JsonObject().put("entity_id", "user_" + i), new JsonObject().put("f", 1.0), 0.4, null, 0.4,
                new JsonObject().put("expected_value", 0.1).put("contributions", new JsonObject().put("small", 0.01).put("big", -0.3)),
                1.5, Instant.now(), "acme");
    }

    private static Client connect(String token) throws Exception {
        return connect(apiPort, token);
    }

    private static Client connect(int port, String token) throws Exception {
        WebSocketClient client = vertx.createWebSocketClient();
        String uri = "/eventbus/websocket" + (token == null ? "" : "?access_token=" + token);
        WebSocket socket = client.connect(new WebSocketConnectOptions().setPort(port).setHost("127.0.0.1").setURI(uri).setAllowOriginHeader(false)).await(10, TimeUnit.SECONDS);
        return new Client(socket);
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** A raw WebSocket on the SockJS bridge: each text message one JSON frame. */
    private static final class Client {
        final WebSocket socket;
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

        Client(WebSocket socket) {
            this.socket = socket;
            // The bridge's own frames come as binary messages on the raw WebSocket, ours as text: read both.
            socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
            socket.binaryMessageHandler(bytes -> frames.add(new JsonObject(bytes)));
        }

        void send(JsonObject frame) throws Exception {
            socket.writeTextMessage(frame.encode()).await(5, TimeUnit.SECONDS);
        }

        JsonObject request(String address, JsonObject body) throws Exception {
            String reply = UUID.randomUUID().toString();
            send(new JsonObject().put("type", "send").put("address", address).put("replyAddress", reply).put("body", body));
            return next(frame -> reply.equals(frame.getString("address")));
        }

        /** Registers; a request answered after it shows the registration was handled (frames are handled in order, an error would come first). */
        void register(String address) throws Exception {
            send(new JsonObject().put("type", "register").put("address", address));
            JsonObject after = request(BridgeAddresses.HEALTH.address(), new JsonObject());
            assertThat(after.getString("type")).as(after.encode()).isEqualTo("rec");
            assertThat(frames).as("no error for registering on " + address).noneMatch(frame -> "err".equals(frame.getString("type")));
        }

        JsonObject next(java.util.function.Predicate<JsonObject> wanted) throws Exception {
            return next(wanted, 10);
        }

        JsonObject next(java.util.function.Predicate<JsonObject> wanted, int seconds) throws Exception {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                JsonObject frame = frames.poll(100, TimeUnit.MILLISECONDS);
                if (frame != null && wanted.test(frame)) {
                    return frame;
                }
            }
            throw new AssertionError("no such frame within " + seconds + " s");
        }
    }

    /** A TCP bridge client: 4-byte length, then JSON. */
    private static final class TcpClient {
        final NetSocket socket;
        final BlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();

        private TcpClient(NetSocket socket) {
            this.socket = socket;
            RecordParser parser = RecordParser.newFixed(4);
            boolean[] length = {true};
            parser.handler(chunk -> {
                if (length[0]) {
                    length[0] = false;
                    parser.fixedSizeMode(chunk.getInt(0));
                } else {
                    length[0] = true;
                    parser.fixedSizeMode(4);
                    frames.add(new JsonObject(chunk));
                }
            });
            socket.handler(parser);
        }

        static TcpClient connect(Vertx vertx, int port) throws Exception {
            return new TcpClient(vertx.createNetClient().connect(port, "127.0.0.1").await(10, TimeUnit.SECONDS));
        }

        void send(JsonObject frame) throws Exception {
            Buffer json = frame.toBuffer();
            socket.write(Buffer.buffer().appendInt(json.length()).appendBuffer(json)).await(5, TimeUnit.SECONDS);
        }
    }
}
