package com.roisystems.ml.db;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgBuilder;
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
        JsonObject pg = config.getJsonObject("pg", new JsonObject());
        DatabaseUrl url = DatabaseUrl.parse(pg.getString("url"));
        PoolOptions poolOptions = new PoolOptions()
                .setMaxSize(pg.getInteger("poolSize", 8))
                .setShared(true)
                .setName(SHARED_POOL_NAME + "-" + url.describe())
                .setMaxWaitQueueSize(10_000);
        return PgBuilder.pool()
                .with(poolOptions)
                .connectingTo(url.connectOptions())
                .using(vertx)
                .build();
    }
}
