package com.roisystems.ml.features;

import com.roisystems.ml.bus.ActivityIngested;
import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ComponentHealth;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.bus.HealthProbe;
import com.roisystems.ml.config.RedisClients;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;
import io.vertx.redis.client.RedisOptions;
import io.vertx.sqlclient.Pool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The feature store's verticle: syncs the catalog at start, answers {@link FeatureContract#GET}
 * , {@link FeatureContract#HEALTH} and {@link FeatureContract#IMPORTANCE}, and keeps online vectors fresh: ids from
 * {@link ActivityIngested} are collected for {@code features.coalesceMs} (a burst of events for one
 * user costs one recomputation), then recomputed set-based and announced on {@link FeaturesUpdated#TOPIC}. One
 * refresh runs at a time, its chunks one after another: ids arriving meanwhile wait and are recomputed together by the
 * next, so a flood of events (Kafka catching up after a restart) costs fewer, later refreshes instead of an unbounded
 * pile of queries ahead of the serving path's reads on the same pool.
 *
 * <p>Config (optional {@code features} section): {@code lruEntries} (10000), {@code lruTtlMs} (2000),
 * {@code onlineTtlSeconds} (172800), {@code coalesceMs} (150).
 */
public final class FeatureVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(FeatureVerticle.class);
    private static final int REFRESH_CHUNK = 500;

    private final Set<String> pending = new LinkedHashSet<>();
    private long coalesceMs;
    private boolean flushScheduled;
    private boolean refreshing;
    private Redis redis;
    private FeatureStore featureStore;

    @Override
    public Future<?> start() {
        JsonObject config = config();
        JsonObject features = config.getJsonObject("features", new JsonObject());
        coalesceMs = features.getLong("coalesceMs", 150L);
        Pool pool = PgPools.sharedForPointLookups(vertx, config);
        RedisOptions redisOptions = RedisClients.options(config.getJsonObject("redis"));
        redisOptions.getNetClientOptions().setConnectTimeout(500).setTcpNoDelay(true);
        redis = Redis.createClient(vertx, redisOptions
                // A batch of 1,000 predictions asks for 1,000 vectors at once: queue them rather than
                // failing over to PostgreSQL because 24 waiters (the client's default) were exceeded.
                .setMaxPoolSize(features.getInteger("redisPoolSize", 16))
                .setMaxPoolWaiting(features.getInteger("redisMaxWaiting", 10_000)));
        OnlineStore store = new OnlineStore(redis, features.getInteger("lruEntries", 10_000),
                features.getLong("lruTtlMs", 2_000L), features.getLong("onlineTtlSeconds", 172_800L));
        return FeatureComputer.create(pool, FeatureCatalog.standard())
                .compose(computer -> computer.registry().layoutFor(computer.catalog().all()).map(layout -> {
                    featureStore = new FeatureStore(computer, store, layout);
                    return layout;
                }))
                .compose(layout -> Future.all(
                        Bus.serve(vertx, FeatureContract.GET, request -> featureStore.get(request, Instant.now())),
                        Bus.serve(vertx, FeatureContract.HEALTH, query -> health()),
                        Bus.serve(vertx, FeatureContract.IMPORTANCE, query -> importances(pool)),
                        Bus.subscribe(vertx, ActivityIngested.TOPIC, this::onActivity),
                        Bus.subscribe(vertx, FeaturesUpdated.TOPIC, this::onFeaturesUpdated))
                        .onSuccess(ready -> log.info("Feature store ready: {} features, layout {} ({})",
                                layout.names().size(), layout.id(), layout.hash())));
    }

    private static Future<FeatureImportances> importances(Pool pool) {
        return pool.query(FeatureQueries.IMPORTANCE).execute().map(rows -> {
            java.util.Map<String, Double> byFeature = new java.util.LinkedHashMap<>();
            rows.forEach(row -> byFeature.put(row.getString("name"), row.getDouble("importance")));
            return new FeatureImportances(byFeature);
        });
    }

    private Future<ComponentHealth> health() {
        return featureStore.onlineStore().probe().check()
                .map(report -> new ComponentHealth(report.getString("status"), report))
                .otherwise(failure -> new ComponentHealth(HealthProbe.DEGRADED, new JsonObject().put("reason", String.valueOf(failure))));
    }

    /** Features refreshed anywhere in the cluster (here too): older in-process copies are dropped. */
    private void onFeaturesUpdated(FeaturesUpdated updated) {
        updated.entities().stream().filter(entity -> FeatureDefinition.USER.equals(entity.entityType()))
                .forEach(entity -> featureStore.onlineStore().forgetOlderThan(entity.entityId(), updated.asOf()));
    }

    private void onActivity(ActivityIngested event) {
        event.entities().stream().filter(entity -> FeatureDefinition.USER.equals(entity.entityType()))
                .forEach(entity -> pending.add(entity.entityId()));
        if (!pending.isEmpty() && !flushScheduled) {
            flushScheduled = true;
            vertx.setTimer(coalesceMs, timer -> flush());
        }
    }

    private void flush() {
        flushScheduled = false;
        if (refreshing) {
            // The refresh in flight schedules the next one when it ends.
            return;
        }
        refreshing = true;
        List<String> ids = new ArrayList<>(pending);
        pending.clear();
        Instant now = Instant.now();
        Future<Void> chunks = Future.succeededFuture();
        for (int from = 0; from < ids.size(); from += REFRESH_CHUNK) {
            List<String> chunk = ids.subList(from, Math.min(ids.size(), from + REFRESH_CHUNK));
            chunks = chunks.compose(done -> featureStore.refresh(chunk, now)
                    .onSuccess(refreshed -> {
                        List<EntityRef> entities = refreshed.stream().map(EntityRef::user).toList();
                        Bus.publish(vertx, FeaturesUpdated.TOPIC, new FeaturesUpdated(entities, now));
                        log.debug("Refreshed online features of {} user(s) as of {}", entities.size(), now);
                    })
                    .<Void>mapEmpty()
                    .recover(failure -> {
                        log.warn("Online refresh of {} user(s) failed; they are recomputed on next read", chunk.size(), failure);
                        return Future.succeededFuture();
                    }));
        }
        chunks.onComplete(done -> {
            refreshing = false;
            if (!pending.isEmpty() && !flushScheduled) {
                flushScheduled = true;
                vertx.setTimer(coalesceMs, timer -> flush());
            }
        });
    }

    @Override
    public Future<?> stop() {
        if (redis != null) {
            redis.close();
        }
        return Future.succeededFuture();
    }
}
