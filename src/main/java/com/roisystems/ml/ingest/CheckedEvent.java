package com.roisystems.ml.ingest;

/**
 * One received event after validation: either the {@link ActivityEvent} to store or the {@link Rejection}
 * that dead-letters it (exactly one is set). {@code eventId} and {@code eventType} are what could be read
 * even from an invalid event, so the per-event reply and the dead-letter row can still name it; so is
 * {@code tenantId}, when the event names a well-formed one, so its dead letter belongs to that tenant. The raw
 * bytes are kept because a dead letter is replayed from them.
 *
 * <p>{@code CheckedEvent checked = validator.validate(bytes); if (checked.valid()) store(checked.event());}
 */
public record CheckedEvent(ActivityEvent event, Rejection rejection, String eventId, String eventType, byte[] raw, String tenantId) {

    public static CheckedEvent accepted(ActivityEvent event, byte[] raw) {
        return new CheckedEvent(event, null, event.eventId().toString(), event.eventType(), raw, event.tenantId());
    }

    public static CheckedEvent rejected(Rejection rejection, String eventId, String eventType, byte[] raw) {
        return rejected(rejection, eventId, eventType, raw, null);
    }

    public static CheckedEvent rejected(Rejection rejection, String eventId, String eventType, byte[] raw, String tenantId) {
        return new CheckedEvent(null, rejection, eventId, eventType, raw, tenantId);
    }

    /** This event, refused after validation (its tenant does not own what it is about). */
    public CheckedEvent refuse(Rejection why) {
        return rejected(why, eventId, eventType, raw, tenantId);
    }

    public boolean valid() {
        return event != null;
    }
}
