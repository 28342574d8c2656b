package com.roisystems.ml.cluster;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.cli.ServiceLauncher;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureContract;
import com.roisystems.ml.features.FeatureContract.GetRequest;
import com.roisystems.ml.features.FeatureVector;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestCluster;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole service (every verticle of {@code verticles.conf}) on two clustered nodes in this JVM, on one set of real
 * servers, each node with its own HTTP port and data directory, as two {@code serve} processes with
 * {@code CLUSTER_ENABLED=true} run: what must hold across nodes (docs/scaling.md, "What holds across nodes").
 */
@ExtendWith(RealServers.class)
@DisplayName("Two clustered nodes of the service")
class TwoNodeServiceTest {

    private static final Logger log = LoggerFactory.getLogger(TwoNodeServiceTest.class);
    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(400).withMonths(24).withSeed(29);
    private static final String MODEL = PredictionType.MOVE_PROBABILITY.modelName();
    private static final JsonObject EVENT_EXAMPLES = examples();

    private static TestServers servers;
    private static Vertx clients;
    private static WebClient http;
    private static TestCluster cluster;
    private static final List<ServiceLauncher> services = new ArrayList<>();
    private static final int[] ports = new int[2];
    private static int stagingVersion;

    @BeforeAll
    static void twoNodesWithAModel(TestServers testServers) throws Exception {
        servers = testServers;
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        clients = Vertx.vertx();
        ModelTrainer trainer = new ModelTrainer(clients, PgPools.shared(clients, config.json()), config, line -> { });
        trainer.train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
        stagingVersion = trainer.train(PredictionType.MOVE_PROBABILITY,
                TrainingOptions.defaults().withPromote(Stage.STAGING).withCreatedBy("tests")).version().version();
        http = TestTokens.webClient(clients, TestTokens.all());

        cluster = TestCluster.start(2);
        for (int node = 0; node < 2; node++) {
            ports[node] = freePort();
            JsonObject json = config.json().copy();
            json.getJsonObject("http").put("port", ports[node]);
            json.put("dataDir", servers.dataDir().resolve("node-" + node).toString());
            json.put("predictionLog", new JsonObject().put("flushIntervalMs", 50).put("healthPersistIntervalMs", 200));
            // A cached vector lives ten minutes here: only an eviction explains a node reading a refreshed one sooner.
            json.put("features", new JsonObject().put("coalesceMs", 20).put("lruTtlMs", 600_000));
            json.put("pipeline", json.getJsonObject("pipeline").copy().put("catchUp", false));
            ServiceLauncher service = new ServiceLauncher(cluster.node(node), ServiceLauncher.readVerticlesConf(Path.of("verticles.conf")));
            services.add(service);
            service.deployAll(json).await(180, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        for (ServiceLauncher service : services) {
            service.undeployAll().await(60, TimeUnit.SECONDS);
        }
        if (cluster != null) {
            cluster.close();
        }
        if (clients != null) {
            clients.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("A WebSocket subscriber on node B is pushed a new prediction when the user's event was ingested on node A")
    void aSubscriberOnBIsPushedWhatWasIngestedOnA() throws Exception {
        String user = "user_11";
        LinkedBlockingQueue<JsonObject> frames = new LinkedBlockingQueue<>();
        WebSocket socket = clients.createWebSocketClient().connect(TestTokens.withToken(new WebSocketConnectOptions()
                .setHost("127.0.0.1").setPort(ports[1]).setURI("/v1/ws/predictions"), TestTokens.all())).await(10, TimeUnit.SECONDS);
        try {
            socket.textMessageHandler(text -> frames.add(new JsonObject(text)));
            socket.writeTextMessage(new JsonObject().put("type", "subscribe").put("id", "s-1")
                    .put("entity_ids", new JsonArray(List.of(user))).encode()).await(10, TimeUnit.SECONDS);
            JsonObject subscribed = frames.poll(30, TimeUnit.SECONDS);
            assertThat(subscribed).as("an answer to the subscription").isNotNull();
            assertThat(subscribed.getString("type")).as(subscribed.encode()).isEqualTo("subscribed");

            assertThat(ingest(0, user).statusCode()).isEqualTo(202);

            JsonObject push = frames.poll(30, TimeUnit.SECONDS);
            assertThat(push).as("a push frame on node B within 30 s").isNotNull();
            assertThat(push.getString("type")).isEqualTo("push");
            assertThat(push.getString("entity_id")).isEqualTo(user);
            String predictionId = push.getJsonObject("prediction").getString("prediction_id");
            log.info("Node B pushed {} for an event ingested on node A", predictionId);
            await("node B journals and writes the prediction it pushed").atMost(Duration.ofSeconds(30))
                    .until(() -> servers.jdbc().count("SELECT count(*) FROM ml_predictions WHERE prediction_id = '" + predictionId + "'") == 1);
        } finally {
            socket.close().await(10, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("Features refreshed on node A evict node B's older in-process copy: B's next read is the new vector, not its cache")
    void aRefreshOnAEvictsBsCachedVector() throws Exception {
        String user = "user_12";
        Vertx nodeB = cluster.node(1);
        GetRequest read = new GetRequest(EntityRef.user(user), null, List.of(), List.of());
        assertThat(predict(1, user).statusCode()).isEqualTo(200);
        FeatureVector cached = Bus.request(nodeB, FeatureContract.GET, read).await(10, TimeUnit.SECONDS);
        assertThat(cached.source()).as("node B serves the user from its in-process cache before the event").isEqualTo(FeatureVector.SOURCE_MEMORY);
        Instant before = cached.asOf();

        assertThat(ingest(0, user).statusCode()).isEqualTo(202);

        await("node B reads the vector node A refreshed").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> Bus.request(nodeB, FeatureContract.GET, read).await(10, TimeUnit.SECONDS).asOf().isAfter(before));
    }

    @Test
    @DisplayName("Every prediction answered on either node is written to the prediction log exactly once")
    void thePredictionLogIsCompleteAcrossNodes() throws Exception {
        List<String> answered = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            HttpResponse<Buffer> response = predict(i % 2, "user_" + (20 + i));
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            answered.add(response.bodyAsJsonObject().getString("prediction_id"));
        }
        String ids = String.join("','", answered);

        await("both nodes' logs wrote their predictions").atMost(Duration.ofSeconds(30))
                .until(() -> servers.jdbc().count("SELECT count(*) FROM ml_predictions WHERE prediction_id IN ('" + ids + "')") == answered.size());
        assertThat(servers.jdbc().count("SELECT count(DISTINCT prediction_id) FROM ml_predictions WHERE prediction_id IN ('" + ids + "')"))
                .isEqualTo(answered.size());
    }

    @Test
    @DisplayName("Each prediction is counted once in the model's persisted health, by the node that answered it, not by every node")
    void eachPredictionIsCountedOnce() throws Exception {
        String counted = "SELECT coalesce(sum(prediction_count), 0) FROM ml_monitoring WHERE model_name = '" + MODEL + "'";
        // Earlier tests' predictions may still be on their way to the table.
        long before = settled(counted);
        int predictions = 12;
        for (int i = 0; i < predictions; i++) {
            assertThat(predict(i % 2, "user_" + (100 + i)).statusCode()).isEqualTo(200);
        }

        await("both nodes persisted their counts").atMost(Duration.ofSeconds(30))
                .until(() -> servers.jdbc().count(counted) >= before + predictions);
        // Both nodes persist every 200 ms: a count kept by every node would go on to before + 24.
        assertThat(settled(counted) - before).isEqualTo(predictions);
    }

    /** The count once it has not changed for a second (both nodes persist every 200 ms). */
    private static long settled(String sql) throws Exception {
        long seen = servers.jdbc().count(sql);
        for (int attempt = 0; attempt < 30; attempt++) {
            long previous = seen;
            seen = await().pollDelay(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> servers.jdbc().count(sql), any -> true);
            if (seen == previous) {
                return seen;
            }
        }
        throw new AssertionError("the count of " + sql + " kept changing");
    }

    @Test
    @DisplayName("Promoting a model on node A makes both nodes serve it within 2 s, and neither answers without a model meanwhile")
    void aPromotionReachesEveryNodeWithoutAGap() throws Exception {
        String previous = predict(0, "user_40").bodyAsJsonObject().getString("model_version");
        String promoted = "v" + stagingVersion;
        assertThat(previous).isNotEqualTo(promoted);
        Map<Integer, Instant> firstServedPromoted = new ConcurrentHashMap<>();
        List<String> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean promotedOnce = new AtomicBoolean();
        List<Thread> load = new ArrayList<>();
        for (int node = 0; node < 2; node++) {
            int target = node;
            Thread driver = new Thread(() -> {
                int i = 0;
                while (!firstServedPromoted.containsKey(target) || !promotedOnce.get()) {
                    try {
                        HttpResponse<Buffer> response = predict(target, "user_" + (50 + i++ % 50));
                        if (response.statusCode() != 200) {
                            failures.add("node " + target + ": " + response.statusCode() + " " + response.bodyAsString());
                        } else if (promoted.equals(response.bodyAsJsonObject().getString("model_version"))) {
                            firstServedPromoted.putIfAbsent(target, Instant.now());
                        }
                    } catch (Exception e) {
                        failures.add("node " + target + ": " + e);
                    }
                    if (failures.size() > 10) {
                        return;
                    }
                }
            }, "predictions-node-" + node);
            driver.start();
            load.add(driver);
        }

        HttpResponse<Buffer> promotion = http.post(ports[0], "127.0.0.1", "/v1/admin/models/" + MODEL + "/versions/" + stagingVersion + "/promote")
                .sendJsonObject(new JsonObject().put("stage", "Production").put("reason", "cluster test")).await(30, TimeUnit.SECONDS);
        Instant committed = Instant.now();
        promotedOnce.set(true);
        assertThat(promotion.statusCode()).as(promotion.bodyAsString()).isEqualTo(200);
        for (Thread thread : load) {
            thread.join(30_000);
        }

        firstServedPromoted.forEach((node, at) -> log.info("Node {} served {} {} ms after the promotion answered",
                node, promoted, Duration.between(committed, at).toMillis()));
        assertThat(failures).as("predictions refused while the model changed").isEmpty();
        assertThat(firstServedPromoted).containsOnlyKeys(0, 1);
        firstServedPromoted.forEach((node, at) -> assertThat(Duration.between(committed, at).toMillis())
                .as("node %d served %s %d ms after the promotion answered", node, promoted, Duration.between(committed, at).toMillis())
                .isLessThan(2_000));
    }

    private static HttpResponse<Buffer> predict(int node, String user) throws Exception {
        return http.post(ports[node], "127.0.0.1", "/v1/predict/move-probability")
                .sendJsonObject(new JsonObject().put("entity_id", user)).await(30, TimeUnit.SECONDS);
    }

    private static HttpResponse<Buffer> ingest(int node, String user) throws Exception {
        String tenant = servers.jdbc().queryForObject("SELECT tenant_id FROM users WHERE user_id = '" + user + "'", String.class);
        JsonObject event = EVENT_EXAMPLES.getJsonObject("document.viewed").copy()
                .put("event_id", UUID.randomUUID().toString())
                .put("entity_id", user)
                .put("occurred_at", Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.MILLIS).toString());
        if (tenant == null) {
            event.remove("tenant_id");
        } else {
            event.put("tenant_id", tenant);
        }
        return http.post(ports[node], "127.0.0.1", "/v1/events").sendJsonObject(event).await(30, TimeUnit.SECONDS);
    }

    private static JsonObject examples() {
        try (InputStream in = TwoNodeServiceTest.class.getResourceAsStream("/schemas/activity-event-examples.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
