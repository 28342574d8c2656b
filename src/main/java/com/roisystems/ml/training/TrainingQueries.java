package com.roisystems.ml.training;

/**
 * The training capability's SQL: the spans cut-offs are drawn from, labels read from what happened after each
 * cut-off, how many label events each run used, and the simulator's truth tables for the oracle. Label parameters:
 * {@code $1} user ids ({@code text[]}), {@code $2} the cut-off. Labels only ever look at rows at or after the
 * cut-off; features (from the feature engine) only before.
 *
 * <p>"Owned since" is the rule shared with {@code features.SqlFragments}: a property counts as its owner's at a
 * cut-off when its purchase date (when known) or else the moment the platform learned of it ({@code created_at})
 * is before the cut-off; the primary property is the first by primary residence, then most recently owned.
 */
final class TrainingQueries {

    /** The cluster-wide training slot (session-scoped: a node that dies releases it with its connection). */
    static final String LOCK_TRAINING = "SELECT pg_advisory_lock(hashtext('roi.training'))";
    static final String UNLOCK_TRAINING = "SELECT pg_advisory_unlock(hashtext('roi.training'))";

    /** When the platform learned that the owner held the property: the purchase date when known, else the record's creation. */
    static final String OWNED_SINCE = "coalesce(p.purchase_date::timestamp AT TIME ZONE 'UTC', p.created_at)";

    /** A market month's figures describe the whole month: it starts the history at its first day and ends it at its last. */
    private static final String MARKET_FIRST = "(SELECT min(month)::timestamp AT TIME ZONE 'UTC' FROM market_data)";
    private static final String MARKET_LAST = "(SELECT (max(month) + interval '1 month' - interval '1 microsecond') AT TIME ZONE 'UTC' FROM market_data)";

    /**
     * The span of the platform's activity, for labels read from transactions (MOVE, TRANSACTION_TYPE): the first and
     * last record of any activity (transactions, emails, sessions, valuations, market months), and the first and last
     * transaction. Each column is null when no table has a row; market data is optional.
     */
    static final String TRANSACTION_SPAN = activitySpan("(SELECT min(opened_at) FROM transactions)", "(SELECT max(opened_at) FROM transactions)");

    /** As {@link #TRANSACTION_SPAN}, the labels being engagements (emails opened or clicked, sessions started). */
    static final String ENGAGEMENT_SPAN = activitySpan("""
                    least((SELECT min(occurred_at) FROM email_events WHERE action IN ('OPENED', 'CLICKED')),
                          (SELECT min(occurred_at) FROM platform_sessions WHERE action = 'STARTED'))""", """
                    greatest((SELECT max(occurred_at) FROM email_events WHERE action IN ('OPENED', 'CLICKED')),
                             (SELECT max(occurred_at) FROM platform_sessions WHERE action = 'STARTED'))""");

    /**
     * The span for PROPERTY_VALUE: history starts with the first property owned (owned since), valuation or market
     * month; the labels are valuations.
     */
    static final String VALUATION_SPAN = """
            SELECT least((SELECT min(%1$s) FROM properties p), (SELECT min(valued_at) FROM property_valuations), %2$s) AS history_start,
                   greatest((SELECT max(valued_at) FROM property_valuations), %3$s) AS data_last,
                   (SELECT min(valued_at) FROM property_valuations) AS first_label,
                   (SELECT max(valued_at) FROM property_valuations) AS last_label""".formatted(OWNED_SINCE, MARKET_FIRST, MARKET_LAST);

    static final String USER_IDS = "SELECT user_id FROM users ORDER BY user_id LIMIT $1";

    /**
     * MOVE: any transaction opened in [cut-off, cut-off + 90 days); the label event is the first of them (null when
     * none); the oracle is the recorded p_transact_90d.
     */
    static final String MOVE_LABELS = """
            SELECT u.user_id, ft.transaction_id IS NOT NULL AS label, s.p_transact_90d AS oracle, ft.transaction_id, ft.opened_at
            FROM unnest($1::text[]) AS u(user_id)
            LEFT JOIN LATERAL (SELECT t.transaction_id, t.opened_at FROM transactions t WHERE t.user_id = u.user_id
                               AND t.opened_at >= $2 AND t.opened_at < $2 + interval '90 days'
                               ORDER BY t.opened_at, t.transaction_id LIMIT 1) ft ON true
            LEFT JOIN sim_user_month_truth s ON s.user_id = u.user_id AND s.month = ($2 AT TIME ZONE 'UTC')::date""";

