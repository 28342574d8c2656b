package com.roisystems.ml.features;

import java.util.Arrays;
import java.util.List;
import java.util.Set;

/**
 * A record of the event contract that features read: the event types that write it and, for the records a
 * feature group can see as one row ({@code pp} the primary property, {@code m0} the latest market month), the row's
 * key column. A {@link SourceField} names a field of one of these, as {@code property.sqft}.
 *
 * <p>{@code SourceRecord.PROPERTY.eventTypes()  // [property.created, property.updated]}
 */
public enum SourceRecord {
    PROPERTY("property", "property_id", Set.of("mortgage_rate", "mortgage_principal", "mortgage_term_years"),
            "property.created", "property.updated"),
    USER("user", "user_id", Set.of(), "user.registered"),
    MARKET("market", "region_id", Set.of(), "market.published"),
    REGION("region", null, Set.of(), "region.updated"),
    VALUATION("valuation", null, Set.of(), "property.valued"),
    TRANSACTION("transaction", null, Set.of(), "transaction.created", "transaction.updated", "transaction.closed"),
    AGENT("agent", null, Set.of(), "agent.assigned"),
    DOCUMENT("document", null, Set.of(), "document.viewed", "document.downloaded", "document.shared"),
    EMAIL("email", null, Set.of(), "email.sent", "email.opened", "email.clicked", "email.bounced", "email.unsubscribed"),
    SESSION("session", null, Set.of(), "session.started", "session.ended"),
    PAGE("page", null, Set.of(), "page.viewed"),
    ALERT("alert", null, Set.of(), "alert.sent", "alert.opened", "alert.clicked", "alert.dismissed"),
    SEARCH("search", null, Set.of(), "search.performed"),
    LISTING("listing", null, Set.of(), "property.viewed", "property.saved");

    private final String prefix;
    private final String keyColumn;
    private final Set<String> nullMeansNone;
    private final List<String> eventTypes;

    SourceRecord(String prefix, String keyColumn, Set<String> nullMeansNone, String... eventTypes) {
        this.prefix = prefix;
        this.keyColumn = keyColumn;
        this.nullMeansNone = nullMeansNone;
        this.eventTypes = List.of(eventTypes);
    }

    /** The name's first part: {@code property} in {@code property.sqft}. */
    public String prefix() {
        return prefix;
    }

    /** The event types whose payloads carry this record's fields. */
    public List<String> eventTypes() {
        return eventTypes;
    }

    /** The column that is non-null exactly when the row exists; null for records no group sees as one row. */
    String keyColumn() {
        return keyColumn;
    }

    /**
     * Whether a null {@code field} means the producer did not know it. The mortgage fields are the exception: since
     * version 1 of the contract their absence means "no mortgage", a fact, so features served from them stay NULL.
     */
    boolean nullIsUnknown(String field) {
        return !nullMeansNone.contains(field);
    }

    static SourceRecord byPrefix(String prefix) {
        return Arrays.stream(values()).filter(record -> record.prefix.equals(prefix)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no contract record '" + prefix + "'"));
    }
}
