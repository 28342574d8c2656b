package com.roisystems.ml.monitoring;

/** Monitoring's SQL, in one place. */
final class MonitoringQueries {

    static final String UPSERT_REFERENCE = """
            INSERT INTO ml_reference_profiles (model_name, model_version, profile) VALUES ($1, $2, $3)
            ON CONFLICT (model_name, model_version) DO UPDATE SET profile = EXCLUDED.profile, created_at = now()""";

    static final String REFERENCE = "SELECT profile FROM ml_reference_profiles WHERE model_name = $1 AND model_version = $2";

    /** Serialises the read-merge-write of one window across instances (hashtext of the window's key, all three as text). */
    static final String LOCK_WINDOW = "SELECT pg_advisory_xact_lock(hashtext($1 || '/' || $2 || '/' || $3))";

    static final String SERVING = """
            SELECT profile FROM ml_serving_profiles
            WHERE model_name = $1 AND model_version = $2 AND period_start = $3 AND period_end = $4""";

    static final String UPSERT_SERVING = """
            INSERT INTO ml_serving_profiles (model_name, model_version, period_start, period_end, profile, rows)
            VALUES ($1, $2, $3, $4, $5, $6)
            ON CONFLICT (model_name, model_version, period_start, period_end) DO UPDATE SET
                profile = EXCLUDED.profile, rows = EXCLUDED.rows, updated_at = now()""";

    /**
     * Windows (anything shorter than a day: monitoring.windowSeconds, whatever it was when they were served) that ended
     * at least the grace before $1 and are not closed yet, oldest first.
     */
    static final String FINISHED_WINDOWS = """
            SELECT model_name, model_version, period_start, period_end FROM ml_serving_profiles
            WHERE closed_at IS NULL AND period_end <= $1 AND period_end - period_start < interval '1 day'
            ORDER BY period_end LIMIT 50""";

    /** Claims one window for closing: another instance closing it skips it. */
    static final String CLAIM = """
            SELECT profile, rows FROM ml_serving_profiles
            WHERE model_name = $1 AND model_version = $2 AND period_start = $3 AND period_end = $4 AND closed_at IS NULL
            FOR UPDATE SKIP LOCKED""";

    static final String MARK_CLOSED = """
            UPDATE ml_serving_profiles SET closed_at = now()
            WHERE model_name = $1 AND model_version = $2 AND period_start = $3 AND period_end = $4""";

    /**
     * The window's drift; the serving counters the prediction log already wrote for the hour are kept when the window is
     * that hour (they count the same predictions), and a window the log has no row for gets the profile's row count.
     */
    static final String UPSERT_DRIFT = """
            INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end, prediction_count, feature_drift,
                drift_detected, alerts)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (model_name, model_version, period_start, period_end) DO UPDATE SET
                prediction_count = greatest(ml_monitoring.prediction_count, EXCLUDED.prediction_count),
                feature_drift = EXCLUDED.feature_drift, drift_detected = EXCLUDED.drift_detected, alerts = EXCLUDED.alerts""";

    /** Days whose every window ended before $1 (less the grace), with closed windows and no daily window yet. */
    static final String DAYS_TO_ROLL_UP = """
            SELECT model_name, model_version, date_trunc('day', period_start, 'UTC') AS day FROM ml_serving_profiles
            WHERE period_end - period_start < interval '1 day' AND closed_at IS NOT NULL
              AND date_trunc('day', period_start, 'UTC') + interval '1 day' <= $1
            GROUP BY 1, 2, 3
            EXCEPT
            SELECT model_name, model_version, period_start FROM ml_serving_profiles WHERE period_end - period_start = interval '1 day'
            ORDER BY 3 LIMIT 20""";

    static final String WINDOWS_OF_DAY = """
            SELECT profile FROM ml_serving_profiles
            WHERE model_name = $1 AND model_version = $2 AND period_start >= $3 AND period_end <= $4
              AND period_end - period_start < interval '1 day'""";

    /** The latest closed window (not a daily roll-up) of a model: what the health endpoint reports. */
    static final String LATEST_DRIFT = """
            SELECT model_version, period_start, period_end, drift_detected, feature_drift -> '_summary' AS summary
            FROM ml_monitoring
            WHERE model_name = $1 AND period_end - period_start < interval '1 day' AND feature_drift ? '_summary'
            ORDER BY period_end DESC, model_version DESC LIMIT 1""";

