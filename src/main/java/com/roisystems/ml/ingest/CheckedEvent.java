package com.roisystems.ml.ingest;

/**
 * One received event after validation: either the {@link ActivityEvent} to store or the {@link Rejection}
 * that dead-letters it (exactly one is set). {@code eventId} and {@code eventType} are what could be read
 * even from an invalid event, so the per-event reply and the dead-letter row can still name it; the raw
 * bytes are kept because a dead letter is replayed from them.
 *
 * <p>{@code CheckedEvent checked = validator.validate(bytes); if (checked.valid()) store(checked.event());}
 */
public record CheckedEvent(ActivityEvent event, Rejection rejection, String eventId, String eventType, byte[] raw) {

    public static CheckedEvent accepted(ActivityEvent event, byte[] raw) {
        return new CheckedEvent(event, null, event.eventId().toString(), event.eventType(), raw);
    }

    public static CheckedEvent rejected(Rejection rejection, String eventId, String eventType, byte[] raw) {
        return new CheckedEvent(null, rejection, eventId, eventType, raw);
    }

    public boolean valid() {
        return event != null;
    }
}
