package com.roisystems.ml.importer;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/**
 * The event id of a mapped event, derived from what makes it that event — the tenant, the event type, the entity id,
 * when it occurred and the mapping entry that built it — so importing the same rows again yields the same ids and
 * stores nothing twice. A name-based UUID (RFC 4122 version 3); the parts are separated by a character no id or
 * timestamp contains, and the time is compared as an instant ({@code 2024-01-01T00:00:00Z} and
 * {@code 2024-01-01T01:00:00+01:00} are one).
 *
 * <p>{@code UUID id = ImportIds.eventId("acme", "property.created", "prop-1", "2024-01-01T00:00:00Z", 1);}
 */
final class ImportIds {

    private static final String NAMESPACE = "roi-ml import v1";
    private static final char SEPARATOR = '\u001f';

    private ImportIds() {
    }

    static UUID eventId(String tenant, String eventType, String entityId, String occurredAt, int mappingEntry) {
        String name = NAMESPACE + SEPARATOR + tenant + SEPARATOR + eventType + SEPARATOR + (entityId == null ? "" : entityId)
                + SEPARATOR + instant(occurredAt) + SEPARATOR + mappingEntry;
        return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8));
    }

    private static String instant(String occurredAt) {
        if (occurredAt == null) {
            return "";
        }
        try {
            return OffsetDateTime.parse(occurredAt).toInstant().toString();
        } catch (DateTimeParseException e) {
            return occurredAt;
        }
    }
}
