package com.roisystems.ml.bench;

import com.roisystems.ml.ingest.KafkaIngestionVerticle;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.Infrastructure;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code bench ingest}: Kafka → durable in PostgreSQL. Phase 1 pre-loads N events and times how fast
 * the consumers drain them (sustained throughput). Phase 2 produces at a fixed rate, open-loop, each
 * record stamped with its scheduled send time, and reads the produce→durable percentiles from the
 * service's own meter. Phase 3 COPYs the same rows into a scratch table: the ceiling to compare with.
 */
public final class IngestBenchmark implements BenchCommand.Benchmark {

    @Override
    public String summary() {
        return "Kafka -> durable in PostgreSQL: throughput, produce-to-durable latency, COPY ceiling";
    }

    @Override
    public int run(AppConfig config, CommandLine line) throws Exception {
        int events = line.integer("events", 1_000_000);
        int rate = line.integer("rate", 10_000);
        int seconds = line.integer("seconds", 20);
        int instances = line.integer("instances", 2);
        BenchReport report = BenchReport.start("ingest");
        AppConfig benchConfig = config.with("pg.embeddedDatabase", "roi_bench")
                .with("kafka.embeddedPort", 0).with("redis.embeddedPort", 0).with("pg.embeddedPort", 0);
        try (Infrastructure infra = Infrastructure.start(benchConfig, EnumSet.of(Infrastructure.Server.POSTGRES, Infrastructure.Server.KAFKA))) {
            AppConfig resolved = infra.config();
            DatabaseUrl database = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(database);
            truncate(database);
            String bootstrap = resolved.string("kafka.bootstrapServers");
            report.line("servers: PostgreSQL %s, Kafka %s; load generator, broker, database and consumers share the %d cores",
                    database.describe(), bootstrap, BenchReport.cores());

            BenchmarkTraffic traffic = BenchmarkTraffic.generate(events, 42);
            report.line("phase 1: %,d events (%,d MB), %d consumer instance(s), batches of up to %d",
                    events, traffic.totalBytes() >> 20, instances, resolved.integer("ingest.maxBatchEvents"));
            String throughputTopic = "roi.bench.throughput." + System.currentTimeMillis();
            long produceNanos = traffic.produceAll(bootstrap, throughputTopic);
            report.line("  produced in %.1f s (%,.0f events/s into Kafka)", produceNanos / 1e9, events / (produceNanos / 1e9));
            double drainSeconds = drain(resolved, throughputTopic, instances);
            double eventsPerSecond = events / drainSeconds;
            report.line("  drained to PostgreSQL in %.1f s: %,.0f events/s sustained", drainSeconds, eventsPerSecond);

            report.line("phase 2: open-loop %,d events/s for %d s, latency from each record's scheduled send time to its commit", rate, seconds);
            List<ValueAtPercentile> latency = latencyPhase(resolved, rate, seconds, report);
            double p50 = millis(latency, 0.5);
            double p95 = millis(latency, 0.95);
            double p99 = millis(latency, 0.99);
            report.line("  produce->durable p50 %.1f ms, p95 %.1f ms, p99 %.1f ms", p50, p95, p99);

            double copyRowsPerSecond = copyCeiling(database, traffic);
            report.line("phase 3: COPY of the same %,d rows into a scratch table: %,.0f rows/s (the ceiling)", events, copyRowsPerSecond);
            truncate(database);

            report.finish(new JsonObject()
                    .put("events", events)
                    .put("events_per_s", Math.round(eventsPerSecond))
                    .put("produce_to_durable_p50_ms", BenchReport.round(p50))
                    .put("produce_to_durable_p95_ms", BenchReport.round(p95))
                    .put("produce_to_durable_p99_ms", BenchReport.round(p99))
                    .put("copy_ceiling_rows_per_s", Math.round(copyRowsPerSecond))
                    .put("latency_rate_per_s", rate)
                    .put("consumer_instances", instances));
        }
        return 0;
    }

