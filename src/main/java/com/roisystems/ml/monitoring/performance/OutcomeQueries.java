package com.roisystems.ml.monitoring.performance;

/**
 * Performance monitoring's SQL: which windows to (re)compute, and per prediction type the realised outcome of each of a
 * window's predictions, grouped so that a window of a million predictions returns a few thousand rows.
 *
 * <p>Outcome parameters: {@code $1} model name, {@code $2} version, {@code $3}/{@code $4} the window
 * [period_start, period_end), {@code $5} as-of (nothing that happened or was fed back later is read), {@code $6} the
 * horizon in days. The window's predictions are one range scan of {@code ml_predictions_model_idx}
 * (model_name, model_version, created_at); each outcome is one probe of the activity's (user_id, time) index.
 *
 * <p>Point in time: an outcome labels a prediction only when it happened strictly after the prediction's
 * {@code created_at} and before {@code created_at} + horizon. The label definitions are training's
 * ({@code training.TrainingQueries}, {@code training.DatasetBuilder}); feedback given by as-of wins over activity.
 * {@code source} is {@code feedback} or {@code activity} for a labelled prediction, {@code none} when the horizon has
 * passed with no outcome where training drops such rows (no next transaction, no valuation, no engagement at all),
 * and null while a prediction is still waiting for its outcome (unlabelled, never a negative).
 */
final class OutcomeQueries {

    /** Scores are grouped at this many decimals (the scorer logs six): a tied pair counts one half in AUC. */
    static final int SCORE_DECIMALS = 4;

    private static final String WINDOW = """
            WITH window_predictions AS (
                SELECT entity_id, created_at, predicted_value, predicted_class, actual_value, actual_class,
                       feedback_at IS NOT NULL AND feedback_at <= $5 AS fed_back,
                       created_at + make_interval(days => $6) AS horizon_end,
                       created_at + make_interval(days => $6) <= $5 AS horizon_elapsed
                FROM ml_predictions
                WHERE model_name = $1 AND model_version = $2 AND created_at >= $3 AND created_at < $4
            )""";

    /** MOVE: a transaction opened in (t, t + 90 d) is a positive; none by the horizon's end a negative. */
    static final String MOVE_OUTCOMES = WINDOW + """
            , outcomes AS MATERIALIZED (
                SELECT round(w.predicted_value::numeric, %1$d)::float8 AS score, w.horizon_elapsed,
                       CASE WHEN NOT w.fed_back THEN NULL
                            WHEN w.actual_value IS NOT NULL THEN w.actual_value >= 0.5
                            WHEN upper(w.actual_class) IN ('1', 'TRUE', 'YES', 'MOVE', 'MOVED') THEN true
                            WHEN upper(w.actual_class) IN ('0', 'FALSE', 'NO', 'NO_MOVE') THEN false END AS feedback,
                       EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = w.entity_id AND t.opened_at > w.created_at
                               AND t.opened_at < w.horizon_end AND t.opened_at <= $5) AS moved
                FROM window_predictions w WHERE w.predicted_value BETWEEN 0 AND 1
            )
            SELECT score, coalesce(feedback, CASE WHEN moved THEN true WHEN horizon_elapsed THEN false END) AS outcome,
                   CASE WHEN feedback IS NOT NULL THEN 'feedback' WHEN moved OR horizon_elapsed THEN 'activity' END AS source,
                   count(*) AS predictions
            FROM outcomes GROUP BY 1, 2, 3""".formatted(SCORE_DECIMALS);

