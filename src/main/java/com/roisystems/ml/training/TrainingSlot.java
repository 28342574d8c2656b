package com.roisystems.ml.training;

import com.roisystems.ml.bus.Blocking;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;

import java.time.Duration;
import java.util.concurrent.Callable;

/**
 * One training run at a time across every node of a cluster, as one node's single training thread gives within a
 * process: a run holds a PostgreSQL session advisory lock on a connection of its own while it trains, and a run on
 * another node waits for it. The lock goes with the connection, so a node killed mid-run frees the slot.
 * Called on the training thread, never on an event loop.
 *
 * <p>{@code TrainingResult result = slot.holding(() -> trainer.train(type, options));}
 */
final class TrainingSlot {

    private static final Duration CONNECT = Duration.ofMinutes(1);
    private static final Duration RELEASE = Duration.ofSeconds(30);

    private final Pool pool;
    private final Duration maxWait;

    TrainingSlot(Pool pool, Duration maxWait) {
        this.pool = pool;
        this.maxWait = maxWait;
    }

    <T> T holding(Callable<T> run) throws Exception {
        SqlConnection connection = Blocking.await(pool.getConnection(), CONNECT);
        try {
            Blocking.await(connection.query(TrainingQueries.LOCK_TRAINING).execute(), maxWait);
            try {
                return run.call();
            } finally {
                Blocking.await(connection.query(TrainingQueries.UNLOCK_TRAINING).execute(), RELEASE);
            }
        } finally {
            connection.close();
        }
    }
}
