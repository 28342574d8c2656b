package com.roisystems.ml.privacy;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Deletes what is older than the {@link RetentionPolicy}: each table in batches of {@code batchRows}, each batch its
 * own short transaction (no long locks, no huge WAL burst; a failure keeps what earlier batches did), until a batch
 * comes back short. Logs the rows deleted per table and answers them. The audit trail's batches set
 * {@code roi.retention} for their transaction only, the one way its trigger lets rows go.
 *
 * <p>Runs on the owner's pool (every tenant); the pipeline's scheduler calls it once a day.
 *
 * <p>{@code new RetentionJob(pool, policy).apply(Instant.now()).onSuccess(deleted -> ...)}
 */
public final class RetentionJob {

    private static final Logger log = LoggerFactory.getLogger(RetentionJob.class);
    private static final String SERVICE = "the retention job";

    private final Pool pool;
    private final RetentionPolicy policy;

    public RetentionJob(Pool pool, RetentionPolicy policy) {
        this.pool = pool;
        this.policy = policy;
    }

    /** One table's rule: rows whose {@code timeColumn} is before {@code cutoff} go. */
    private record Rule(String table, String timeColumn, Instant cutoff, boolean audit) {
    }

    /** Applies every rule as of {@code now}; answers rows deleted per table (tables kept forever are absent). */
    public Future<Map<String, Long>> apply(Instant now) {
        Map<String, Long> deleted = new LinkedHashMap<>();
        return rules(now)
                .compose(rules -> {
                    Future<Void> chain = Future.succeededFuture();
                    for (Rule rule : rules) {
                        chain = chain.compose(ignored -> deleteOlder(rule, 0).map(rows -> {
                            deleted.put(rule.table(), rows);
                            if (rows > 0) {
                                log.info("Retention: deleted {} rows from {} with {} before {}", rows, rule.table(), rule.timeColumn(), rule.cutoff());
                            }
                            return null;
                        }));
                    }
                    return chain;
                })
                .map(done -> {
                    log.info("Retention applied: {} rows deleted ({})", deleted.values().stream().mapToLong(Long::longValue).sum(), deleted);
                    return deleted;
                })
                .recover(failure -> Future.failedFuture(ServiceFailure.from(failure, SERVICE)));
    }

    private Future<List<Rule>> rules(Instant now) {
        List<Rule> rules = new ArrayList<>();
        Future<Void> activity = policy.activityDays() == 0 ? Future.succeededFuture()
                : pool.query(PrivacyQueries.ACTIVITY_TABLES).execute().map(tables -> {
                    for (Row table : tables) {
                        rules.add(new Rule(table.getString(0), "occurred_at", daysBefore(now, policy.activityDays()), false));
                    }
                    return null;
                });
        return activity.map(ignored -> {
            if (policy.predictionsDays() > 0) {
                rules.add(new Rule("ml_predictions", "created_at", daysBefore(now, policy.predictionsDays()), false));
            }
            if (policy.deadLettersDays() > 0) {
                rules.add(new Rule("dead_letters", "received_at", daysBefore(now, policy.deadLettersDays()), false));
            }
            if (policy.auditDays() > 0) {
                rules.add(new Rule("audit_log", "at", daysBefore(now, policy.auditDays()), true));
            }
            return rules;
        });
    }

    private Future<Long> deleteOlder(Rule rule, long deletedSoFar) {
        String sql = PrivacyQueries.deleteOlderBatch(rule.table(), rule.timeColumn());
        Tuple args = Tuple.of(OffsetDateTime.ofInstant(rule.cutoff(), ZoneOffset.UTC), policy.batchRows());
        return pool.withTransaction(connection -> (rule.audit()
                        ? connection.query(PrivacyQueries.ALLOW_AUDIT_DELETE).execute().mapEmpty()
                        : Future.<Void>succeededFuture())
                        .compose(ignored -> connection.preparedQuery(sql).execute(args)))
                .compose(rows -> rows.rowCount() < policy.batchRows()
                        ? Future.succeededFuture(deletedSoFar + rows.rowCount())
                        : deleteOlder(rule, deletedSoFar + rows.rowCount()));
    }

    private static Instant daysBefore(Instant now, int days) {
        return now.minus(Duration.ofDays(days));
    }
}
