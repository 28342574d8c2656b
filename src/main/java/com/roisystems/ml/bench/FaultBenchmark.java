package com.roisystems.ml.bench;

import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.infra.EmbeddedKafkaBroker;
import com.roisystems.ml.infra.EmbeddedPostgresServer;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import ch.qos.logback.classic.Level;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench faults}: the fault-injection suite of issue #16. The bench owns its servers (embedded PostgreSQL, Redis
 * and Kafka in a temporary data directory) and runs the service as a child JVM pointed at them, so it can (a) kill the
 * service with SIGKILL several times while a producer publishes events to Kafka and clients predict over HTTP,
 * restarting it each time; (b) restart PostgreSQL, (c) stop Redis, then Kafka, for a while each, under the same
 * prediction load; and (d) send hostile requests to every route and both WebSockets. Then it counts from the database
 * and the answers: events sent (acknowledged by the broker), stored, lost and duplicated; predictions answered with a
 * prediction id, found in the prediction log, and lost; every 5xx of every phase; the restart times; and /health at the
 * end. Configured servers (PG_URL and the like) are not used: the bench must be able to stop and restart its own.
 */
public final class FaultBenchmark implements BenchCommand.Benchmark {

    private static final String DATABASE = "roi_bench_faults";
    private static final String TOPIC = "roi.bench.faults.activity";
    private static final String GROUP = "roi-bench-faults";
    private static final Duration OUTAGE = Duration.ofSeconds(10);

    @Override
    public String summary() {
        return "kill -9 under load, PostgreSQL/Redis/Kafka outages, hostile input: events and predictions lost, 5xx, restart s";
    }

    /** What one run is asked to do. */
    record Plan(long events, int eventRate, int kills, int hostile, int users, int predictRate) {
    }

    @Override
    public int run(AppConfig config, CommandLine line) throws Exception {
        Plan plan = new Plan(line.integer("events", 1_000_000), line.integer("rate", 5_000), line.integer("kills", 3),
                line.integer("hostile", 10_000), line.integer("users", 2_000), line.integer("predict-rate", 100));
        if (plan.events() < 1_000 || plan.eventRate() < 100 || plan.kills() < 0 || plan.kills() > 10 || plan.hostile() < 0
                || plan.users() < 200 || plan.predictRate() < 1 || plan.predictRate() > 2_000) {
            throw new UsageException("bench faults takes --events >= 1000, --rate >= 100 (events/s), --kills 0..10, --hostile >= 0, "
                    + "--users >= 200, --predict-rate 1..2000 (predictions/s)");
        }
        // The client side of every kill resets connections by the hundred: expected, and counted as unanswered requests.
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.vertx.core.net.impl.ConnectionBase")).setLevel(Level.OFF);
        Path dir = Files.createTempDirectory("roi-bench-faults");
        try {
            Path serviceLog = Files.createDirectories(Path.of("logs")).resolve("bench-faults-service.log");
            Files.deleteIfExists(serviceLog);
            JsonObject figures = run(config, plan, dir, serviceLog);
            return figures.getLong("events_lost") == 0 && figures.getLong("events_duplicated") == 0 ? 0 : 1;
        } finally {
            BenchServers.deleteQuietly(dir);
        }
    }

    /** Runs every phase with servers and data under {@code dir}, the service's console output in {@code serviceLog}; returns the figures. */
    static JsonObject run(AppConfig config, Plan plan, Path dir, Path serviceLog) throws Exception {
        long started = System.nanoTime();
        BenchReport report = BenchReport.start("faults");
        try (BenchServers own = BenchServers.start(dir, DATABASE)) {
            AppConfig servers = own.configure(PredictBenchmark.withSigningKey(config));
            DatabaseUrl database = own.database();
            report.line("%s", own.describe(dir));
            prepare(servers, database, plan.users(), report, "bench-faults", Stage.PRODUCTION);
            BenchmarkTraffic.createTopic(own.kafka().bootstrapServers(), TOPIC);

            int port = freePort();
            Path configFile = dir.resolve("service.json");
            Files.writeString(configFile, serviceConfig(servers, TOPIC, GROUP).encodePrettily());
            String token = token(servers, "bench-faults");
            Map<String, String> environment = new HashMap<>(own.environment());
            environment.putAll(Map.of("HTTP_PORT", String.valueOf(port), "HTTP_HOST", "127.0.0.1", "AUTH_ENABLED", "true",
                    "AUTH_HMAC_SECRET", servers.string("auth.hmacSecret"), "DATA_DIR", dir.resolve("service").toString()));
            ServiceProcess service = new ServiceProcess(environment, configFile, serviceLog, dir.resolve("service-logs"), port, token);
            EmbeddedPostgresServer postgres = own.postgres();
            EmbeddedRedisServer redis = own.redis();
            EmbeddedKafkaBroker kafka = own.kafka();
            Vertx load = ServiceRuntime.createVertx();
            try {
                FaultRun run = new FaultRun(plan, report, service, load, port, token, postgres, redis, kafka, database);
                JsonObject figures = run.execute();
                figures.put("wall_s", BenchReport.round((System.nanoTime() - started) / 1e9));
                report.finish(figures);
                return figures;
            } finally {
                service.stop();
                Blocking.await(load.close(), Duration.ofMinutes(1));
            }
        }
    }

