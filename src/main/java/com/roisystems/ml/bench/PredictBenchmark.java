package com.roisystems.ml.bench;

import java.io.IOException;
import com.roisystems.ml.auth.AuthSettings;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.auth.TokenMinter;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ServiceLauncher;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.training.TrainingOptions;
import com.roisystems.ml.training.ModelTrainer;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import org.HdrHistogram.Histogram;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code bench predict}: the whole service in this JVM (the verticles of {@code verticles.conf}) on a
 * simulated platform with the four models in Production. An open-loop load of single move-probability
 * predictions at fixed rates (latency counted from each request's scheduled time), one batch of 1,000
 * mixed requests, and the delay from an ingested event to the prediction pushed to a WebSocket subscriber.
 */
public final class PredictBenchmark implements BenchCommand.Benchmark {

    private static final Duration WAIT = Duration.ofMinutes(30);

    @Override
    public String summary() {
        return "open-loop prediction latency at fixed rates, batch of 1000, event -> WebSocket push";
    }

    @Override
    public int run(AppConfig config, CommandLine line) throws Exception {
        int users = line.integer("users", 10_000);
        int seconds = line.integer("seconds", 30);
        List<Integer> rates = new ArrayList<>();
        for (String rate : line.string("levels", "200,500,1000").split(",")) {
            rates.add(Integer.parseInt(rate.trim()));
        }
        BenchReport report = BenchReport.start("predict");
        AppConfig isolated = config.with("pg.embeddedDatabase", "roi_bench_predict").with("pg.embeddedPort", 0)
                .with("redis.embeddedPort", 0).with("kafka.embeddedPort", 0).with("http.port", freePort()).with("http.host", "127.0.0.1")
                // The daily pipeline must not run a catch-up in the middle of a latency measurement.
                .with("pipeline.catchUp", false);
        isolated = withRateLimitsAboveTheLoad(withSigningKey(isolated));
        try (Infrastructure infra = Infrastructure.start(isolated, EnumSet.allOf(Infrastructure.Server.class))) {
            AppConfig resolved = infra.config();
            DatabaseUrl database = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(database);
            Vertx vertx = ServiceRuntime.createVertx();
            try {
                prepare(vertx, resolved, database, users, report);
                ServiceLauncher launcher = new ServiceLauncher(vertx, ServiceLauncher.readVerticlesConf(Path.of("verticles.conf")));
                Blocking.await(launcher.deployAll(resolved.json()), Duration.ofMinutes(5));
                int port = resolved.integer("http.port");
                Vertx load = Vertx.vertx();
                try {
                    // Every role, no tenant (platform-wide), like the demo's ROI_TOKEN: the bench users span every tenant.
                    String token = TokenMinter.from(AuthSettings.from(resolved.section("auth")))
                            .mint("bench-predict", EnumSet.allOf(Role.class), null, Duration.ofHours(12));
                    LoadGenerator generator = new LoadGenerator(load, port, Math.min(users, 5_000), token);
                    report.line("warming: one prediction per sampled user (fills the online store and the JIT)");
                    generator.warm(Math.min(users, 5_000));
                    JsonArray levels = new JsonArray();
                    int sustained = 0;
                    for (int rate : rates) {
                        Histogram latency = new Histogram(60_000_000L, 3);
                        long errors = generator.openLoop(rate, seconds, latency);
                        double p99 = latency.getValueAtPercentile(99) / 1000.0;
                        report.line("  %5d req/s for %d s: p50 %.2f ms  p95 %.2f ms  p99 %.2f ms  max %.2f ms  errors %d (%d requests)",
                                rate, seconds, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(95) / 1000.0,
                                p99, latency.getMaxValue() / 1000.0, errors, latency.getTotalCount() + errors);
                        levels.add(new JsonObject().put("rate_per_s", rate)
                                .put("p50_ms", BenchReport.round(latency.getValueAtPercentile(50) / 1000.0))
                                .put("p95_ms", BenchReport.round(latency.getValueAtPercentile(95) / 1000.0))
                                .put("p99_ms", BenchReport.round(p99))
                                .put("max_ms", BenchReport.round(latency.getMaxValue() / 1000.0))
                                .put("errors", errors));
                        if (p99 < 50 && errors == 0) {
                            sustained = Math.max(sustained, rate);
                        }
                    }
                    double batchMs = generator.batch(1_000, 3);
                    report.line("batch of 1,000 mixed requests (4 types): %.1f ms (median of 3)", batchMs);
                    Histogram push = generator.webSocketPush(resolved, 40);
                    report.line("event ingested over HTTP -> prediction pushed to a WebSocket subscriber: p50 %.1f ms, p95 %.1f ms (%d events; includes the feature refresh's coalescing window of %d ms)",
                            push.getValueAtPercentile(50) / 1000.0, push.getValueAtPercentile(95) / 1000.0, push.getTotalCount(),
                            resolved.json().getJsonObject("features", new JsonObject()).getInteger("coalesceMs", 150));
                    report.finish(new JsonObject()
                            .put("users", users)
                            .put("levels", levels)
                            .put("max_sustained_per_s", sustained)
                            .put("batch1000_ms", BenchReport.round(batchMs))
                            .put("ws_push_p50_ms", BenchReport.round(push.getValueAtPercentile(50) / 1000.0))
                            .put("ws_push_p95_ms", BenchReport.round(push.getValueAtPercentile(95) / 1000.0))
                            .put("load_generator", "same JVM and cores as the server"));
                } finally {
                    Blocking.await(load.close(), Duration.ofMinutes(1));
                    Blocking.await(launcher.undeployAll(), Duration.ofMinutes(1));
                }
            } finally {
                Blocking.await(vertx.close(), Duration.ofMinutes(1));
            }
        }
        return 0;
    }

    /**
     * Rate limiting stays on, so every timed request pays for its bucket in Redis, but the bench's one subject must
     * not be refused at the offered rates: its roles get a bucket no level can empty.
     */
    static AppConfig withRateLimitsAboveTheLoad(AppConfig config) {
        AppConfig limited = config.with("rateLimits.enabled", true);
        for (Role role : Role.values()) {
            limited = limited.with("rateLimits." + role.wireName() + ".perSecond", 1_000_000).with("rateLimits." + role.wireName() + ".burst", 1_000_000);
        }
        return limited;
    }

    /**
     * The configured HMAC secret signs the bench's token; without one (or with authentication off, which the bench
     * does not measure) an ephemeral secret of this run is configured, so the authenticated path is what is timed.
     */
    static AppConfig withSigningKey(AppConfig config) {
        AuthSettings auth = AuthSettings.from(config.section("auth"));
        if (auth.enabled() && auth.hasHmacKey()) {
            return config;
        }
        byte[] random = new byte[48];
        new SecureRandom().nextBytes(random);
        return config.with("auth.enabled", true).with("auth.hmacSecret", Base64.getUrlEncoder().withoutPadding().encodeToString(random));
    }

    /** Simulates the platform and trains the four models when the benchmark database has none. */
    private static void prepare(Vertx vertx, AppConfig config, DatabaseUrl database, int users, BenchReport report) throws Exception {
        Pool pool = PgPools.shared(vertx, config.json());
        long existing = Blocking.await(pool.query("SELECT count(*) FROM users").execute(), WAIT).iterator().next().getLong(0);
        if (existing == 0) {
            long started = System.nanoTime();
            Simulation.load(database, SimulationParameters.defaults().withUsers(users)
                    .withStartMonth(SimulationParameters.monthsEndingNow(36)), false, Progress.NONE);
            report.line("simulated %,d users (36 months ending now) in %.0f s", users, (System.nanoTime() - started) / 1e9);
        } else {
            report.line("using the %,d users already in %s", existing, database.describe());
        }
        long production = Blocking.await(pool.query("SELECT count(*) FROM ml_models WHERE status = 'PRODUCTION'").execute(), WAIT)
                .iterator().next().getLong(0);
        if (production < PredictionType.values().length) {
            ModelTrainer training = new ModelTrainer(vertx, pool, config, line -> report.line("  train: %s", line));
            for (PredictionType type : PredictionType.values()) {
                long started = System.nanoTime();
                training.train(type, TrainingOptions.defaults().withUsersLimit(5_000).withContactUsers(800)
                        .withPromote(Stage.PRODUCTION).withCreatedBy("bench"));
                report.line("trained and promoted %s in %.0f s", type, (System.nanoTime() - started) / 1e9);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
