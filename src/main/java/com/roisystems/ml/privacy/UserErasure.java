package com.roisystems.ml.privacy;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.features.OnlineStore;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Erases a person: in one transaction every row naming them, then their online feature vector, then publishes
 * {@link UserErased}. Repeating it is harmless (all counts zero); an unknown id answers zeros too, since "never
 * existed" and "already erased" must look the same.
 *
 * <p>What "a person" covers, and why:
 * <ul>
 *   <li>every table with a {@code user_id} column, found in {@code information_schema} at each call (the users row,
 *       all activity, transactions, agent assignments, simulation truth, pipeline scratch rows), and every table with a
 *       {@code *_user_id} column (the properties they own: an owner's address is personal data);</li>
 *   <li>rows keyed by entity id rather than user id, for the person and the properties and transactions they had:
 *       offline feature values, predictions with their feedback, the intake ledger ({@code ingested_events});</li>
 *   <li>valuations and simulated value truth of the properties they owned;</li>
 *   <li>dead letters whose raw payload names any of those ids;</li>
 *   <li>the Redis online vector ({@link OnlineStore#delete}); other processes' in-memory copies expire within seconds.</li>
 * </ul>
 * Kept: agents, regions and market data (not about the person), and the audit trail, whose entry for this erasure
 * names the id on purpose: it is the record that the erasure was done, by whom and when.
 *
 * <p>Runs on the owner's pool (every tenant). A Redis failure after the commit answers 503: the PostgreSQL rows are
 * gone, and repeating the erasure removes the vector.
 */
public final class UserErasure {

    private static final Logger log = LoggerFactory.getLogger(UserErasure.class);
    private static final String SERVICE = "the erasure";
    private static final int MAX_ID_LENGTH = 200;

    private final Vertx vertx;
    private final Pool pool;
    private final OnlineStore onlineStore;

    public UserErasure(Vertx vertx, Pool pool, OnlineStore onlineStore) {
        this.vertx = vertx;
        this.pool = pool;
        this.onlineStore = onlineStore;
    }

    /** A user id as a path names it; blank, overlong or with control characters fails naming {@code id}. */
    public static String validUserId(String id) {
        if (id == null || id.isBlank()) {
            throw ServiceFailure.invalid("id", "a user id is required");
        }
        if (id.length() > MAX_ID_LENGTH) {
            throw ServiceFailure.invalid("id", "must be at most " + MAX_ID_LENGTH + " characters");
        }
        return ControlCharacters.requireNone("id", id);
    }

    public Future<ErasureReport> erase(String userId) {
        String id;
        try {
            id = validUserId(userId);
        } catch (ServiceFailure invalid) {
            return Future.failedFuture(invalid);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        List<String> entityIds = new ArrayList<>();
        return pool.withTransaction(connection -> eraseRows(connection, id, counts, entityIds))
                .recover(failure -> Future.failedFuture(ServiceFailure.from(failure, SERVICE)))
                .compose(committed -> {
                    Bus.publish(vertx, UserErased.TOPIC, new UserErased(id, entityIds));
                    return onlineStore.delete(id).recover(failure -> {
                        log.warn("Erasure of {}: rows deleted, but the online store could not remove the vector: {}", id, failure.toString());
                        return Future.failedFuture(ServiceFailure.unavailable("the person's rows were erased, but the online store (Redis) "
                                + "could not be reached to remove their feature vector; repeat the erasure"));
                    });
                })
                .map(removed -> {
                    ErasureReport report = new ErasureReport(id, counts, removed);
                    log.info("Erased {}: {} rows, online vector {}", id, report.totalRows(), removed ? "removed" : "absent");
                    return report;
                });
    }

    private Future<Void> eraseRows(SqlConnection connection, String id, Map<String, Long> counts, List<String> entityIds) {
        List<String> propertyIds = new ArrayList<>();
        entityIds.add(id);
        return strings(connection, PrivacyQueries.OWNED_PROPERTIES, id)
                .compose(properties -> {
                    propertyIds.addAll(properties);
                    entityIds.addAll(properties);
                    return strings(connection, PrivacyQueries.OWN_TRANSACTIONS, id);
                })
                .compose(transactions -> {
                    // Transactions are erased through their user_id; their ids only find ledger rows and dead letters.
                    List<String> everyId = new ArrayList<>(entityIds);
                    everyId.addAll(transactions);
                    String[] ids = everyId.toArray(String[]::new);
                    String[] properties = propertyIds.toArray(String[]::new);
                    return delete(connection, counts, "ml_feature_values", PrivacyQueries.DELETE_FEATURE_VALUES, Tuple.tuple().addArrayOfString(ids))
                            .compose(ignored -> delete(connection, counts, "ml_predictions", PrivacyQueries.DELETE_PREDICTIONS, Tuple.tuple().addArrayOfString(ids)))
                            .compose(ignored -> delete(connection, counts, "ingested_events", PrivacyQueries.DELETE_INGESTED, Tuple.tuple().addArrayOfString(ids)))
                            .compose(ignored -> delete(connection, counts, "dead_letters", PrivacyQueries.DELETE_DEAD_LETTERS, Tuple.tuple().addArrayOfString(ids)))
                            .compose(ignored -> delete(connection, counts, "property_valuations", PrivacyQueries.DELETE_VALUATIONS, Tuple.tuple().addArrayOfString(properties)))
                            .compose(ignored -> delete(connection, counts, "sim_property_value_truth", PrivacyQueries.DELETE_PROPERTY_TRUTH,
                                    Tuple.tuple().addArrayOfString(properties)));
                })
                .compose(ignored -> connection.preparedQuery(PrivacyQueries.PERSON_COLUMNS).execute())
                .compose(columns -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Row column : columns) {
                        String table = column.getString("table_name");
                        String sql = PrivacyQueries.deleteByPerson(table, column.getString("column_name"));
                        chain = chain.compose(ignored -> delete(connection, counts, table, sql, Tuple.of(id)));
                    }
                    return chain;
                });
    }

    private static Future<Void> delete(SqlConnection connection, Map<String, Long> counts, String table, String sql, Tuple args) {
        return connection.preparedQuery(sql).execute(args)
                .map(rows -> {
                    counts.merge(table, (long) rows.rowCount(), Long::sum);
                    return null;
                });
    }

    private static Future<List<String>> strings(SqlConnection connection, String sql, String id) {
        return connection.preparedQuery(sql).execute(Tuple.of(id)).map(rows -> {
            List<String> values = new ArrayList<>(rows.size());
            rows.forEach(row -> values.add(row.getString(0)));
            return values;
        });
    }
}
