package com.roisystems.ml.privacy;

import io.vertx.core.json.JsonObject;

/**
 * How long each kind of data is kept, in days (the {@code retention} config section): raw activity
 * ({@code activityDays}, every table with {@code event_id} and {@code occurred_at}, the intake ledger included),
 * predictions with their feedback ({@code predictionsDays}), dead letters ({@code deadLettersDays}), the audit trail
 * ({@code auditDays}). 0 keeps that kind forever; {@code batchRows} bounds each delete statement.
 *
 * <p>{@code RetentionPolicy.fromJson(config.getJsonObject("retention"))}
 */
public record RetentionPolicy(int activityDays, int predictionsDays, int deadLettersDays, int auditDays, int batchRows) {

    public static final int DEFAULT_BATCH_ROWS = 5_000;

    /** Reads the section; a negative or non-numeric value fails naming its key. */
    public static RetentionPolicy fromJson(JsonObject json) {
        JsonObject section = json == null ? new JsonObject() : json;
        int batchRows = days(section, "batchRows", DEFAULT_BATCH_ROWS);
        if (batchRows < 1) {
            throw new IllegalArgumentException("retention.batchRows: must be at least 1");
        }
        return new RetentionPolicy(days(section, "activityDays", 0), days(section, "predictionsDays", 0),
                days(section, "deadLettersDays", 0), days(section, "auditDays", 0), batchRows);
    }

    private static int days(JsonObject section, String key, int absent) {
        Object value = section.getValue(key);
        if (value == null) {
            return absent;
        }
        if (!(value instanceof Number number) || number.intValue() < 0) {
            throw new IllegalArgumentException("retention." + key + ": must be a whole number of days, 0 or more (0 keeps forever)");
        }
        return number.intValue();
    }
}
