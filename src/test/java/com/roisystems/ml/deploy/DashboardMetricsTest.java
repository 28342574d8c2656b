package com.roisystems.ml.deploy;

import com.roisystems.ml.cli.ServiceLauncher;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.pipeline.RunStatus;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.SimTenants;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.yaml.snakeyaml.Yaml;

import java.io.Reader;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static com.roisystems.ml.monitoring.alert.MonitoringWindows.driftWindow;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.hour;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performance;
import static com.roisystems.ml.monitoring.alert.MonitoringWindows.performanceWindow;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The Grafana dashboard and the Prometheus rules of the compose deployment read metrics the engine really exports:
 * the engine (every verticle of {@code verticles.conf}) runs in-process on real servers, serves predictions (answered
 * and refused), ingests events over HTTP and Kafka, runs a pipeline and evaluates seeded monitoring windows; then
 * {@code /metrics} is scraped with a monitor token and every metric name in the dashboard's queries and the rules'
 * expressions must be among the scraped series (or a rule's recorded name).
 */
@ExtendWith(RealServers.class)
@DisplayName("The Grafana dashboard and the Prometheus rules name only metrics the engine exports")
class DashboardMetricsTest {

    private static final Logger log = LoggerFactory.getLogger(DashboardMetricsTest.class);
    static final Path DASHBOARDS = Path.of("docker", "grafana", "dashboards");
    static final Path RULES = Path.of("docker", "prometheus", "rules");
    /** Series Prometheus adds to every target itself; the engine cannot export them. */
    private static final Set<String> SCRAPE_SERIES = Set.of("up", "scrape_duration_seconds", "scrape_samples_scraped",
            "scrape_samples_post_metric_relabeling", "scrape_series_added");
    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(400).withSeed(23);
    private static final String MODEL = PredictionType.MOVE_PROBABILITY.modelName();

    private static Vertx vertx;
    private static ServiceLauncher service;
    private static WebClient http;
    private static int port;

    @BeforeAll
    static void engineWithTraffic(TestServers servers) throws Exception {
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        JsonObject json = config.json();
        port = freePort();
        json.getJsonObject("http").put("port", port);
        json.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        // Windows close, and alerts with the model gauges are evaluated, every second rather than every minute.
        json.put("monitoring", new JsonObject().put("closeIntervalMs", 1_000));
        seedMonitoringWindows(servers);

        vertx = ServiceRuntime.createVertx();
        ModelTrainer training = new ModelTrainer(vertx, PgPools.shared(vertx, json), config, line -> log.info("{}", line));
        training.train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
        service = new ServiceLauncher(vertx, ServiceLauncher.readVerticlesConf(Path.of("verticles.conf")));
        service.deployAll(json).await(180, TimeUnit.SECONDS);
        http = TestTokens.webClient(vertx, TestTokens.all());

        for (int user = 1; user <= 5; user++) {
            assertThat(predict("move-probability", user).statusCode()).isEqualTo(200);
        }
        // No Production model of this type: refused, so the error series exist too.
        assertThat(predict("property-value", 1).statusCode()).isEqualTo(503);
        for (int user = 1; user <= 3; user++) {
            HttpResponse<Buffer> posted = http.post(port, "127.0.0.1", "/v1/events").sendJsonObject(documentViewed(user))
                    .await(30, TimeUnit.SECONDS);
            assertThat(posted.statusCode()).as(posted.bodyAsString()).isEqualTo(202);
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                servers.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer())) {
            for (int user = 4; user <= 6; user++) {
                JsonObject event = documentViewed(user);
                producer.send(new ProducerRecord<>(servers.topic("roi.activity"), event.getString("entity_id"), event.toBuffer().getBytes()))
                        .get(30, TimeUnit.SECONDS);
            }
        }
        runPipeline();
    }

    /**
     * Drift and performance of the three model kinds, so every {@code roi_model_*} gauge has a window to show. The
     * performance is settled (computed after its horizon), or the running performance job would recompute it from the
     * predictions of those hours, of which there are none.
     */
    private static void seedMonitoringWindows(TestServers servers) throws Exception {
        driftWindow(servers, MODEL, 1, hour(2), List.of("sessions_30d"));
        performanceWindow(servers, MODEL, 1, hour(26), hour(2), settled(performance(812, 0.81, 852, 0.80, 0.83)));
        performanceWindow(servers, PredictionType.PROPERTY_VALUE.modelName(), 1, hour(26), hour(2),
                settled(new JsonObject().put("realised", new JsonObject().put("labelled", 300).put("rmse", 0.21))));
        performanceWindow(servers, PredictionType.CONTACT_TIMING.modelName(), 1, hour(26), hour(2),
                settled(new JsonObject().put("realised", new JsonObject().put("labelled", 300).put("top_k_hit_rate", 0.44))));
    }

    private static JsonObject settled(JsonObject performance) {
        return performance.put("as_of", Instant.now().toString()).put("horizon_days", 0);
    }

    private static HttpResponse<Buffer> predict(String type, int user) throws Exception {
        return http.post(port, "127.0.0.1", "/v1/predict/" + type)
                .sendJsonObject(new JsonObject().put("entity_id", "user_" + user).put("entity_type", "USER"))
                .await(30, TimeUnit.SECONDS);
    }

    private static JsonObject documentViewed(int user) {
        return new JsonObject().put("event_id", UUID.randomUUID().toString()).put("event_type", "document.viewed")
                .put("entity_type", "USER").put("entity_id", "user_" + user).put("occurred_at", Instant.now().minusSeconds(5).toString())
                .put("tenant_id", SimTenants.of(PLATFORM.seed(), user)).put("schema_version", 1)
                .put("payload", new JsonObject().put("document_id", "doc_dashboard").put("document_type", "HOME_VALUE_REPORT"));
    }

    private static void runPipeline() throws Exception {
        HttpResponse<Buffer> started = http.post(port, "127.0.0.1", "/v1/admin/pipeline/runs").sendJsonObject(new JsonObject())
                .await(30, TimeUnit.SECONDS);
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
        long runId = started.bodyAsJsonObject().getLong("run_id");
        await("pipeline run " + runId + " finishes").atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(250))
                .until(() -> RunStatus.valueOf(http.get(port, "127.0.0.1", "/v1/admin/pipeline/runs/" + runId)
                        .send().await(30, TimeUnit.SECONDS).bodyAsJsonObject().getString("status")).finished());
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (service != null) {
            service.undeployAll().await(60, TimeUnit.SECONDS);
        }
        if (vertx != null) {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }

    @Test
    @DisplayName("every metric in the dashboard's panel queries and variables is in a real scrape of /metrics")
    void dashboardQueriesNameExportedMetrics() throws Exception {
        Map<String, Set<String>> wanted = dashboardMetrics();
        assertThat(wanted).as("the dashboards' metrics").isNotEmpty();
        assertAllExported(wanted, Set.of());
    }

    @Test
    @DisplayName("every metric in the Prometheus rules is in a real scrape of /metrics or recorded by a rule")
    void rulesNameExportedMetrics() throws Exception {
        Map<String, Set<String>> wanted = new LinkedHashMap<>();
        Set<String> recorded = new TreeSet<>();
        for (Map<String, Object> rule : rules()) {
            String name = (String) (rule.containsKey("record") ? rule.get("record") : rule.get("alert"));
            wanted.computeIfAbsent(name, key -> new LinkedHashSet<>()).addAll(PromQlMetricNames.of(String.valueOf(rule.get("expr"))));
            if (rule.containsKey("record")) {
                recorded.add((String) rule.get("record"));
            }
        }
        assertThat(wanted).as("the rules").isNotEmpty();
        assertAllExported(wanted, recorded);
    }

    /**
     * Waits (the model gauges appear after the first evaluation of the seeded windows) until a scrape holds every
     * wanted metric, then asserts, naming each missing metric with the panels or rules that use it.
     */
    private static void assertAllExported(Map<String, Set<String>> wantedBy, Set<String> recorded) {
        Set<String> wanted = new TreeSet<>();
        wantedBy.values().forEach(wanted::addAll);
        wanted.removeAll(recorded);
        wanted.removeAll(SCRAPE_SERIES);
        Set<String> exported = new TreeSet<>();
        try {
            await("a scrape with every metric the queries name").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        exported.clear();
                        exported.addAll(scrapedNames());
                        return exported.containsAll(wanted);
                    });
        } catch (org.awaitility.core.ConditionTimeoutException timedOut) {
            // The assertion below names what is missing and where it is used.
        }
        Map<String, List<String>> missing = new LinkedHashMap<>();
        wantedBy.forEach((user, names) -> names.stream().filter(wanted::contains).filter(name -> !exported.contains(name))
                .forEach(name -> missing.computeIfAbsent(name, key -> new ArrayList<>()).add(user)));
        assertThat(missing).as("metrics named by queries (with where) that the engine does not export; it exports " + exported).isEmpty();
    }

    /** The names of the series in one scrape of {@code /metrics} (with the suffixes: _bucket, _count, _sum, _total). */
    private static Set<String> scrapedNames() throws Exception {
        HttpResponse<Buffer> scraped = TestTokens.webClient(vertx, TestTokens.monitor()).get(port, "127.0.0.1", "/metrics").send()
                .await(30, TimeUnit.SECONDS);
        assertThat(scraped.statusCode()).isEqualTo(200);
        Set<String> names = new TreeSet<>();
        for (String line : scraped.bodyAsString().split("\n")) {
            if (!line.isBlank() && !line.startsWith("#")) {
                names.add(line.split("[{ ]", 2)[0]);
            }
        }
        return names;
    }

    /** Per panel ("dashboard / panel title") the metrics its queries read; variables as "dashboard / $name". */
    static Map<String, Set<String>> dashboardMetrics() throws Exception {
        Map<String, Set<String>> metrics = new LinkedHashMap<>();
        List<Path> files;
        try (var listing = Files.list(DASHBOARDS)) {
            files = listing.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(files).as("dashboards in " + DASHBOARDS).isNotEmpty();
        for (Path file : files) {
            JsonObject dashboard = new JsonObject(Files.readString(file));
            String title = dashboard.getString("title");
            collectPanels(title, dashboard.getJsonArray("panels", new JsonArray()), metrics);
            for (Object item : dashboard.getJsonObject("templating", new JsonObject()).getJsonArray("list", new JsonArray())) {
                JsonObject variable = (JsonObject) item;
                if ("query".equals(variable.getString("type"))) {
                    Object query = variable.getValue("query");
                    String text = query instanceof JsonObject object ? object.getString("query") : String.valueOf(query);
                    metrics.computeIfAbsent(title + " / $" + variable.getString("name"), key -> new LinkedHashSet<>())
                            .addAll(PromQlMetricNames.of(text));
                }
            }
        }
        return metrics;
    }

    private static void collectPanels(String dashboard, JsonArray panels, Map<String, Set<String>> metrics) {
        for (Object item : panels) {
            JsonObject panel = (JsonObject) item;
            for (Object target : panel.getJsonArray("targets", new JsonArray())) {
                String expression = ((JsonObject) target).getString("expr");
                if (expression != null) {
                    metrics.computeIfAbsent(dashboard + " / " + panel.getString("title"), key -> new LinkedHashSet<>())
                            .addAll(PromQlMetricNames.of(expression));
                }
            }
            // Rows hold their panels when collapsed.
            collectPanels(dashboard, panel.getJsonArray("panels", new JsonArray()), metrics);
        }
    }

    /** Every rule of every group in the rule files. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> rules() throws Exception {
        List<Map<String, Object>> rules = new ArrayList<>();
        List<Path> files;
        try (var listing = Files.list(RULES)) {
            files = listing.filter(file -> file.toString().endsWith(".yml")).sorted().toList();
        }
        for (Path file : files) {
            try (Reader reader = Files.newBufferedReader(file)) {
                Map<String, Object> document = new Yaml().load(reader);
                for (Map<String, Object> group : (List<Map<String, Object>>) document.get("groups")) {
                    rules.addAll((List<Map<String, Object>>) group.get("rules"));
                }
            }
        }
        return rules;
    }
}
