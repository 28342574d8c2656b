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

    private MonitoringQueries() {
    }
}
