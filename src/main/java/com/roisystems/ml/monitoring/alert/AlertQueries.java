package com.roisystems.ml.monitoring.alert;

/** The alert evaluator's SQL ({@code ml_alerts}, sql/V15__alerts.sql), in one place. */
final class AlertQueries {

    private static final String COLUMNS = "alert_key, condition, model_name, model_version, labels, summary, description, value, "
            + "period_start, period_end, started_at, resolved_at";

    /**
     * Opens the alert of a condition, or, while one is open under its key, only records that it still holds. {@code fired}
     * is true for the row this statement inserted: under the partial unique index exactly one evaluation, of any instance,
     * inserts it (a concurrent one waits for the index and then updates).
     */
    static final String OPEN = """
            INSERT INTO ml_alerts (alert_key, model_name, model_version, condition, feature, severity, labels, summary, description,
                value, period_start, period_end, started_at, last_seen_at)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $13)
            ON CONFLICT (alert_key) WHERE resolved_at IS NULL DO UPDATE SET
                last_seen_at = EXCLUDED.last_seen_at, value = EXCLUDED.value, summary = EXCLUDED.summary,
                description = EXCLUDED.description, period_start = EXCLUDED.period_start, period_end = EXCLUDED.period_end
            RETURNING (xmax = 0) AS fired, """ + COLUMNS;

    /** Resolves every open alert whose condition no longer holds ($2: the keys that do); each row is resolved once. */
    static final String RESOLVE = "UPDATE ml_alerts SET resolved_at = $1 WHERE resolved_at IS NULL AND NOT (alert_key = ANY($2::text[])) "
            + "RETURNING " + COLUMNS;

    static final String ACTIVE_PER_MODEL = "SELECT model_name, count(*) AS active FROM ml_alerts WHERE resolved_at IS NULL GROUP BY model_name";

    private AlertQueries() {
    }
}
