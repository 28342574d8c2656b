package com.roisystems.ml.infra;

import java.util.HashMap;
import com.roisystems.ml.config.KafkaClients;
import java.util.Set;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The servers the engine depends on: each configured one is checked to be reachable, each one left
 * unconfigured is started embedded (the zero-setup default). The returned config carries the URLs of
 * whatever is running, so the rest of the service never knows which mode it is in.
 *
 * <p>{@code try (Infrastructure infra = Infrastructure.start(config, Set.of(Server.values()))) { infra.config(); }}
 */
public final class Infrastructure implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(Infrastructure.class);

    /** A dependency the engine can start embedded or reach configured. */
    public enum Server { POSTGRES, REDIS, KAFKA }

    private final AppConfig config;
    private final List<AutoCloseable> embedded;

    private Infrastructure(AppConfig config, List<AutoCloseable> embedded) {
        this.config = config;
        this.embedded = embedded;
    }

    /** Blocking start-up, before Vert.x runs. Failures are {@link ConfigException}s with one readable line. */
    public static Infrastructure start(AppConfig config, Set<Server> needed) {
        List<AutoCloseable> started = new ArrayList<>();
        AppConfig resolved = config;
        try {
            Path dataDir = config.dataDir();
            if (needed.contains(Server.POSTGRES)) {
                resolved = resolvePostgres(resolved, dataDir, started);
            }
            if (needed.contains(Server.REDIS)) {
                resolved = resolveRedis(resolved, dataDir, started);
            }
            if (needed.contains(Server.KAFKA)) {
                resolved = resolveKafka(resolved, dataDir, started);
            }
            return new Infrastructure(resolved, started);
        } catch (RuntimeException e) {
            closeAll(started);
            throw e;
        }
    }

    public AppConfig config() {
        return config;
    }

    private static AppConfig resolvePostgres(AppConfig config, Path dataDir, List<AutoCloseable> started) {
        String url = config.string("pg.url");
        if (!url.isBlank()) {
            DatabaseUrl parsed = DatabaseUrl.parse(url);
            try (Connection connection = Jdbc.connect(parsed)) {
                log.info("Using PostgreSQL at {}", parsed.describe());
            } catch (SQLException e) {
                throw new ConfigException("cannot reach PostgreSQL at " + parsed.describe() + " (PG_URL): " + firstLine(e));
            }
            return config;
        }
        requireWritable(dataDir);
        try {
            EmbeddedPostgresServer server = EmbeddedPostgresServer.start(dataDir.resolve("postgres"), config.integer("pg.embeddedPort"));
            started.add(server);
            String database = config.string("pg.embeddedDatabase");
            createDatabaseIfMissing(DatabaseUrl.parse(server.url("postgres")), database);
            return config.with("pg.url", server.url(database));
        } catch (IOException | SQLException | RuntimeException e) {
            if (e instanceof ConfigException configException) {
                throw configException;
            }
            throw new ConfigException("cannot start embedded PostgreSQL under " + dataDir.resolve("postgres").toAbsolutePath()
                    + ": " + firstLine(e));
        }
    }

    private static AppConfig resolveRedis(AppConfig config, Path dataDir, List<AutoCloseable> started) {
        String url = config.string("redis.url");
        if (!url.isBlank()) {
            URI uri = URI.create(url);
            requireReachable("Redis", "REDIS_URL", uri.getHost(), uri.getPort() > 0 ? uri.getPort() : 6379);
            log.info("Using Redis at {}:{}", uri.getHost(), uri.getPort());
            return config;
        }
        requireWritable(dataDir);
        try {
            EmbeddedRedisServer server = EmbeddedRedisServer.start(config.integer("redis.embeddedPort"), dataDir.resolve("redis/redis.pid"));
            started.add(server);
            return config.with("redis.url", server.url());
        } catch (IOException | RuntimeException e) {
            throw new ConfigException("cannot start embedded Redis on port " + config.integer("redis.embeddedPort") + ": " + firstLine(e));
        }
    }

    private static AppConfig resolveKafka(AppConfig config, Path dataDir, List<AutoCloseable> started) {
        String bootstrap = config.string("kafka.bootstrapServers");
        if (!bootstrap.isBlank()) {
            Map<String, Object> settings = new HashMap<>(KafkaClients.connection(config.json().getJsonObject("kafka")));
            settings.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
            settings.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
            try (Admin admin = Admin.create(settings)) {
                admin.describeCluster().clusterId().get(15, TimeUnit.SECONDS);
                log.info("Using Kafka at {}", bootstrap);
                return config;
            } catch (Exception e) {
                throw new ConfigException("cannot reach Kafka at " + bootstrap + " (KAFKA_BOOTSTRAP_SERVERS): " + firstLine(e));
            }
        }
        String host = config.string("kafka.embeddedHost");
        int port = config.integer("kafka.embeddedPort");
        try {
            EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start(host, port, dataDir.resolve("kafka"));
            started.add(broker);
            return config.with("kafka.bootstrapServers", broker.bootstrapServers());
        } catch (Exception e) {
            throw new ConfigException("cannot start embedded Kafka on " + host + ":" + port + ": " + firstLine(e));
        }
    }

    private static void createDatabaseIfMissing(DatabaseUrl admin, String database) throws SQLException {
        try (Connection connection = Jdbc.connect(admin); Statement statement = connection.createStatement()) {
            try (ResultSet rows = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '" + database + "'")) {
                if (rows.next()) {
                    return;
                }
            }
            statement.execute("CREATE DATABASE " + database);
        }
    }

    private static void requireWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new ConfigException("data directory " + dataDir.toAbsolutePath() + " cannot be created (DATA_DIR): " + firstLine(e));
        }
        if (!Files.isWritable(dataDir)) {
            throw new ConfigException("data directory " + dataDir.toAbsolutePath() + " is not writable (DATA_DIR)");
        }
    }

    private static void requireReachable(String what, String variable, String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
        } catch (IOException e) {
            throw new ConfigException("cannot reach " + what + " at " + host + ":" + port + " (" + variable + "): " + firstLine(e));
        }
    }

    private static String firstLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return message.lines().findFirst().orElse(message);
    }

    @Override
    public void close() {
        closeAll(embedded);
    }

    private static void closeAll(List<AutoCloseable> servers) {
        List<AutoCloseable> reversed = new ArrayList<>(servers);
        Collections.reverse(reversed);
        for (AutoCloseable server : reversed) {
            try {
                server.close();
            } catch (Exception e) {
                log.warn("Stopping {} failed: {}", server.getClass().getSimpleName(), e.getMessage());
            }
        }
    }
}
