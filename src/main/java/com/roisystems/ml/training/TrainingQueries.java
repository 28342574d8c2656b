package com.roisystems.ml.training;

/**
 * The training capability's SQL: labels read from what happened after each cut-off, and the simulator's
 * truth tables for the oracle. Parameters: {@code $1} user ids ({@code text[]}), {@code $2} the cut-off.
 * Labels only ever look at rows at or after the cut-off; features (from the feature engine) only before.
 */
final class TrainingQueries {

    /** The months the platform has market data for: the span cut-offs are drawn from. */
    static final String DATA_SPAN = "SELECT min(month), max(month) FROM market_data";

    static final String USER_IDS = "SELECT user_id FROM users ORDER BY user_id LIMIT $1";

    /** MOVE: any transaction opened in [cut-off, cut-off + 90 days); the oracle is the recorded p_transact_90d. */
    static final String MOVE_LABELS = """
            SELECT u.user_id,
                   EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = u.user_id
                           AND t.opened_at >= $2 AND t.opened_at < $2 + interval '90 days') AS label,
                   s.p_transact_90d AS oracle
            FROM unnest($1::text[]) AS u(user_id)
            LEFT JOIN sim_user_month_truth s ON s.user_id = u.user_id AND s.month = ($2 AT TIME ZONE 'UTC')::date""";

    /** TRANSACTION_TYPE: the first transaction opened in [cut-off, cut-off + 180 days); users without one drop out. */
    static final String NEXT_TYPE_LABELS = """
            SELECT u.user_id, nt.transaction_type AS label, s.next_transaction_type AS oracle
            FROM unnest($1::text[]) AS u(user_id)
            JOIN LATERAL (SELECT t.transaction_type FROM transactions t WHERE t.user_id = u.user_id
                          AND t.opened_at >= $2 AND t.opened_at < $2 + interval '180 days'
                          ORDER BY t.opened_at, t.transaction_id LIMIT 1) nt ON true
            LEFT JOIN sim_user_month_truth s ON s.user_id = u.user_id AND s.month = ($2 AT TIME ZONE 'UTC')::date""";

    /**
     * Engagements (emails opened or clicked, sessions started) per user and week slot in [$2, $3):
     * slot = ISO day-of-week (Monday = 0) x 24 + hour, in UTC as the truth table is.
     */
    static final String SLOT_ENGAGEMENTS = """
            SELECT e.user_id,
                   ((extract(isodow FROM e.occurred_at AT TIME ZONE 'UTC')::int - 1) * 24
                     + extract(hour FROM e.occurred_at AT TIME ZONE 'UTC')::int) AS slot,
                   count(*) AS engagements
            FROM (SELECT user_id, occurred_at FROM email_events
                  WHERE user_id = ANY($1) AND action IN ('OPENED', 'CLICKED') AND occurred_at >= $2 AND occurred_at < $3
                  UNION ALL
                  SELECT user_id, occurred_at FROM platform_sessions
                  WHERE user_id = ANY($1) AND action = 'STARTED' AND occurred_at >= $2 AND occurred_at < $3) e
            GROUP BY 1, 2""";

    static final String CONTACT_TRUTH = "SELECT user_id, propensity FROM sim_user_contact_truth WHERE user_id = ANY($1)";

    /**
     * PROPERTY_VALUE: the user's primary property as of the cut-off (the one the PROPERTY features
     * describe: same ordering) and its first valuation (AVM or sale) in [cut-off, cut-off + 120 days);
     * the oracle is the recorded true value in that valuation's month.
     */
    static final String NEXT_VALUATIONS = """
            SELECT u.user_id, pp.property_id, v.estimated_value::float8 AS label,
                   t.monthly_value[((extract(year FROM v.valued_at AT TIME ZONE 'UTC') - extract(year FROM t.start_month)) * 12
                       + extract(month FROM v.valued_at AT TIME ZONE 'UTC') - extract(month FROM t.start_month))::int + 1] AS oracle
            FROM unnest($1::text[]) AS u(user_id)
            JOIN LATERAL (SELECT p.property_id FROM properties p WHERE p.owner_user_id = u.user_id
                          AND (p.purchase_date::timestamp AT TIME ZONE 'UTC') < $2
                          ORDER BY p.is_primary_residence DESC, p.purchase_date DESC, p.property_id LIMIT 1) pp ON true
            JOIN LATERAL (SELECT pv.estimated_value, pv.valued_at FROM property_valuations pv WHERE pv.property_id = pp.property_id
                          AND pv.valued_at >= $2 AND pv.valued_at < $2 + interval '120 days'
                          ORDER BY pv.valued_at LIMIT 1) v ON true
            LEFT JOIN sim_property_value_truth t ON t.property_id = pp.property_id""";

    /** Row counts of the source tables, for provenance. */
    static final String TABLE_COUNTS = """
            SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM properties) AS properties,
                   (SELECT count(*) FROM transactions) AS transactions, (SELECT count(*) FROM email_events) AS email_events,
                   (SELECT count(*) FROM platform_sessions) AS platform_sessions,
                   (SELECT count(*) FROM property_valuations) AS property_valuations""";

    private TrainingQueries() {
    }
}
