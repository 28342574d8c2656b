package com.roisystems.ml.predictionlog;

/** The prediction log's SQL, in one place. */
final class PredictionLogQueries {

    /**
     * One statement per batch; a prediction re-sent after a retry is written once. A prediction without a tenant
     * (a platform-wide caller that sent the features itself) takes its entity's, and 'default' (the tenant of
     * everything that predates tenants) for an entity the platform does not know, so one such row cannot fail a batch.
     */
    static final String INSERT = """
            INSERT INTO ml_predictions (prediction_id, entity_type, entity_id, prediction_type, model_name, model_version,
                request, features_used, predicted_value, predicted_class, confidence, shap_values, latency_ms, created_at, tenant_id)
            SELECT p, et::entity_type, e, pt::prediction_type, m, v, r, f, val, cls, conf, shap, lat, ts,
                   coalesce(tn, (SELECT u.tenant_id FROM users u WHERE u.user_id = e), 'default')
            FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int4[], $7::jsonb[], $8::jsonb[],
                        $9::float8[], $10::text[], $11::float8[], $12::jsonb[], $13::float8[], $14::timestamptz[], $15::text[])
                 AS t(p, et, e, pt, m, v, r, f, val, cls, conf, shap, lat, ts, tn)
            ON CONFLICT (prediction_id) DO NOTHING""";

    /** Run in the caller's tenant scope: another tenant's prediction is not there to update (0 rows: 404). */
    static final String FEEDBACK = """
            UPDATE ml_predictions SET actual_value = coalesce($2, actual_value), actual_class = coalesce($3, actual_class),
                feedback_at = now()
            WHERE prediction_id = $1""";

    /** Per model version and hour, merged with what earlier flushes (or other instances) recorded. */
    static final String UPSERT_MONITORING = """
            INSERT INTO ml_monitoring (model_name, model_version, period_start, period_end, prediction_count, error_count,
                avg_latency_ms, p95_latency_ms)
            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
            ON CONFLICT (model_name, model_version, period_start, period_end) DO UPDATE SET
                avg_latency_ms = (ml_monitoring.avg_latency_ms * ml_monitoring.prediction_count + EXCLUDED.avg_latency_ms * EXCLUDED.prediction_count)
                                 / nullif(ml_monitoring.prediction_count + EXCLUDED.prediction_count, 0),
                p95_latency_ms = greatest(ml_monitoring.p95_latency_ms, EXCLUDED.p95_latency_ms),
                prediction_count = ml_monitoring.prediction_count + EXCLUDED.prediction_count,
                error_count = ml_monitoring.error_count + EXCLUDED.error_count""";

    /** What was persisted before this process started, for a model's lifetime figures (hourly rows: days roll them up). */
    static final String PERSISTED_HEALTH = """
            SELECT model_version, sum(prediction_count) AS predictions, sum(error_count) AS errors,
                   sum(avg_latency_ms * prediction_count) / nullif(sum(prediction_count), 0) AS avg_latency_ms,
                   max(p95_latency_ms) AS p95_latency_ms, max(period_end) AS last_period_end
            FROM ml_monitoring WHERE model_name = $1 AND period_end - period_start = interval '1 hour'
            GROUP BY model_version ORDER BY model_version DESC""";

    private PredictionLogQueries() {
    }
}