    /** TRANSACTION_TYPE: the type of the first transaction opened in (t, t + 180 d); none by then drops out, as in training. */
    static final String TYPE_OUTCOMES = WINDOW + """
            , outcomes AS MATERIALIZED (
                SELECT w.predicted_class, w.predicted_value, w.horizon_elapsed,
                       CASE WHEN w.fed_back AND upper(w.actual_class) IN ('BUY', 'SELL', 'REFINANCE', 'INVESTMENT')
                            THEN upper(w.actual_class) END AS feedback,
                       (SELECT t.transaction_type FROM transactions t WHERE t.user_id = w.entity_id AND t.opened_at > w.created_at
                        AND t.opened_at < w.horizon_end AND t.opened_at <= $5
                        ORDER BY t.opened_at, t.transaction_id LIMIT 1) AS next_type
                FROM window_predictions w WHERE w.predicted_class IS NOT NULL
            )
            SELECT predicted_class, coalesce(feedback, next_type) AS outcome,
                   CASE WHEN feedback IS NOT NULL THEN 'feedback' WHEN next_type IS NOT NULL THEN 'activity'
                        WHEN horizon_elapsed THEN 'none' END AS source,
                   count(*) AS predictions, sum(predicted_value) FILTER (WHERE predicted_value BETWEEN 0 AND 1) AS confidence_sum,
                   count(*) FILTER (WHERE predicted_value BETWEEN 0 AND 1) AS confidences
            FROM outcomes GROUP BY 1, 2, 3""";

    /** When the platform learned the owner held the property: training's owned-since rule ({@code TrainingQueries.OWNED_SINCE}). */
    private static final String OWNED_SINCE = "coalesce(p.purchase_date::timestamp AT TIME ZONE 'UTC', p.created_at)";

    /**
     * PROPERTY_VALUE: the first valuation in (t, t + 120 d) of the user's primary property as of t (training's rule and
     * ordering); none by then drops out. Errors in dollars, summed per source.
     */
    static final String VALUE_OUTCOMES = WINDOW + """
            , outcomes AS MATERIALIZED (
                SELECT w.predicted_value, w.horizon_elapsed,
                       CASE WHEN w.fed_back THEN w.actual_value END AS feedback,
                       (SELECT v.estimated_value::float8 FROM property_valuations v WHERE v.property_id = pp.property_id
                        AND v.valued_at > w.created_at AND v.valued_at < w.horizon_end AND v.valued_at <= $5
                        ORDER BY v.valued_at, v.event_id LIMIT 1) AS valuation
                FROM window_predictions w
                LEFT JOIN LATERAL (SELECT p.property_id FROM properties p WHERE p.owner_user_id = w.entity_id AND %1$s < w.created_at
                                   ORDER BY p.is_primary_residence DESC, %1$s DESC, p.property_id LIMIT 1) pp ON true
                WHERE w.predicted_value IS NOT NULL
            ), labelled AS (
                SELECT predicted_value, coalesce(feedback, valuation) AS actual,
                       CASE WHEN feedback IS NOT NULL THEN 'feedback' WHEN valuation IS NOT NULL THEN 'activity'
                            WHEN horizon_elapsed THEN 'none' END AS source
                FROM outcomes
            )
            SELECT source, count(*) AS predictions,
                   coalesce(sum((predicted_value - actual) ^ 2), 0) AS squared_errors,
                   count(*) FILTER (WHERE actual <> 0) AS non_zero_actuals,
                   coalesce(sum(abs(predicted_value - actual) / abs(actual)) FILTER (WHERE actual <> 0), 0) AS relative_errors
            FROM labelled GROUP BY 1""".formatted(OWNED_SINCE);

