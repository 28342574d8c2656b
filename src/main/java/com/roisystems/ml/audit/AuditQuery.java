package com.roisystems.ml.audit;

import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.ServiceFailure;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * A listing of the audit trail, newest first: optionally only one {@code actor}, one {@code action} (exactly as
 * recorded), entries at or after {@code since}; at most {@code limit} (1..{@value #MAX_LIMIT}, default
 * {@value #DEFAULT_LIMIT}).
 *
 * <p>{@code AuditQuery.parse(query.get("actor"), query.get("action"), query.get("since"), query.get("limit"))}
 */
public record AuditQuery(String actor, String action, Instant since, int limit) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1_000;
    private static final int MAX_TEXT = 500;

    /** Reads the query parameters; a bad one fails {@code invalid_request} naming it. Blank means absent. */
    public static AuditQuery parse(String actor, String action, String since, String limit) {
        return new AuditQuery(text("actor", actor), text("action", action), instant(since), limit(limit));
    }

    private static String text(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (value.length() > MAX_TEXT) {
            throw ServiceFailure.invalid(name, "at most " + MAX_TEXT + " characters");
        }
        // No recorded actor or action holds a control character, and PostgreSQL refuses U+0000 outright (a 500).
        return ControlCharacters.requireNone(name, value);
    }

    private static Instant instant(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw ServiceFailure.invalid("since", "must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
        }
    }

    private static int limit(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_LIMIT;
        }
        int parsed;
        try {
            parsed = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw ServiceFailure.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
        if (parsed < 1 || parsed > MAX_LIMIT) {
            throw ServiceFailure.invalid("limit", "must be a whole number between 1 and " + MAX_LIMIT);
        }
        return parsed;
    }
}
