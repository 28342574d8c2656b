package com.roisystems.ml.bus;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The activity contract agreed with the ingestion team: the envelope's field names, the entity kinds,
 * and every event type with its wire name, the entity it is keyed by, the raw table it lands in, and
 * the payload fields it carries. Producers (the simulator) and consumers (ingestion) both read these
 * names from here, so the two sides cannot drift apart.
 *
 * <p>{@code EventTypes.EventType type = EventTypes.EventType.fromWire("email.opened").orElseThrow();}
 */
public final class EventTypes {

    /** Envelope field names, exactly as on the wire. */
    public static final String EVENT_ID = "event_id";
    public static final String EVENT_TYPE = "event_type";
    public static final String ENTITY_TYPE = "entity_type";
    public static final String ENTITY_ID = "entity_id";
    public static final String OCCURRED_AT = "occurred_at";
    public static final String SCHEMA_VERSION = "schema_version";
    public static final String PAYLOAD = "payload";
    /** The tenant whose entity the event is about; required on the wire (HTTP intake fills it from the caller). */
    public static final String TENANT_ID = "tenant_id";

    /** The envelope version this code writes and understands; others are refused by consumers. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    private EventTypes() {
    }

    /** What {@code entity_id} names: the Kafka key, and the ordering unit of a partition. */
    public enum EntityType { USER, PROPERTY, TRANSACTION, REGION }

    /**
     * Every event type on the activity topic. Payload field names equal the target table's column names,
     * which keeps the mapping from event to row a lookup rather than a translation.
     */
    public enum EventType {
        DOCUMENT_VIEWED("document.viewed", EntityType.USER, "document_access", "document_id", "document_type"),
        DOCUMENT_DOWNLOADED("document.downloaded", EntityType.USER, "document_access", "document_id", "document_type"),
        DOCUMENT_SHARED("document.shared", EntityType.USER, "document_access", "document_id", "document_type"),
        EMAIL_SENT("email.sent", EntityType.USER, "email_events", "email_id", "campaign_id"),
        EMAIL_OPENED("email.opened", EntityType.USER, "email_events", "email_id", "campaign_id"),
        EMAIL_CLICKED("email.clicked", EntityType.USER, "email_events", "email_id", "campaign_id"),
        EMAIL_BOUNCED("email.bounced", EntityType.USER, "email_events", "email_id", "campaign_id"),
        EMAIL_UNSUBSCRIBED("email.unsubscribed", EntityType.USER, "email_events", "email_id", "campaign_id"),
        SESSION_STARTED("session.started", EntityType.USER, "platform_sessions", "session_id", "device"),
        SESSION_ENDED("session.ended", EntityType.USER, "platform_sessions", "session_id", "duration_seconds"),
        PAGE_VIEWED("page.viewed", EntityType.USER, "page_views", "session_id", "page"),
        ALERT_SENT("alert.sent", EntityType.USER, "alert_events", "alert_id", "alert_type"),
        ALERT_OPENED("alert.opened", EntityType.USER, "alert_events", "alert_id", "alert_type"),
        ALERT_CLICKED("alert.clicked", EntityType.USER, "alert_events", "alert_id", "alert_type"),
        ALERT_DISMISSED("alert.dismissed", EntityType.USER, "alert_events", "alert_id", "alert_type"),
        SEARCH_PERFORMED("search.performed", EntityType.USER, "searches",
                "region_id", "property_type", "min_price", "max_price", "results_count"),
        PROPERTY_VIEWED("property.viewed", EntityType.USER, "property_views", "listing_id", "region_id", "listing_price"),
        PROPERTY_SAVED("property.saved", EntityType.USER, "property_views", "listing_id", "region_id", "listing_price"),
        PROPERTY_CREATED("property.created", EntityType.PROPERTY, "properties", PropertyFields.ALL),
        PROPERTY_UPDATED("property.updated", EntityType.PROPERTY, "properties", PropertyFields.ALL),
        PROPERTY_VALUED("property.valued", EntityType.PROPERTY, "property_valuations", "estimated_value", "source"),
        TRANSACTION_CREATED("transaction.created", EntityType.TRANSACTION, "transactions", TransactionFields.ALL),
        TRANSACTION_UPDATED("transaction.updated", EntityType.TRANSACTION, "transactions", TransactionFields.ALL),
        TRANSACTION_CLOSED("transaction.closed", EntityType.TRANSACTION, "transactions", TransactionFields.ALL),
        AGENT_ASSIGNED("agent.assigned", EntityType.USER, "agent_assignments", "agent_id"),
        MARKET_PUBLISHED("market.published", EntityType.REGION, "market_data",
                "month", "median_price", "inventory", "new_listings", "closed_sales", "days_on_market", "mortgage_rate_30y"),
        REGION_UPDATED("region.updated", EntityType.REGION, "regions", "name", "state", "population", "median_household_income");

        private static final Map<String, EventType> BY_WIRE_NAME = Arrays.stream(values())
                .collect(Collectors.toUnmodifiableMap(EventType::wireName, Function.identity()));

        private final String wireName;
        private final EntityType entityType;
        private final String rawTable;
        private final List<String> payloadFields;

        EventType(String wireName, EntityType entityType, String rawTable, String... payloadFields) {
            this.wireName = wireName;
            this.entityType = entityType;
            this.rawTable = rawTable;
            this.payloadFields = List.of(payloadFields);
        }

        public String wireName() {
            return wireName;
        }

        public EntityType entityType() {
            return entityType;
        }

        /** The raw platform table an event of this type is written to by ingestion. */
        public String rawTable() {
            return rawTable;
        }

        /** The payload's field names, in wire order; each is also a column of {@link #rawTable()}. */
        public List<String> payloadFields() {
            return payloadFields;
        }

        /** The event type with this wire name, or empty for a name this version does not know. */
        public static Optional<EventType> fromWire(String wireName) {
            return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
        }
    }

    private static final class PropertyFields {
        static final String[] ALL = {"owner_user_id", "region_id", "address", "property_type", "bedrooms", "bathrooms",
                "sqft", "lot_sqft", "year_built", "purchase_date", "purchase_price", "mortgage_rate",
                "mortgage_principal", "mortgage_term_years"};
    }

    private static final class TransactionFields {
        static final String[] ALL = {"user_id", "property_id", "agent_id", "transaction_type", "status", "amount",
                "opened_at", "closed_at"};
    }
}
