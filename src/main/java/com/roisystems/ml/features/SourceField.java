package com.roisystems.ml.features;

/**
 * One field of the event contract a feature reads, named {@code record.field}: {@code property.sqft} is the
 * {@code sqft} of {@code property.created}/{@code property.updated}, {@code market.inventory} that of
 * {@code market.published}. {@code occurred_at} names the envelope's timestamp: the feature reads when the events
 * happened (counts, recency). {@code docs/events.md} lists, per payload field, the features that read it.
 *
 * <p>{@code SourceField.of("property.purchase_price").record() == SourceRecord.PROPERTY}
 */
public record SourceField(SourceRecord record, String field) {

    /** The envelope field every event has; a feature reading it counts or times events. */
    public static final String OCCURRED_AT = "occurred_at";

    public SourceField {
        if (!field.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("contract field must be snake_case: " + field);
        }
    }

    /** Parses {@code record.field}; fails for an unknown record. */
    public static SourceField of(String name) {
        int dot = name.indexOf('.');
        if (dot < 0) {
            throw new IllegalArgumentException("a source field is record.field: " + name);
        }
        return new SourceField(SourceRecord.byPrefix(name.substring(0, dot)), name.substring(dot + 1));
    }

    public String name() {
        return record.prefix() + "." + field;
    }

    @Override
    public String toString() {
        return name();
    }
}