    /**
     * CONTACT_TIMING: the predicted slot (the logged class, "MONDAY 09:00", UTC: {@code model.ContactSlots.describe}) is
     * a hit when an engagement (email opened or clicked, session started: training's) fell in that week slot in
     * (t, t + 42 d); a miss when the horizon passed with engagements in other slots only; none (dropped, as training
     * drops groups without engagement) when there was no engagement at all. Feedback: {@code actual_class} the slot that
     * worked, or {@code actual_value} 1/0.
     */
    static final String CONTACT_OUTCOMES = WINDOW + """
            , slotted AS (
                SELECT w.*, CASE WHEN w.predicted_class ~ '^[A-Z]+ [0-2][0-9]:00$' THEN
                                   (array_position(ARRAY['MONDAY', 'TUESDAY', 'WEDNESDAY', 'THURSDAY', 'FRIDAY', 'SATURDAY', 'SUNDAY'],
                                                   split_part(w.predicted_class, ' ', 1)) - 1) * 24
                                   + substr(split_part(w.predicted_class, ' ', 2), 1, 2)::int END AS predicted_slot
                FROM window_predictions w
            ), outcomes AS MATERIALIZED (
                SELECT s.horizon_elapsed, e.engaged, e.hit,
                       CASE WHEN NOT s.fed_back THEN NULL
                            WHEN s.actual_class IS NOT NULL THEN upper(s.actual_class) = s.predicted_class
                            WHEN s.actual_value IS NOT NULL THEN s.actual_value >= 0.5 END AS feedback
                FROM slotted s
                CROSS JOIN LATERAL (
                    SELECT count(*) > 0 AS engaged,
                           coalesce(bool_or((extract(isodow FROM x.occurred_at AT TIME ZONE 'UTC')::int - 1) * 24
                                            + extract(hour FROM x.occurred_at AT TIME ZONE 'UTC')::int = s.predicted_slot), false) AS hit
                    FROM (SELECT occurred_at FROM email_events WHERE user_id = s.entity_id AND action IN ('OPENED', 'CLICKED')
                              AND occurred_at > s.created_at AND occurred_at < s.horizon_end AND occurred_at <= $5
                          UNION ALL
                          SELECT occurred_at FROM platform_sessions WHERE user_id = s.entity_id AND action = 'STARTED'
                              AND occurred_at > s.created_at AND occurred_at < s.horizon_end AND occurred_at <= $5) x) e
                WHERE s.predicted_slot IS NOT NULL
            )
            SELECT coalesce(feedback, CASE WHEN hit THEN true WHEN horizon_elapsed AND engaged THEN false END) AS outcome,
                   CASE WHEN feedback IS NOT NULL THEN 'feedback' WHEN hit OR (horizon_elapsed AND engaged) THEN 'activity'
                        WHEN horizon_elapsed THEN 'none' END AS source,
                   count(*) AS predictions
            FROM outcomes GROUP BY 1, 2""";

    /** How many of the window's predictions are in the log at all (the outcome queries skip ones without a usable answer). */
    static final String WINDOW_PREDICTIONS = """
            SELECT count(*) AS predictions FROM ml_predictions
            WHERE model_name = $1 AND model_version = $2 AND created_at >= $3 AND created_at < $4""";

    /**
     * Windows due for (re)computation as of {@code $1}: ended, within the last {@code $2} days, and not settled (a
     * window is settled once it was computed at or after its end plus the horizon, or skipped); never computed first,
     * then the longest ago; at most {@code $3}. With the version's prediction type and training metrics.
     */
    static final String DUE_WINDOWS = """
            SELECT m.model_name, m.model_version, m.period_start, m.period_end, r.prediction_type::text AS prediction_type,
                   r.metrics AS reference_metrics
            FROM ml_monitoring m LEFT JOIN ml_models r ON r.name = m.model_name AND r.version = m.model_version
            WHERE m.period_end <= $1 AND m.period_end > $1 - make_interval(days => $2)
              AND NOT (m.performance ? 'skipped')
              AND NOT coalesce((m.performance ->> 'as_of')::timestamptz
                               >= m.period_end + make_interval(days => (m.performance ->> 'horizon_days')::int), false)
            ORDER BY (m.performance ->> 'as_of')::timestamptz NULLS FIRST, m.period_end
            LIMIT $3""";

    static final String UPDATE_PERFORMANCE = """
            UPDATE ml_monitoring SET performance = $5
            WHERE model_name = $1 AND model_version = $2 AND period_start = $3 AND period_end = $4""";

    private OutcomeQueries() {
    }
}