    /** A token with every role, signed with the key the services are given, for the bench's clients. */
    static String token(AppConfig servers, String subject) {
        return TokenMinter.from(AuthSettings.from(servers.section("auth"))).mint(subject, EnumSet.allOf(Role.class), null, Duration.ofHours(12));
    }

    /** The service's overrides: this run's topic and group, rate limits above the bench's load, no pipeline catch-up. */
    static JsonObject serviceConfig(AppConfig servers, String topic, String group) {
        AppConfig limited = PredictBenchmark.withRateLimitsAboveTheLoad(servers);
        return new JsonObject()
                .put("kafka", new JsonObject().put("activityTopic", topic).put("consumerGroup", group))
                .put("pipeline", new JsonObject().put("catchUp", false))
                .put("rateLimits", limited.section("rateLimits"));
    }

    /**
     * Simulates the platform and trains one move-probability version per stage given, in order, each promoted to its stage
     * (the first to Production, so predictions can be answered); returns the versions.
     */
    static List<ModelVersion> prepare(AppConfig config, DatabaseUrl database, int users, BenchReport report, String createdBy,
                                      Stage... stages) throws Exception {
        long simulated = System.nanoTime();
        Simulation.load(database, new SimulationParameters(users, 42, SimulationParameters.monthsEndingNow(24), 24, 6), false, Progress.NONE);
        report.line("simulated %,d homeowners (24 months ending now) in %.0f s", users, (System.nanoTime() - simulated) / 1e9);
        Vertx vertx = ServiceRuntime.createVertx();
        try {
            Pool pool = PgPools.shared(vertx, config.json());
            ModelTrainer trainer = new ModelTrainer(vertx, pool, config, line -> { });
            List<ModelVersion> versions = new ArrayList<>();
            for (Stage stage : stages) {
                long trained = System.nanoTime();
                ModelVersion version = trainer.train(PredictionType.MOVE_PROBABILITY,
                        TrainingOptions.defaults().withPromote(stage).withCreatedBy(createdBy)).version();
                versions.add(version);
                report.line("trained %s %s into %s in %.0f s", version.name(), version.label(), stage.display(),
                        (System.nanoTime() - trained) / 1e9);
            }
            return versions;
        } finally {
            Blocking.await(vertx.close(), Duration.ofMinutes(1));
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static void pause(Duration duration) {
        LockSupport.parkNanos(duration.toNanos());
    }

    /** One run's phases and its counting; a class of its own so the servers and clients are fields, not parameters. */
    private static final class FaultRun {
        private final Plan plan;
        private final BenchReport report;
        private final ServiceProcess service;
        private final Vertx load;
        private final int port;
        private final String token;
        private final EmbeddedPostgresServer postgres;
        private final EmbeddedRedisServer redis;
        private final EmbeddedKafkaBroker kafka;
        private final DatabaseUrl database;
        private final List<Double> restarts = new ArrayList<>();
        private final JsonArray phases = new JsonArray();

        FaultRun(Plan plan, BenchReport report, ServiceProcess service, Vertx load, int port, String token,
                 EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, EmbeddedKafkaBroker kafka, DatabaseUrl database) {
            this.plan = plan;
            this.report = report;
            this.service = service;
            this.load = load;
            this.port = port;
            this.token = token;
            this.postgres = postgres;
            this.redis = redis;
            this.kafka = kafka;
            this.database = database;
        }

        JsonObject execute() throws Exception {
            report.line("service console output: %s", service.log().toAbsolutePath());
            ServiceProcess.Restart cold = service.start();
            report.line("service (child JVM, -Xmx1g) up: healthy after %.1f s, first prediction after %.1f s", cold.healthySeconds(),
                    cold.firstPredictionSeconds());
            report.line("load: %d predictions/s open loop over HTTP (move-probability, %,d users); %,d events to Kafka at %,d/s; "
                    + "load generator, producer, broker, PostgreSQL, Redis and the service share the %d cores", plan.predictRate(),
                    plan.users(), plan.events(), plan.eventRate(), BenchReport.cores());
            PredictionLoad predictions = PredictionLoad.start(load, port, token, plan.predictRate(), plan.users());
            FaultEvents events = new FaultEvents(System.nanoTime(), plan.events(), FaultEvents.owners(database));
            PredictionLoad.Tally mark = predictions.tally();

            long produceStarted = System.nanoTime();
            events.publishInBackground(kafka.bootstrapServers(), TOPIC, plan.eventRate());
            for (int kill = 1; kill <= plan.kills(); kill++) {
                long due = plan.events() * kill / (plan.kills() + 1);
                while (events.published() < due) {
                    pause(Duration.ofMillis(50));
                }
                service.kill();
                ServiceProcess.Restart restart = service.start();
                restarts.add(restart.firstPredictionSeconds());
                report.line("(a) kill -9 #%d at %,d events published: healthy again after %.1f s, first prediction after %.1f s",
                        kill, due, restart.healthySeconds(), restart.firstPredictionSeconds());
            }
            events.awaitPublished();
            report.line("(a) %,d events published in %.0f s (%,d acknowledged by the broker, %,d refused)", events.published(),
                    (System.nanoTime() - produceStarted) / 1e9, events.acknowledged(), events.refused());
            BenchmarkTraffic.awaitCommitted(kafka.bootstrapServers(), TOPIC, GROUP, Duration.ofMinutes(30));
            report.line("(a) consumed to the end of the topic %.0f s after the first event", (System.nanoTime() - produceStarted) / 1e9);
            mark = phase("a: kill -9 x" + plan.kills() + " under events and predictions", predictions, mark);

            long pgDown = System.nanoTime();
            postgres.stop();
            postgres.restart();
            report.line("(b) PostgreSQL restarted in %.1f s; %s", (System.nanoTime() - pgDown) / 1e9, recovery());
            pause(OUTAGE);
            mark = phase("b: PostgreSQL restart", predictions, mark);

            outage("Redis", redis::stop, redis::restart);
            mark = phase("c: Redis down " + OUTAGE.toSeconds() + " s", predictions, mark);
            outage("Kafka", kafka::stop, kafka::restart);
            mark = phase("c: Kafka down " + OUTAGE.toSeconds() + " s", predictions, mark);

            predictions.stop();
            pause(Duration.ofSeconds(11));
            phase("tail (requests in flight)", predictions, mark);

            HostileTraffic.Result hostile = new HostileTraffic(load, port, token).run(plan.hostile(), 7);
            report.line("(d) %,d hostile HTTP requests over %d routes (+ raw bytes) and %,d WebSocket frames: answers %s; %d 5xx, "
                    + "%d WebSocket server errors", hostile.sent(), HostileRequests.routeCount(), hostile.webSocketFrames(),
                    hostile.statuses(), hostile.serverErrors(), hostile.webSocketServerErrors());
            hostile.failures().forEach(failure -> report.line("    5xx: %s", failure));
            boolean aliveAfterHostile = service.alive();

            DeliveryCount.PredictionTally logged = DeliveryCount.awaitLogged(database, predictions.answeredIds());
            DeliveryCount.EventTally stored;
            try (Connection connection = Jdbc.connect(database)) {
                stored = DeliveryCount.events(connection, FaultEvents.ACTIVITY_TABLES, events.firstId(), events.lastId(), events.acknowledged());
            }
            JsonObject health = awaitHealthy(Duration.ofSeconds(60));
            String healthStatus = health == null ? "no answer" : health.getString("status");
            PredictionLoad.Tally total = predictions.tally();
            long http5xx = total.http5xx() + hostile.serverErrors() + hostile.webSocketServerErrors();
            report.line("events: %,d sent (acknowledged by the broker), %,d stored once or more (%,d rows in the activity tables), "
                    + "%,d dead-lettered: %,d lost, %,d duplicated", stored.sent(), stored.distinct(), stored.rows(), stored.deadLettered(),
                    stored.lost(), stored.duplicated());
            report.line("predictions: %,d requested, %,d answered with a prediction id, %,d of them in ml_predictions: %,d lost "
                    + "(answered but not logged); %,d got no answer (service down), statuses %s", total.sent(), logged.answered(),
                    logged.logged(), logged.lost(), total.unanswered(), total.statuses());
            predictions.firstErrors().forEach(error -> report.line("    5xx: %s", error));
            report.line("health at the end: %s%s; restarts (to first prediction) %s s", healthStatus,
                    health == null ? "" : " " + unhealthyComponents(health), restarts);
            long dataRows;
            try (Connection connection = Jdbc.connect(database); Statement statement = connection.createStatement();
                 var rows = statement.executeQuery("SELECT pg_database_size(current_database())")) {
                rows.next();
                dataRows = rows.getLong(1);
            }
            report.line("data: %,d users, database %,d MiB at the end", plan.users(), dataRows >> 20);
            return new JsonObject()
                    .mergeIn(stored.toJson(events.refused()))
                    .put("predictions_requested", total.sent())
                    .put("predictions_answered", logged.answered())
                    .put("predictions_logged", logged.logged())
                    .put("predictions_lost", logged.lost())
                    .put("predictions_unanswered", total.unanswered())
                    .put("http_5xx", http5xx)
                    .put("http_5xx_load", total.http5xx())
                    .put("http_5xx_hostile", hostile.serverErrors())
                    .put("ws_server_errors_hostile", hostile.webSocketServerErrors())
                    .put("hostile_requests", hostile.sent() + hostile.webSocketFrames())
                    .put("kills", plan.kills())
                    .put("restart_s", new JsonArray(restarts.stream().map(BenchReport::round).toList()))
                    .put("max_restart_s", BenchReport.round(restarts.stream().mapToDouble(Double::doubleValue).max().orElse(0)))
                    .put("health_end", healthStatus)
                    .put("alive_after_hostile", aliveAfterHostile)
                    .put("phases", phases)
                    .put("users", plan.users())
                    .put("events", plan.events())
                    .put("event_rate_per_s", plan.eventRate())
                    .put("predict_rate_per_s", plan.predictRate())
                    .put("database_mib", dataRows >> 20)
                    .put("load_generator", "same machine and cores as the service (child JVM) and the servers (bench JVM)");
        }

        private interface Step {
            void run() throws Exception;
        }

        /** Stops a server for {@link #OUTAGE} under load, notes what /health said meanwhile, restarts it and times the recovery. */
        private void outage(String name, Step stop, Step restart) throws Exception {
            stop.run();
            pause(OUTAGE.dividedBy(2));
            JsonObject during = service.health();
            pause(OUTAGE.dividedBy(2));
            restart.run();
            report.line("(c) %s down for %d s: /health meanwhile %s; after the restart %s", name, OUTAGE.toSeconds(),
                    during == null ? "did not answer" : during.getString("status") + " " + unhealthyComponents(during), recovery());
            // Load goes on after the recovery, so what queued during the outage drains under it.
            pause(OUTAGE.dividedBy(2));
        }

        /** How long, from now, until /health is healthy again. */
        private String recovery() {
            long from = System.nanoTime();
            JsonObject health = awaitHealthy(Duration.ofSeconds(60));
            return health == null ? "not healthy within 60 s" : String.format("healthy again after %.1f s", (System.nanoTime() - from) / 1e9);
        }

        private JsonObject awaitHealthy(Duration timeout) {
            long deadline = System.nanoTime() + timeout.toNanos();
            JsonObject health = service.health();
            while ((health == null || !"healthy".equals(health.getString("status"))) && System.nanoTime() < deadline) {
                pause(Duration.ofMillis(250));
                health = service.health();
            }
            return health;
        }

        private PredictionLoad.Tally phase(String name, PredictionLoad predictions, PredictionLoad.Tally since) {
            PredictionLoad.Tally now = predictions.tally();
            PredictionLoad.Tally delta = now.minus(since);
            report.line("  phase %s: %,d predictions sent, %,d answered, %,d 5xx, %,d unanswered, statuses %s", name, delta.sent(),
                    delta.answered(), delta.http5xx(), delta.unanswered(), delta.statuses());
            phases.add(new JsonObject().put("phase", name).put("predictions_sent", delta.sent()).put("predictions_answered", delta.answered())
                    .put("http_5xx", delta.http5xx()).put("unanswered", delta.unanswered()));
            return now;
        }

        private static String unhealthyComponents(JsonObject health) {
            JsonObject components = health.getJsonObject("components", new JsonObject());
            List<String> named = new ArrayList<>();
            components.forEach(entry -> {
                if (entry.getValue() instanceof JsonObject state && !"UP".equals(state.getString("status"))) {
                    named.add(entry.getKey() + "=" + state.getString("status"));
                }
            });
            return named.isEmpty() ? "(every component UP)" : named.toString();
        }
    }
}
