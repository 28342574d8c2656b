package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes.EventType;

import java.time.Instant;
import java.util.UUID;

/**
 * One thing the simulated platform produced, in a form neutral to where it goes: the COPY loader writes
 * {@link #values()} as a row of {@link #table()} when {@link #stored()}, the Kafka publisher sends it as
 * an envelope when {@link #eventType()} is set. Both consume the same stream, so a run's event ids are
 * the same whichever way it is delivered.
 *
 * <p>{@code SimRecord.row(SimTable.USERS, "user_1", "region_01", "35_49", "user_1@example.com", created)}
 *
 * @param table      the column layout of {@link #values()}
 * @param stored     whether the loader writes this record (false for events that only update a row)
 * @param eventType  the wire event, or null for rows that are never published (truth, reference data)
 * @param entityId   the Kafka key: user, property, transaction or region id
 * @param eventId    the event's id, drawn from the seeded random stream
 * @param occurredAt when it happened, used for ordering and as the envelope's {@code occurred_at}
 * @param values     column values in {@link SimTable#columns()} order
 * @param tenant     the tenant of a {@link SimTable#tenantOwned()} row (its {@code tenant_id}, and the envelope's)
 */
public record SimRecord(SimTable table, boolean stored, EventType eventType, String entityId, UUID eventId,
                        Instant occurredAt, Object[] values, String tenant) {

    public SimRecord(SimTable table, boolean stored, EventType eventType, String entityId, UUID eventId,
                     Instant occurredAt, Object[] values) {
        this(table, stored, eventType, entityId, eventId, occurredAt, values, null);
    }

    /** The same record, of {@code owner}. */
    public SimRecord withTenant(String owner) {
        return new SimRecord(table, stored, eventType, entityId, eventId, occurredAt, values, owner);
    }

    /** A row that is loaded but never published. */
    public static SimRecord row(SimTable table, Object... values) {
        return new SimRecord(table, true, null, null, null, null, values);
    }

    /** An event that is also a row of {@code table}. */
    public static SimRecord event(SimTable table, EventType type, String entityId, UUID eventId, Instant occurredAt,
                                  Object... values) {
        return new SimRecord(table, true, type, entityId, eventId, occurredAt, values);
    }

    public Object value(String column) {
        return values[table.indexOf(column)];
    }
}
