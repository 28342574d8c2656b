package com.roisystems.ml.bench;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.EmbeddedKafkaBroker;
import com.roisystems.ml.infra.EmbeddedPostgresServer;
import com.roisystems.ml.infra.EmbeddedRedisServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Servers a bench owns, whatever is configured: embedded PostgreSQL (with one migrated database of the run), Redis and
 * Kafka on free ports under one directory, so the bench may stop them, and the services it starts as child JVMs
 * ({@link ServiceProcess}) are pointed at them by environment.
 *
 * <p>{@code try (BenchServers servers = BenchServers.start(dir, "roi_bench_faults")) { servers.environment(); }}
 */
final class BenchServers implements AutoCloseable {

    private final EmbeddedPostgresServer postgres;
    private final EmbeddedRedisServer redis;
    private final EmbeddedKafkaBroker kafka;
    private final String databaseName;

    private BenchServers(EmbeddedPostgresServer postgres, EmbeddedRedisServer redis, EmbeddedKafkaBroker kafka, String databaseName) {
        this.postgres = postgres;
        this.redis = redis;
        this.kafka = kafka;
        this.databaseName = databaseName;
    }

    /** Starts the three servers with their data under {@code dir}, then creates and migrates {@code databaseName}. */
    static BenchServers start(Path dir, String databaseName) throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start(dir.resolve("postgres"), FaultBenchmark.freePort());
        EmbeddedRedisServer redis = null;
        EmbeddedKafkaBroker kafka = null;
        try {
            redis = EmbeddedRedisServer.start(FaultBenchmark.freePort(), dir.resolve("redis/redis.pid"));
            kafka = EmbeddedKafkaBroker.start("127.0.0.1", FaultBenchmark.freePort(), dir.resolve("kafka"));
            BenchServers servers = new BenchServers(postgres, redis, kafka, databaseName);
            try (Connection connection = Jdbc.connect(DatabaseUrl.parse(postgres.url("postgres")));
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE " + databaseName);
            }
            Migrations.apply(servers.database());
            return servers;
        } catch (Exception e) {
            closeAll(kafka, redis, postgres);
            throw e;
        }
    }

    EmbeddedPostgresServer postgres() {
        return postgres;
    }

    EmbeddedRedisServer redis() {
        return redis;
    }

    EmbeddedKafkaBroker kafka() {
        return kafka;
    }

    DatabaseUrl database() {
        return DatabaseUrl.parse(postgres.url(databaseName));
    }

    /** {@code config} pointed at these servers (pg.url, redis.url, kafka.bootstrapServers). */
    AppConfig configure(AppConfig config) {
        return config.with("pg.url", postgres.url(databaseName)).with("redis.url", redis.url())
                .with("kafka.bootstrapServers", kafka.bootstrapServers());
    }

    /** The environment that points a service at these servers (PG_URL, REDIS_URL, KAFKA_BOOTSTRAP_SERVERS). */
    Map<String, String> environment() {
        return Map.of("PG_URL", postgres.url(databaseName), "REDIS_URL", redis.url(), "KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
    }

    String describe(Path dir) {
        return String.format("servers (the bench's own, in %s): PostgreSQL 127.0.0.1:%d, Redis %s, Kafka %s", dir, postgres.port(),
                redis.url(), kafka.bootstrapServers());
    }

    @Override
    public void close() throws Exception {
        closeAll(kafka, redis, postgres);
    }

    /** Closes every server given, in order, even when one fails; rethrows the first failure. */
    private static void closeAll(AutoCloseable... servers) throws Exception {
        Exception first = null;
        for (AutoCloseable server : servers) {
            if (server == null) {
                continue;
            }
            try {
                server.close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Deletes {@code dir} if the servers are gone; a temporary directory left behind is not worth failing a report for. */
    static void deleteQuietly(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // left behind
        }
    }
}
