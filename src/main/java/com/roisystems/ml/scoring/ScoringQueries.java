package com.roisystems.ml.scoring;

/** The scoring path's own SQL. */
final class ScoringQueries {

    /**
     * One user's engagements (emails opened or clicked, sessions started) per week slot in [$2 - 180 days, $2):
     * slot = ISO day-of-week (Monday = 0) x 24 + hour, UTC — the history CONTACT_TIMING was trained on.
     */
    static final String SLOT_HISTORY = """
            SELECT ((extract(isodow FROM e.occurred_at AT TIME ZONE 'UTC')::int - 1) * 24
                     + extract(hour FROM e.occurred_at AT TIME ZONE 'UTC')::int) AS slot,
                   count(*) AS engagements
            FROM (SELECT occurred_at FROM email_events
                  WHERE user_id = $1 AND action IN ('OPENED', 'CLICKED') AND occurred_at >= $2::timestamptz - interval '180 days' AND occurred_at < $2::timestamptz
                  UNION ALL
                  SELECT occurred_at FROM platform_sessions
                  WHERE user_id = $1 AND action = 'STARTED' AND occurred_at >= $2::timestamptz - interval '180 days' AND occurred_at < $2::timestamptz) e
            GROUP BY 1""";

    private ScoringQueries() {
    }
}
