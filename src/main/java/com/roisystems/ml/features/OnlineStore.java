package com.roisystems.ml.features;

import com.roisystems.ml.bus.HealthProbe;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.Request;
import io.vertx.redis.client.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The online store: the latest vector per entity in one Redis hash ({@code as_of}, {@code layout_hash},
 * {@code layout_id}, {@code values}, {@code tenant_id}) with a TTL, behind a small in-process LRU. Redis only makes reads
 * faster: every failure is a miss, never an error. Once Redis has failed (refused, or no answer within
 * {@value #REDIS_TIMEOUT_MS} ms) reads and writes stop asking it and go straight to PostgreSQL, so a dead or hung Redis adds
 * no wait to requests; a PING in the background, at most one at a time and one a second, finds out when it answers
 * again, and the store resumes by itself. Meanwhile it reports DEGRADED.
 *
 * <p>{@code store.get("u1").onSuccess(stored -> { if (stored == null) computeFromPostgres(); });}
 */
public final class OnlineStore {

    private static final Logger log = LoggerFactory.getLogger(OnlineStore.class);
    private static final String KEY_PREFIX = "roi:features:USER:";
    private static final long REDIS_TIMEOUT_MS = 500;
    private static final long RETRY_AFTER_MS = 1_000;
    private static final int WRITE_BATCH = 250;

    private final Redis redis;
    private final LruCache<String, StoredVector> memory;
    private final long ttlSeconds;
    private volatile long retryAtMillis;
    private volatile String lastError;
    private final AtomicBoolean probing = new AtomicBoolean();

    public OnlineStore(Redis redis, int lruEntries, long lruTtlMillis, long ttlSeconds) {
        this.redis = redis;
        this.memory = new LruCache<>(lruEntries, lruTtlMillis);
        this.ttlSeconds = ttlSeconds;
    }

    /** Whether Redis answered the last time it was asked. */
    public boolean available() {
        return lastError == null;
    }

    /** A vector found, and where: {@link FeatureVector#SOURCE_MEMORY} or {@link FeatureVector#SOURCE_ONLINE}. */
    public record Hit(StoredVector vector, String source) {
    }

    /** The stored vector, from memory or Redis; null on a miss or while Redis is unreachable. */
    public Future<Hit> get(String userId) {
        StoredVector cached = memory.get(userId);
        if (cached != null) {
            return Future.succeededFuture(new Hit(cached, FeatureVector.SOURCE_MEMORY));
        }
        return getFromRedis(userId).map(stored -> {
            if (stored == null) {
                return null;
            }
            memory.put(userId, stored);
            return new Hit(stored, FeatureVector.SOURCE_ONLINE);
        });
    }

    /**
     * Drops this process's copy of an entity's vector when it is older than {@code asOf}: another instance (another
     * cluster node) refreshed the entity, and the next read takes the new vector from Redis instead of serving the old
     * one for the rest of the cache's time to live. A copy as new as the refresh (this instance's own) stays.
     */
    public void forgetOlderThan(String userId, Instant asOf) {
        memory.removeIf(userId, cached -> cached.asOf().isBefore(asOf));
    }

    /** Redis only, bypassing the in-process cache (the benchmark measures this path). */
    public Future<StoredVector> getFromRedis(String userId) {
        if (skipRedis()) {
            return Future.succeededFuture();
        }
        Request request = Request.cmd(Command.HMGET).arg(KEY_PREFIX + userId).arg("as_of").arg("layout_hash").arg("layout_id").arg("values").arg("tenant_id");
        return redis.send(request)
                .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .map(OnlineStore::decode)
                .transform(result -> {
                    if (result.failed()) {
                        markDown(result.cause());
                        return Future.succeededFuture(null);
                    }
                    markUp();
                    return Future.succeededFuture(result.result());
                });
    }

    /**
     * Writes vectors (HSET + EXPIRE per entity, pipelined in batches that stay under the client's
     * waiting-queue limit); a Redis failure is logged, not raised.
     */
    public Future<Void> putAll(Map<String, StoredVector> vectors) {
        vectors.forEach(memory::put);
        List<Map.Entry<String, StoredVector>> entries = new ArrayList<>(vectors.entrySet());
        Future<Void> chain = Future.succeededFuture();
        for (int from = 0; from < entries.size(); from += WRITE_BATCH) {
            List<Map.Entry<String, StoredVector>> batch = entries.subList(from, Math.min(entries.size(), from + WRITE_BATCH));
            chain = chain.compose(ignored -> writeBatch(batch));
        }
        return chain;
    }

    private Future<Void> writeBatch(List<Map.Entry<String, StoredVector>> batch) {
        if (skipRedis()) {
            return Future.succeededFuture();
        }
        List<Request> requests = new ArrayList<>(batch.size() * 2);
        batch.forEach(entry -> {
            String key = KEY_PREFIX + entry.getKey();
            StoredVector stored = entry.getValue();
            requests.add(Request.cmd(Command.HSET).arg(key).arg("as_of").arg(stored.asOf().toString())
                    .arg("layout_hash").arg(stored.layoutHash()).arg("layout_id").arg(stored.layoutId()).arg("values").arg(encode(stored.values()))
                    .arg("tenant_id").arg(stored.tenant() == null ? "" : stored.tenant()));
            requests.add(Request.cmd(Command.EXPIRE).arg(key).arg(ttlSeconds));
        });
        return redis.batch(requests)
                .timeout(REDIS_TIMEOUT_MS * 4, TimeUnit.MILLISECONDS)
                .transform(result -> {
                    if (result.failed()) {
                        markDown(result.cause());
                    } else {
                        markUp();
                    }
                    return Future.<Void>succeededFuture();
                });
    }

    /**
     * Removes an entity's vector (a person's erasure): from this store's memory and from Redis. Unlike reads it fails
     * when Redis cannot be reached, since a vector left behind is not a miss but data that should be gone; the
     * answer says whether Redis held one. Other instances' in-process copies expire within their LRU time to live.
     */
    public Future<Boolean> delete(String userId) {
        memory.remove(userId);
        return redis.send(Request.cmd(Command.DEL).arg(KEY_PREFIX + userId))
                .timeout(REDIS_TIMEOUT_MS * 4, TimeUnit.MILLISECONDS)
                .map(deleted -> deleted != null && deleted.toLong() > 0);
    }

    /** {@code online_store}: UP when Redis answers a PING, DEGRADED (features from PostgreSQL) when not. */
    public HealthProbe probe() {
        return HealthProbe.of("online_store", false, () -> ping().map(up -> up
                ? new JsonObject().put("status", HealthProbe.UP).put("backend", "redis")
                : new JsonObject().put("status", HealthProbe.DEGRADED).put("backend", "postgres")
                        .put("reason", "Redis unreachable (" + lastError + "): features are computed from PostgreSQL")));
    }

    /** Asks Redis directly, whatever the back-off says: the health check is how recovery gets noticed early. */
    public Future<Boolean> ping() {
        return redis.send(Request.cmd(Command.PING))
                .timeout(REDIS_TIMEOUT_MS, TimeUnit.MILLISECONDS)
                .transform(result -> {
                    if (result.failed()) {
                        markDown(result.cause());
                        return Future.succeededFuture(false);
                    }
                    markUp();
                    return Future.succeededFuture(true);
                });
    }

    /** Whether to leave Redis out while it is down; when the next probe is due, it is sent without anyone waiting on it. */
    private boolean skipRedis() {
        if (lastError == null) {
            return false;
        }
        if (System.currentTimeMillis() >= retryAtMillis && probing.compareAndSet(false, true)) {
            ping().onComplete(probed -> probing.set(false));
        }
        return true;
    }

    private void markDown(Throwable cause) {
        if (lastError == null) {
            log.warn("Redis unreachable, serving features from PostgreSQL until it returns: {}", cause.toString());
        }
        lastError = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        retryAtMillis = System.currentTimeMillis() + RETRY_AFTER_MS;
    }

    private void markUp() {
        if (lastError != null) {
            log.info("Redis reachable again, online store resumed");
            lastError = null;
        }
    }

    private static StoredVector decode(Response response) {
        if (response == null || response.size() < 4 || response.get(0) == null || response.get(3) == null) {
            return null;
        }
        String[] parts = response.get(3).toString().split(",", -1);
        double[] values = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            values[i] = parts[i].isEmpty() ? Double.NaN : Double.parseDouble(parts[i]);
        }
        String tenant = response.size() > 4 && response.get(4) != null && !response.get(4).toString().isEmpty()
                ? response.get(4).toString() : null;
        return new StoredVector(Instant.parse(response.get(0).toString()), response.get(1).toString(),
                response.get(2).toInteger(), values, tenant);
    }

    private static String encode(double[] values) {
        StringBuilder text = new StringBuilder(values.length * 8);
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                text.append(',');
            }
            if (!Double.isNaN(values[i])) {
                text.append(values[i]);
            }
        }
        return text.toString();
    }
}
