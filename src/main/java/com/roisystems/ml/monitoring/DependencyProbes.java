package com.roisystems.ml.monitoring;

import com.roisystems.ml.config.Redaction;
import com.roisystems.ml.bus.HealthProbe;
import com.roisystems.ml.db.DatabaseUrl;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.kafka.admin.KafkaAdminClient;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisAPI;
import io.vertx.sqlclient.Pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Health probes for the three servers: a round trip to each, so {@code /health} reports what a request
 * would meet, not what the configuration says. Each names the server it reached, without credentials. None is critical:
 * with any one server down the instance still answers part of its traffic (the rest answers 503 naming the server), so
 * {@code /health} says degraded, with the server DOWN, its error and the impact, and stays 200 — a load balancer keeps
 * the instance in rotation.
 */
public final class DependencyProbes {

    /** Under the 2 s deadline the HTTP API gives the whole report, so a server that hangs is reported with its impact. */
    private static final long PROBE_TIMEOUT_MS = 1_500;

    private DependencyProbes() {
    }

    /**
     * Not critical: with PostgreSQL down the instance still answers predictions whose features are in the online store,
     * so it stays in rotation, reported degraded; what needs the database answers 503 naming it until it returns.
     */
    public static HealthProbe postgres(Pool pool, JsonObject config) {
        String where = DatabaseUrl.parse(config.getJsonObject("pg").getString("url")).describe();
        return HealthProbe.of("postgres", false, () -> pool.query("SELECT 1").execute()
                .map(rows -> new JsonObject().put("status", HealthProbe.UP).put("address", where))
                .otherwise(failure -> down(failure, where,
                        "predictions from the online store still answer; writes and store misses answer 503 until PostgreSQL returns")));
    }

    /**
     * Redis only speeds things up: when it is down the service answers from PostgreSQL, degraded. The ping has its own
     * deadline, shorter than the report's, so a hung Redis is reported with its impact like a refused one.
     */
    public static HealthProbe redis(Redis redis, String url) {
        RedisAPI api = RedisAPI.api(redis);
        String where = Redaction.redact(url);
        return HealthProbe.of("redis", false, () -> api.ping(List.of())
                .timeout(PROBE_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(reply -> new JsonObject().put("status", HealthProbe.UP).put("address", where))
                .otherwise(failure -> down(failure, where,
                        "features are read from PostgreSQL; rate limits count in this instance's own buckets until Redis returns")));
    }

    /**
     * Not critical: with the broker down, HTTP and WebSocket intake (which write to PostgreSQL) keep working and events
     * published to the topic wait there; the consumer resumes from its committed offsets when the broker returns.
     */
    public static HealthProbe kafka(Vertx vertx, String bootstrapServers) {
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of(
                "bootstrap.servers", bootstrapServers,
                "request.timeout.ms", String.valueOf(PROBE_TIMEOUT_MS),
                "default.api.timeout.ms", String.valueOf(PROBE_TIMEOUT_MS)));
        String where = Redaction.redact(bootstrapServers);
        return HealthProbe.of("kafka", false, () -> admin.describeCluster()
                .map(cluster -> new JsonObject()
                        .put("status", HealthProbe.UP)
                        .put("bootstrap_servers", where)
                        .put("brokers", cluster.getNodes().size()))
                .otherwise(failure -> down(failure, where,
                        "HTTP intake keeps working; Kafka events are consumed from the committed offsets when the broker returns")));
    }

    private static JsonObject down(Throwable failure, String where, String impact) {
        return new JsonObject()
                .put("status", HealthProbe.DOWN)
                .put("address", where)
                .put("error", failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage())
                .put("impact", impact);
    }
}
