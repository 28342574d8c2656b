package com.roisystems.ml.monitoring.alert;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The open alerts in {@code ml_alerts}: {@link #reconcile} opens an alert for each condition that holds and has none
 * open, and resolves each open alert whose condition is gone, in one transaction, answering only the changes this call
 * made — so a restart or a second instance evaluating the same windows sends nothing twice.
 *
 * <p>{@code store.reconcile(conditions, Instant.now()).map(changes -> changes.fired().size())}
 */
final class AlertStore {

    /** What one reconciliation changed: the alerts it opened and the ones it resolved, as their rows. */
    record Changes(List<Row> fired, List<Row> resolved) {
    }

    private final Pool pool;

    AlertStore(Pool pool) {
        this.pool = pool;
    }

    Future<Changes> reconcile(List<AlertCondition> conditions, Instant now) {
        // Keys in one order in every instance, so two reconciliations lock the same rows in the same order.
        List<AlertCondition> ordered = conditions.stream().sorted(Comparator.comparing(AlertCondition::key)).toList();
        OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
        return pool.withTransaction(connection -> open(connection, ordered, at)
                .compose(fired -> connection.preparedQuery(AlertQueries.RESOLVE)
                        .execute(Tuple.tuple().addOffsetDateTime(at).addArrayOfString(ordered.stream().map(AlertCondition::key).toArray(String[]::new)))
                        .map(rows -> {
                            List<Row> resolved = new ArrayList<>();
                            rows.forEach(resolved::add);
                            return new Changes(fired, resolved);
                        })));
    }

    private static Future<List<Row>> open(SqlConnection connection, List<AlertCondition> conditions, OffsetDateTime at) {
        List<Row> fired = new ArrayList<>();
        Future<Void> done = Future.succeededFuture();
        for (AlertCondition condition : conditions) {
            done = done.compose(ignored -> connection.preparedQuery(AlertQueries.OPEN).execute(parameters(condition, at)).map(rows -> {
                Row row = rows.iterator().next();
                if (row.getBoolean("fired")) {
                    fired.add(row);
                }
                return null;
            }));
        }
        return done.map(fired);
    }

    private static Tuple parameters(AlertCondition condition, OffsetDateTime at) {
        return Tuple.tuple().addString(condition.key()).addString(condition.modelName()).addInteger(condition.modelVersion())
                .addString(condition.kind().wireName())
                .addString(condition.feature() != null ? condition.feature() : condition.metric())
                .addString(condition.kind().severity)
                .addValue(new JsonObject(new LinkedHashMap<>(condition.labels())))
                .addString(condition.summary())
                .addString(condition.description())
                .addDouble(condition.value() == null || !Double.isFinite(condition.value()) ? null : condition.value())
                .addOffsetDateTime(condition.periodStart().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(condition.periodEnd().atOffset(ZoneOffset.UTC))
                .addOffsetDateTime(at);
    }

    /** Open alerts per model. */
    Future<Map<String, Long>> activePerModel() {
        return pool.query(AlertQueries.ACTIVE_PER_MODEL).execute().map(rows -> {
            Map<String, Long> active = new HashMap<>();
            rows.forEach(row -> active.put(row.getString("model_name"), row.getLong("active")));
            return active;
        });
    }
}
