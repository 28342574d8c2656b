package com.roisystems.ml.importer;

/**
 * The import's SQL beyond what {@code RawTable} defines: the staging tables and the ledger claim from them. Staging
 * tables are temporary (this session only) and emptied at every commit, so each batch starts from empty ones.
 */
final class ImportQueries {

    /** The intake ledger's source for imported events (Kafka's is KAFKA, HTTP's HTTP). */
    static final String SOURCE = "IMPORT";

    static final String LEDGER = "ingested_events";
    static final String LEDGER_COLUMNS = "event_id, event_type, entity_id, occurred_at, source, tenant_id";

    /** Claims the staged entity events in the ledger; RETURNING lists only those seen for the first time. */
    static final String CLAIM_STAGED = "INSERT INTO " + LEDGER + " (" + LEDGER_COLUMNS + ") SELECT " + LEDGER_COLUMNS + " FROM "
            + staging(LEDGER) + " ON CONFLICT (event_id) DO NOTHING RETURNING event_id";

    private ImportQueries() {
    }

    static String staging(String table) {
        return "import_" + table;
    }

    /** An empty staging table with {@code columns} of {@code table}, their types taken from the table itself. */
    static String createStaging(String table, String columns) {
        return "CREATE TEMP TABLE IF NOT EXISTS " + staging(table) + " ON COMMIT DELETE ROWS AS SELECT " + columns + " FROM " + table
                + " WITH NO DATA";
    }

    static String copyIntoStaging(String table, String columns) {
        return "COPY " + staging(table) + " (" + columns + ") FROM STDIN";
    }

    /** The staged rows into {@code table}, with the conflict rule the live path uses ({@code RawTable.onConflict}). */
    static String insertFromStaging(String table, String columns, String onConflict) {
        return "INSERT INTO " + table + " (" + columns + ") SELECT " + columns + " FROM " + staging(table) + " " + onConflict;
    }
}