    /** TRANSACTION_TYPE: the first transaction opened in [cut-off, cut-off + 180 days) is the label event; users without one drop out. */
    static final String NEXT_TYPE_LABELS = """
            SELECT u.user_id, nt.transaction_type AS label, s.next_transaction_type AS oracle, nt.transaction_id, nt.opened_at
            FROM unnest($1::text[]) AS u(user_id)
            JOIN LATERAL (SELECT t.transaction_type, t.transaction_id, t.opened_at FROM transactions t WHERE t.user_id = u.user_id
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
     * PROPERTY_VALUE: the user's primary property as of the cut-off (the one the PROPERTY features describe: same
     * owned-since rule and ordering) and every valuation (AVM, appraisal or sale) of it in [cut-off, cut-off + 120 days),
     * one row each; the oracle is the recorded true value in that valuation's month.
     */
    static final String NEXT_VALUATIONS = """
            SELECT u.user_id, pp.property_id, v.estimated_value::float8 AS label,
                   t.monthly_value[((extract(year FROM v.valued_at AT TIME ZONE 'UTC') - extract(year FROM t.start_month)) * 12
                       + extract(month FROM v.valued_at AT TIME ZONE 'UTC') - extract(month FROM t.start_month))::int + 1] AS oracle,
                   v.event_id::text, v.valued_at
            FROM unnest($1::text[]) AS u(user_id)
            JOIN LATERAL (SELECT p.property_id FROM properties p WHERE p.owner_user_id = u.user_id AND %1$s < $2
                          ORDER BY p.is_primary_residence DESC, %1$s DESC, p.property_id LIMIT 1) pp ON true
            JOIN property_valuations v ON v.property_id = pp.property_id AND v.valued_at >= $2 AND v.valued_at < $2 + interval '120 days'
            LEFT JOIN sim_property_value_truth t ON t.property_id = pp.property_id""".formatted(OWNED_SINCE);

    /**
     * Why each valuation could or could not label a row, for the dataset's description: {@code $1} the sampled user
     * ids, {@code $2} the cut-offs ({@code timestamptz[]}), {@code $3} the label window in days. {@code candidate}
     * rows fell in a window of a sampled owner whose property was known then; the dataset tells which of them labelled.
     */
    static final String VALUATION_USAGE = """
            WITH cutoffs AS (SELECT unnest($2::timestamptz[]) AS cutoff),
                 bounds AS (SELECT min(cutoff) AS first_cutoff, max(cutoff) AS last_cutoff FROM cutoffs),
                 sampled AS (SELECT DISTINCT unnest($1::text[]) AS user_id)
            SELECT CASE WHEN v.valued_at < b.first_cutoff THEN 'before_first_cutoff'
                        WHEN v.valued_at >= b.last_cutoff + $3::int * interval '1 day' THEN 'after_last_window'
                        WHEN s.user_id IS NULL THEN 'owner_not_sampled'
                        WHEN NOT EXISTS (SELECT 1 FROM cutoffs c WHERE c.cutoff <= v.valued_at AND v.valued_at < c.cutoff + $3::int * interval '1 day'
                                         AND %1$s < c.cutoff) THEN 'property_not_yet_known'
                        ELSE 'candidate' END AS reason,
                   count(*) AS events
            FROM property_valuations v JOIN properties p ON p.property_id = v.property_id
            CROSS JOIN bounds b LEFT JOIN sampled s ON s.user_id = p.owner_user_id
            GROUP BY 1""".formatted(OWNED_SINCE);

    /** As {@link #VALUATION_USAGE}, for transactions (MOVE and TRANSACTION_TYPE label events). */
    static final String TRANSACTION_USAGE = """
            WITH cutoffs AS (SELECT unnest($2::timestamptz[]) AS cutoff),
                 bounds AS (SELECT min(cutoff) AS first_cutoff, max(cutoff) AS last_cutoff FROM cutoffs),
                 sampled AS (SELECT DISTINCT unnest($1::text[]) AS user_id)
            SELECT CASE WHEN t.opened_at < b.first_cutoff THEN 'before_first_cutoff'
                        WHEN t.opened_at >= b.last_cutoff + $3::int * interval '1 day' THEN 'after_last_window'
                        WHEN s.user_id IS NULL THEN 'user_not_sampled'
                        ELSE 'candidate' END AS reason,
                   count(*) AS events
            FROM transactions t CROSS JOIN bounds b LEFT JOIN sampled s ON s.user_id = t.user_id
            GROUP BY 1""";

    /** Row counts of the source tables, for provenance. */
    static final String TABLE_COUNTS = """
            SELECT (SELECT count(*) FROM users) AS users, (SELECT count(*) FROM properties) AS properties,
                   (SELECT count(*) FROM transactions) AS transactions, (SELECT count(*) FROM email_events) AS email_events,
                   (SELECT count(*) FROM platform_sessions) AS platform_sessions,
                   (SELECT count(*) FROM property_valuations) AS property_valuations""";

    /** The first and last record of any activity (null when there is none), with the given first and last label times. */
    private static String activitySpan(String firstLabel, String lastLabel) {
        return """
                SELECT least((SELECT min(opened_at) FROM transactions), (SELECT min(occurred_at) FROM email_events),
                             (SELECT min(occurred_at) FROM platform_sessions), (SELECT min(valued_at) FROM property_valuations),
                             %1$s) AS history_start,
                       greatest((SELECT max(opened_at) FROM transactions), (SELECT max(occurred_at) FROM email_events),
                                (SELECT max(occurred_at) FROM platform_sessions), (SELECT max(valued_at) FROM property_valuations),
                                %2$s) AS data_last,
                       %3$s AS first_label,
                       %4$s AS last_label""".formatted(MARKET_FIRST, MARKET_LAST, firstLabel.strip(), lastLabel.strip());
    }

    private TrainingQueries() {
    }
}
