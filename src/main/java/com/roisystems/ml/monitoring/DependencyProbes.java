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

/**
 * Health probes for the three servers: a round trip to each, so {@code /health} reports what a request
 * would meet, not what the configuration says. Each names the server it reached, without credentials.
 */
public final class DependencyProbes {

    private DependencyProbes() {
    }

    public static HealthProbe postgres(Pool pool, JsonObject config) {
        String where = DatabaseUrl.parse(config.getJsonObject("pg").getString("url")).describe();
        return HealthProbe.of("postgres", true, () -> pool.query("SELECT 1").execute()
                .map(rows -> new JsonObject().put("status", HealthProbe.UP).put("address", where)));
    }

    /** Redis only speeds things up: when it is down the service answers from PostgreSQL, degraded. */
    public static HealthProbe redis(Redis redis, String url) {
        RedisAPI api = RedisAPI.api(redis);
        String where = Redaction.redact(url);
        return HealthProbe.of("redis", false, () -> api.ping(List.of())
                .map(reply -> new JsonObject().put("status", HealthProbe.UP).put("address", where)));
    }

    public static HealthProbe kafka(Vertx vertx, String bootstrapServers) {
        KafkaAdminClient admin = KafkaAdminClient.create(vertx, Map.of(
                "bootstrap.servers", bootstrapServers,
                "request.timeout.ms", "2000",
                "default.api.timeout.ms", "2000"));
        String where = Redaction.redact(bootstrapServers);
        return HealthProbe.of("kafka", true, () -> admin.describeCluster()
                .map(cluster -> new JsonObject()
                        .put("status", HealthProbe.UP)
                        .put("bootstrap_servers", where)
                        .put("brokers", cluster.getNodes().size())));
    }
}
