package com.roisystems.ml.ingest;

/** The ingestion path's SQL, in one place. */
final class IngestQueries {

    /** Claims event ids in the ledger; RETURNING lists only those seen for the first time. */
    static final String CLAIM_EVENTS = """
            INSERT INTO ingested_events (event_id, event_type, entity_id, occurred_at, source, tenant_id)
            SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::text[])
            ON CONFLICT (event_id) DO NOTHING
            RETURNING event_id""";

    static final String INSERT_DEAD_LETTERS = """
            INSERT INTO dead_letters (source, topic, kafka_partition, kafka_offset, event_id, event_type, reason, field, raw, tenant_id)
            SELECT * FROM unnest($1::text[], $2::text[], $3::int4[], $4::int8[], $5::text[], $6::text[], $7::text[], $8::text[], $9::bytea[],
                                 $10::text[])
            ON CONFLICT DO NOTHING""";

    /**
     * Every region id with a regions row or named by a user, property or market month, with its counts across tenants;
     * $1 known filter (null: all), $2 limit. Ordered by id.
     */
    static final String LIST_REGIONS = """
            WITH u AS (SELECT region_id, count(*) AS n FROM users WHERE region_id IS NOT NULL GROUP BY region_id),
                 p AS (SELECT region_id, count(*) AS n FROM properties GROUP BY region_id),
                 m AS (SELECT region_id, count(*) AS n FROM market_data GROUP BY region_id),
                 ids AS (SELECT region_id FROM regions UNION SELECT region_id FROM u UNION SELECT region_id FROM p
                         UNION SELECT region_id FROM m)
            SELECT ids.region_id, r.region_id IS NOT NULL AS known, r.name, r.state, r.population,
                   r.median_household_income::float8 AS median_household_income,
                   coalesce(u.n, 0) AS users, coalesce(p.n, 0) AS properties, coalesce(m.n, 0) AS market_months
            FROM ids
            LEFT JOIN regions r USING (region_id)
            LEFT JOIN u USING (region_id)
            LEFT JOIN p USING (region_id)
            LEFT JOIN m USING (region_id)
            WHERE $1::boolean IS NULL OR (r.region_id IS NOT NULL) = $1::boolean
            ORDER BY ids.region_id
            LIMIT $2""";

    /** The tenants owning the users, properties and transactions a batch names ($1, $2, $3: their ids). */
    static final String OWNERS = """
            SELECT 'USER' AS kind, user_id AS id, tenant_id FROM users WHERE user_id = ANY($1::text[])
            UNION ALL SELECT 'PROPERTY', property_id, tenant_id FROM properties WHERE property_id = ANY($2::text[])
            UNION ALL SELECT 'TRANSACTION', transaction_id, tenant_id FROM transactions WHERE transaction_id = ANY($3::text[])""";

    static final String LIST_DEAD_LETTERS = """
            SELECT dead_letter_id, source, topic, kafka_partition, kafka_offset, event_id, event_type, reason, field,
                   raw, received_at, replayed_at, replay_outcome
            FROM dead_letters
            WHERE ($1::boolean OR replayed_at IS NULL) AND ($2::text IS NULL OR reason LIKE $2 || '%')
            ORDER BY dead_letter_id
            LIMIT $3""";

    static final String SELECT_DEAD_LETTERS_FOR_REPLAY = """
            SELECT dead_letter_id, raw FROM dead_letters
            WHERE replayed_at IS NULL AND (dead_letter_id = ANY($1::int8[]) OR ($1::int8[] = '{}' AND ($2::text IS NULL OR reason LIKE $2 || '%')))
            ORDER BY dead_letter_id
            LIMIT $3
            FOR UPDATE SKIP LOCKED""";

    static final String MARK_REPLAYED = """
            UPDATE dead_letters SET replayed_at = now(), replay_outcome = $2 WHERE dead_letter_id = $1""";

    private IngestQueries() {
    }
}
