package com.roisystems.ml.ingest;

/**
 * The outcome of validating one raw event: exactly one of {@code event} and {@code rejection} is set.
 * {@code eventId} and {@code eventType} are what could be read even from an invalid event, for the
 * per-event reply and the dead-letter row.
 */
public record ValidationResult(ActivityEvent event, Rejection rejection, String eventId, String eventType, byte[] raw) {

    public static ValidationResult accepted(ActivityEvent event, byte[] raw) {
        return new ValidationResult(event, null, event.eventId().toString(), event.eventType(), raw);
    }

    public static ValidationResult rejected(Rejection rejection, String eventId, String eventType, byte[] raw) {
        return new ValidationResult(null, rejection, eventId, eventType, raw);
    }

    public boolean valid() {
        return event != null;
    }
}
