package com.roisystems.ml.testing;

import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.infra.EmbeddedRedisServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The real servers a test class talks to: its own migrated database, the shared Redis and Kafka.
 * {@link #topic(String)} gives Kafka topic names private to the class.
 */
public record TestServers(DatabaseUrl database, EmbeddedRedisServer redis, String kafkaBootstrapServers, String databaseName) {

    /** One per test JVM: a class's data directory (the prediction journal) never holds another run's or class's files. */
    private static final Path DATA_ROOT = temporaryRoot();

    private static Path temporaryRoot() {
        try {
            return Files.createTempDirectory("roi-test-data");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** This class's data directory (the service's {@code dataDir}): the prediction journal lives there. */
    public Path dataDir() {
        return DATA_ROOT.resolve(databaseName);
    }

    /**
     * The service configuration pointing at these servers, with an ephemeral HTTP port and the tests' token key
     * ({@link TestTokens}). Rate limits are on, with buckets no test empties ({@link #limitsNoTestReaches()}).
     */
    public AppConfig config() {
        return AppConfig.of(new JsonObject()
                .put("dataDir", dataDir().toString())
                .put("pg", new JsonObject().put("url", database.toUrl()).put("poolSize", 4))
                .put("redis", new JsonObject().put("url", redis.url()))
                .put("kafka", new JsonObject()
                        .put("bootstrapServers", kafkaBootstrapServers)
                        .put("activityTopic", topic("roi.activity"))
                        .put("consumerGroup", topic("roi-ml-ingestion")))
                .put("http", new JsonObject().put("port", 0).put("host", "127.0.0.1"))
                .put("auth", new JsonObject().put("hmacSecret", TestTokens.SECRET))
                .put("rateLimits", limitsNoTestReaches()));
    }

    /**
     * Rate limiting on, as in production (every request spends from its bucket in Redis, an upgrade waits on it), with
     * buckets no test's burst empties; the rate-limit tests set limits of their own.
     */
    private static JsonObject limitsNoTestReaches() {
        JsonObject limits = new JsonObject().put("enabled", true);
        for (String role : new String[]{"anonymous", "client", "producer", "admin", "monitor"}) {
            limits.put(role, new JsonObject().put("perSecond", 1_000_000).put("burst", 1_000_000));
        }
        return limits;
    }

    /** Plain JDBC on this class's database, for setting rows up and checking what the service wrote. */
    public TestDatabase jdbc() {
        return TestDatabase.of(database);
    }

    public String topic(String name) {
        return name + "." + databaseName;
    }
}
