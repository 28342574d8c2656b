package com.roisystems.ml.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;

/**
 * The reactive PostgreSQL pool. It is shared by name: every verticle instance that asks gets the same
 * connections, so instance counts in {@code verticles.conf} do not multiply the connection count.
 *
 * <p>{@code Pool pool = PgPools.shared(vertx, config());}
 */
public final class PgPools {

    private static final String SHARED_POOL_NAME = "roi-ml-pg";

    private PgPools() {
    }

    /** The shared pool configured by the {@code pg} section ({@code url}, {@code poolSize}) of {@code config}. */
    public static Pool shared(Vertx vertx, JsonObject config) {
        return build(vertx, config, SHARED_POOL_NAME, null);
    }

    /**
     * A second shared pool for the serving path's wide point lookups (a feature vector is one statement
     * of ~15 lateral joins). PostgreSQL re-plans such a statement on every execution with custom plans
     * (~8 ms here) and uses it in ~3 ms with the cached generic plan, whose shape does not depend on
     * the user id; set-based jobs keep the default, where custom plans matter.
     */
    public static Pool sharedForPointLookups(Vertx vertx, JsonObject config) {
        return build(vertx, config, SHARED_POOL_NAME + "-lookups", "force_generic_plan");
    }

    private static Pool build(Vertx vertx, JsonObject config, String name, String planCacheMode) {
        JsonObject pg = config.getJsonObject("pg", new JsonObject());
        DatabaseUrl url = DatabaseUrl.parse(pg.getString("url"));
        PoolOptions poolOptions = new PoolOptions()
                .setMaxSize(pg.getInteger("poolSize", 8))
                .setShared(true)
                .setName(name + "-" + url.describe())
                .setMaxWaitQueueSize(10_000);
        PgConnectOptions connectOptions = url.connectOptions();
        if (planCacheMode != null) {
            connectOptions.addProperty("plan_cache_mode", planCacheMode);
        }
        return PgBuilder.pool()
                .with(poolOptions)
                .connectingTo(connectOptions)
                .using(vertx)
                .build();
    }
}
