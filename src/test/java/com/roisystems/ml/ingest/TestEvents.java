package com.roisystems.ml.ingest;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.UUID;

/** Valid events for tests, built from the contract's examples so they follow the schema as it evolves. */
final class TestEvents {

    static final JsonObject EXAMPLES = new JsonObject(readExamples());

    private TestEvents() {
    }

    /** The contract's example of {@code eventType}, with a fresh id and the given user. */
    static JsonObject of(String eventType, UUID eventId, String entityId, Instant occurredAt) {
        return EXAMPLES.getJsonObject(eventType).copy()
                .put("event_id", eventId.toString())
                .put("entity_id", entityId)
                .put("occurred_at", occurredAt.toString());
    }

    static JsonObject documentViewed(UUID eventId, String userId) {
        return of("document.viewed", eventId, userId, Instant.parse("2024-01-15T10:30:00Z"));
    }

    private static String readExamples() {
        try (var in = TestEvents.class.getResourceAsStream("/schemas/activity-event-examples.json")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
