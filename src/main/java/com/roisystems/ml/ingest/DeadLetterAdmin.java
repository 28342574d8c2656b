package com.roisystems.ml.ingest;

/**
 * Event-bus management addresses for dead letters, for admins (and the HTTP admin routes).
 *
 * <p>{@link #LIST}: request {@code {"include_replayed": false, "reason": "schema_violation", "limit": 100}}
 * (all optional) → {@code {"dead_letters": [{"dead_letter_id", "source", "topic", "partition", "offset",
 * "event_id", "event_type", "reason", "field", "raw", "raw_base64", "received_at", "replayed_at", "replay_outcome"}]}}.
 *
 * <p>{@link #REPLAY}: request {@code {"ids": [1, 2]}} or {@code {"reason": "occurred_at_in_future", "limit": 1000}}
 * → re-validates each pending dead letter's raw bytes with the current contract and settings, writes
 * the ones now valid (idempotently), marks each ACCEPTED, DUPLICATE or REJECTED, and answers
 * {@code {"replayed", "accepted", "duplicates", "rejected", "results": [...]}}.
 *
 * <p>Failures: {@link com.roisystems.ml.api.ServiceFailures#BAD_REQUEST} for a malformed request
 * (message starts with the field); {@link com.roisystems.ml.api.ServiceFailures#UNAVAILABLE} when the
 * database cannot be reached.
 */
public final class DeadLetterAdmin {

    public static final String LIST = "admin.deadletters.list";
    public static final String REPLAY = "admin.deadletters.replay";
    public static final int MAX_LIMIT = 10_000;

    private DeadLetterAdmin() {
    }
}