    // Reads of the monitoring API, the health endpoint and the alert evaluator (MonitoringContract).

    private static final String WINDOW_COLUMNS = "model_name, model_version, period_start, period_end, prediction_count, drift_detected, feature_drift";
    private static final String PERFORMANCE_COLUMNS = "model_name, model_version, period_start, period_end, performance";
    private static final String HAS_PERFORMANCE = "(performance ? 'realised' OR performance ? 'estimated')";

    /** Compared windows of one length ($2, as text: '1 hour') within [$3, $4], newest first; $5 rows. */
    static final String DRIFT_WINDOWS = "SELECT " + WINDOW_COLUMNS + """
             FROM ml_monitoring
            WHERE model_name = $1 AND period_end - period_start = CAST($2::text AS interval) AND period_start >= $3 AND period_end <= $4
              AND feature_drift ? '_summary'
            ORDER BY period_end DESC, model_version DESC LIMIT $5""";

    /** Windows with a realised or estimated performance block within [$2, $3], newest first; $4 rows. */
    static final String PERFORMANCE_WINDOWS = "SELECT " + PERFORMANCE_COLUMNS + " FROM ml_monitoring WHERE model_name = $1 "
            + "AND period_start >= $2 AND period_end <= $3 AND " + HAS_PERFORMANCE
            + " ORDER BY period_end DESC, model_version DESC, period_start DESC LIMIT $4";

    /** The reference profile of version $2, or of the latest version that has one when $2 is null. */
    static final String REFERENCE_OF = """
            SELECT model_version, profile, created_at FROM ml_reference_profiles
            WHERE model_name = $1 AND ($2::int IS NULL OR model_version = $2::int)
            ORDER BY model_version DESC LIMIT 1""";

    /** The latest closed hourly window of a model, compared or skipped (as {@link #LATEST_DRIFT}, every column). */
    static final String LATEST_WINDOW = "SELECT " + WINDOW_COLUMNS + """
             FROM ml_monitoring
            WHERE model_name = $1 AND period_end - period_start = interval '1 hour' AND feature_drift ? '_summary'
            ORDER BY period_end DESC, model_version DESC LIMIT 1""";

    /** The latest window of a model with performance; of two ending together, the shorter (the later start). */
    static final String LATEST_PERFORMANCE = "SELECT " + PERFORMANCE_COLUMNS + " FROM ml_monitoring WHERE model_name = $1 AND "
            + HAS_PERFORMANCE + " ORDER BY period_end DESC, model_version DESC, period_start DESC LIMIT 1";

    /**
     * Per model, its latest hourly window that was compared (a window skipped for want of rows or a reference says
     * nothing about drift) and ended at or after $1.
     */
    static final String LATEST_COMPARED_WINDOWS = "SELECT DISTINCT ON (model_name) " + WINDOW_COLUMNS + """
             FROM ml_monitoring
            WHERE period_end >= $1 AND period_end - period_start = interval '1 hour' AND feature_drift ? '_summary'
              AND NOT (feature_drift -> '_summary' ? 'skipped')
            ORDER BY model_name, period_end DESC, model_version DESC""";

    /** Per model, its latest window with performance that ended at or after $1. */
    static final String LATEST_PERFORMANCE_WINDOWS = "SELECT DISTINCT ON (model_name) " + PERFORMANCE_COLUMNS
            + " FROM ml_monitoring WHERE period_end >= $1 AND " + HAS_PERFORMANCE
            + " ORDER BY model_name, period_end DESC, model_version DESC, period_start DESC";

    /** Alerts of model $1 (null: all) in state $2 ('active', 'resolved', null: both), newest first; $3 rows. */
    static final String ALERTS = """
            SELECT alert_id, alert_key, model_name, model_version, condition, feature, severity, labels, summary, description, value,
                   period_start, period_end, started_at, last_seen_at, resolved_at
            FROM ml_alerts
            WHERE ($1::text IS NULL OR model_name = $1::text) AND ($2::text IS NULL OR ($2::text = 'active') = (resolved_at IS NULL))
            ORDER BY started_at DESC, alert_id DESC LIMIT $3""";

    private MonitoringQueries() {
    }
}