    private static double drain(AppConfig config, String topic, int instances) throws Exception {
        Vertx vertx = ServiceRuntime.createVertx();
        try {
            JsonObject json = config.json().copy();
            json.getJsonObject("kafka").put("activityTopic", topic).put("consumerGroup", "bench-" + topic);
            long started = System.nanoTime();
            Blocking.await(vertx.deployVerticle(KafkaIngestionVerticle.class.getName(), new DeploymentOptions()
                    .setConfig(json).setInstances(instances).setThreadingModel(ThreadingModel.WORKER)), Duration.ofMinutes(1));
            BenchmarkTraffic.awaitCommitted(config.string("kafka.bootstrapServers"), topic, "bench-" + topic, Duration.ofMinutes(30));
            return (System.nanoTime() - started) / 1e9;
        } finally {
            Blocking.await(vertx.close(), Duration.ofMinutes(1));
        }
    }

    private static List<ValueAtPercentile> latencyPhase(AppConfig config, int rate, int seconds, BenchReport report) throws Exception {
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Vertx vertx = ServiceRuntime.createVertx(registry);
        try {
            String topic = "roi.bench.latency." + System.currentTimeMillis();
            BenchmarkTraffic.createTopic(config.string("kafka.bootstrapServers"), topic);
            JsonObject json = config.json().copy();
            json.getJsonObject("kafka").put("activityTopic", topic).put("consumerGroup", "bench-" + topic);
            Blocking.await(vertx.deployVerticle(KafkaIngestionVerticle.class.getName(), new DeploymentOptions()
                    .setConfig(json).setThreadingModel(ThreadingModel.WORKER)), Duration.ofMinutes(1));
            // Let the consumer join its group so the first records are not timed against a rebalance.
            LockSupport.parkNanos(TimeUnit.SECONDS.toNanos(3));
            int total = rate * seconds;
            BenchmarkTraffic traffic = BenchmarkTraffic.generate(total, 4242);
            traffic.produceOpenLoop(config.string("kafka.bootstrapServers"), topic, rate);
            BenchmarkTraffic.awaitCommitted(config.string("kafka.bootstrapServers"), topic, "bench-" + topic, Duration.ofMinutes(10));
            Timer timer = registry.get("roi_ingest_produce_to_durable").timer();
            report.line("  %,d events timed", timer.count());
            return List.of(timer.takeSnapshot().percentileValues());
        } finally {
            Blocking.await(vertx.close(), Duration.ofMinutes(1));
        }
    }

    private static double millis(List<ValueAtPercentile> values, double percentile) {
        return values.stream().filter(v -> Math.abs(v.percentile() - percentile) < 1e-9).findFirst()
                .map(v -> v.value(TimeUnit.MILLISECONDS)).orElse(Double.NaN);
    }

    private static double copyCeiling(DatabaseUrl database, BenchmarkTraffic traffic) throws Exception {
        try (Connection connection = Jdbc.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_copy_ceiling");
            statement.execute("CREATE TABLE bench_copy_ceiling (LIKE document_access INCLUDING ALL)");
            CopyManager copy = ((PGConnection) connection.unwrap(PGConnection.class)).getCopyAPI();
            byte[] csv = traffic.asDocumentAccessCsv().getBytes(StandardCharsets.UTF_8);
            long started = System.nanoTime();
            long rows = copy.copyIn("COPY bench_copy_ceiling (event_id, user_id, document_id, document_type, action, occurred_at) FROM STDIN (FORMAT csv)",
                    new ByteArrayInputStream(csv));
            double elapsed = (System.nanoTime() - started) / 1e9;
            statement.execute("DROP TABLE bench_copy_ceiling");
            return rows / elapsed;
        }
    }

    private static void truncate(DatabaseUrl database) throws Exception {
        try (Connection connection = Jdbc.connect(database); Statement statement = connection.createStatement()) {
            statement.execute("TRUNCATE ingested_events, document_access, email_events, page_views, searches, alert_events, property_views, dead_letters");
        }
    }
}
