package com.roisystems.ml.privacy;

/** The SQL of erasure and retention, in one place. Table names found at run time are quoted with {@link #identifier}. */
final class PrivacyQueries {

    /** Every base table with a column naming a person: {@code user_id}, or {@code something_user_id} (an owner). */
    static final String PERSON_COLUMNS = """
            SELECT c.table_name, c.column_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE'
              AND (c.column_name = 'user_id' OR c.column_name LIKE '%\\_user\\_id')
            ORDER BY c.table_name, c.column_name""";

    /** Every base table of raw activity: keyed by a producer's {@code event_id}, timed by {@code occurred_at}. */
    static final String ACTIVITY_TABLES = """
            SELECT c.table_name
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.column_name IN ('event_id', 'occurred_at')
            GROUP BY c.table_name
            HAVING count(*) = 2
            ORDER BY c.table_name""";

    static final String OWNED_PROPERTIES = "SELECT property_id FROM properties WHERE owner_user_id = $1";
    static final String OWN_TRANSACTIONS = "SELECT transaction_id FROM transactions WHERE user_id = $1";

    /** Rows keyed by an entity id rather than a user id: the person's and their properties' and transactions'. */
    static final String DELETE_FEATURE_VALUES = "DELETE FROM ml_feature_values WHERE entity_id = ANY ($1::text[])";
    static final String DELETE_PREDICTIONS = "DELETE FROM ml_predictions WHERE entity_id = ANY ($1::text[])";
    static final String DELETE_INGESTED = "DELETE FROM ingested_events WHERE entity_id = ANY ($1::text[])";
    static final String DELETE_VALUATIONS = "DELETE FROM property_valuations WHERE property_id = ANY ($1::text[])";
    static final String DELETE_PROPERTY_TRUTH = "DELETE FROM sim_property_value_truth WHERE property_id = ANY ($1::text[])";

    /**
     * Dead letters whose raw bytes name one of the ids as a JSON string ({@code "user_17"}, quotes included, so
     * {@code user_1} does not match {@code user_17}). Bytes that are not JSON at all are matched the same way.
     */
    static final String DELETE_DEAD_LETTERS = """
            DELETE FROM dead_letters d
            WHERE EXISTS (SELECT 1 FROM unnest($1::text[]) AS e(id) WHERE position(convert_to('"' || e.id || '"', 'UTF8') IN d.raw) > 0)""";

    /** Lets the audit trail's trigger accept this transaction's deletes (sql/V10__audit.sql); ends with the transaction. */
    static final String ALLOW_AUDIT_DELETE = "SELECT set_config('roi.retention', 'on', true)";

    private PrivacyQueries() {
    }

    static String deleteByPerson(String table, String column) {
        return "DELETE FROM " + identifier(table) + " WHERE " + identifier(column) + " = $1";
    }

    /** At most {@code $2} rows older than {@code $1}: a bounded batch, so retention never holds long locks. */
    static String deleteOlderBatch(String table, String timeColumn) {
        String quoted = identifier(table);
        return "DELETE FROM " + quoted + " WHERE ctid = ANY (ARRAY(SELECT ctid FROM " + quoted + " WHERE "
                + identifier(timeColumn) + " < $1 LIMIT $2))";
    }

    /** A name from the catalog as a quoted SQL identifier. */
    static String identifier(String name) {
        return '"' + name.replace("\"", "\"\"") + '"';
    }
}
