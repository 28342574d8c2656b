package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.EventTypes;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * Builds a shift's events in the wire form ingestion takes (the envelope of {@code bus.EventTypes}), with event ids drawn
 * from the scenario's seeded stream so that the same options give the same events.
 */
final class ShiftEnvelopes {

    private final SimRandom rng;

    ShiftEnvelopes(SimRandom rng) {
        this.rng = rng;
    }

    /** An event of {@code owner}'s, carrying the owner's tenant (ingestion refuses another tenant's). */
    JsonObject user(String type, ShiftWorld.Homeowner owner, Instant at, JsonObject payload) {
        return envelope(type, "USER", owner.userId(), at, owner.tenant(), payload);
    }

    JsonObject property(String type, String propertyId, String tenant, Instant at, JsonObject payload) {
        return envelope(type, "PROPERTY", propertyId, at, tenant, payload);
    }

    /** Market figures are platform-wide reference data. */
    JsonObject region(String type, String regionId, Instant at, JsonObject payload) {
        return envelope(type, "REGION", regionId, at, SimTenants.PLATFORM, payload);
    }

    private JsonObject envelope(String type, String entityType, String entityId, Instant at, String tenant, JsonObject payload) {
        return new JsonObject()
                .put(EventTypes.EVENT_ID, rng.uuid().toString())
                .put(EventTypes.EVENT_TYPE, type)
                .put(EventTypes.ENTITY_TYPE, entityType)
                .put(EventTypes.ENTITY_ID, entityId)
                .put(EventTypes.OCCURRED_AT, at.toString())
                .put(EventTypes.SCHEMA_VERSION, EventTypes.CURRENT_SCHEMA_VERSION)
                .put(EventTypes.PAYLOAD, payload)
                .put(EventTypes.TENANT_ID, tenant);
    }

    /** A moment in the {@code seconds} before {@code now}: the shift's events have happened by the time they are read. */
    Instant before(Instant now, int seconds) {
        return now.minusMillis(1 + rng.nextInt(seconds * 1_000));
    }
}
