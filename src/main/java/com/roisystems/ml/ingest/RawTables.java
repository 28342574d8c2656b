package com.roisystems.ml.ingest;

import com.roisystems.ml.ingest.RawTable.Column;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Which raw table each event type lands in, and how. Append-only activity is keyed by event id;
 * entities (users, properties, transactions, market months, regions) are upserted, and an older event never
 * overwrites a newer state ({@code WHERE target.updated_at <= EXCLUDED.updated_at}). An upsert never changes a
 * row's tenant: an event for another tenant's entity is refused before the write ({@link TenantOwnership}).
 * A field the producer did not send (absent or JSON null) is written as SQL NULL, never a placeholder; the one
 * default is the contract's own, {@code is_primary_residence} true.
 */
public final class RawTables {

    private static final String APPEND = "ON CONFLICT (event_id) DO NOTHING";

    private static final Column EVENT_ID = new Column("event_id", "uuid[]", UUID.class, ActivityEvent::eventId);
    private static final Column USER_ID = new Column("user_id", "text[]", String.class, ActivityEvent::entityId);
    private static final Column OCCURRED_AT = new Column("occurred_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt()));
    /** Every tenant-owned row is written under its event's tenant (market data is shared by all tenants). */
    private static final Column TENANT_ID = new Column("tenant_id", "text[]", String.class, ActivityEvent::tenantId);

    static final RawTable DOCUMENT_ACCESS = new RawTable("document_access", List.of(EVENT_ID, USER_ID,
            text("document_id"), text("document_type"), action(), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable EMAIL_EVENTS = new RawTable("email_events", List.of(EVENT_ID, USER_ID,
            text("email_id"), text("campaign_id"), action(), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable PLATFORM_SESSIONS = new RawTable("platform_sessions", List.of(EVENT_ID,
            text("session_id"), USER_ID, action(), text("device"), integer("duration_seconds"), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable PAGE_VIEWS = new RawTable("page_views", List.of(EVENT_ID, USER_ID,
            text("session_id"), text("page"), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable ALERT_EVENTS = new RawTable("alert_events", List.of(EVENT_ID, text("alert_id"), USER_ID,
            text("alert_type"), action(), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable SEARCHES = new RawTable("searches", List.of(EVENT_ID, USER_ID, text("region_id"),
            text("property_type"), decimal("min_price"), decimal("max_price"), integer("results_count"), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable PROPERTY_VIEWS = new RawTable("property_views", List.of(EVENT_ID, USER_ID, text("listing_id"),
            text("region_id"), decimal("listing_price"), action(), OCCURRED_AT, TENANT_ID), APPEND, List.of());

    static final RawTable PROPERTY_VALUATIONS = new RawTable("property_valuations", List.of(EVENT_ID,
            new Column("property_id", "text[]", String.class, ActivityEvent::entityId),
            new Column("valued_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())),
            decimal("estimated_value"), text("source"), TENANT_ID), APPEND, List.of());

    static final RawTable AGENT_ASSIGNMENTS = new RawTable("agent_assignments", List.of(EVENT_ID, USER_ID, text("agent_id"),
            new Column("assigned_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())), TENANT_ID), APPEND, List.of());

    static final RawTable USERS = new RawTable("users", List.of(
            new Column("user_id", "text[]", String.class, ActivityEvent::entityId),
            text("region_id"), text("age_band"), text("email"),
            new Column("created_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())), TENANT_ID),
            "ON CONFLICT (user_id) DO UPDATE SET region_id = EXCLUDED.region_id, age_band = EXCLUDED.age_band, email = EXCLUDED.email",
            List.of("user_id"));

    static final RawTable PROPERTIES = new RawTable("properties", List.of(
            new Column("property_id", "text[]", String.class, ActivityEvent::entityId),
            text("owner_user_id"), text("region_id"), text("address"), text("property_type"), integer("bedrooms"),
            decimal("bathrooms"), integer("sqft"), integer("lot_sqft"), integer("year_built"), date("purchase_date"),
            decimal("purchase_price"), decimal("mortgage_rate"), decimal("mortgage_principal"), integer("mortgage_term_years"),
            decimal("rooms"), decimal("latitude"), decimal("longitude"),
            // Absent or null: the contract's default, a primary residence.
            new Column("is_primary_residence", "bool[]", Boolean.class,
                    e -> e.payload().getValue("is_primary_residence") instanceof Boolean primary ? primary : Boolean.TRUE),
            new Column("created_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())),
            new Column("updated_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())), TENANT_ID),
            """
            ON CONFLICT (property_id) DO UPDATE SET owner_user_id = EXCLUDED.owner_user_id, region_id = EXCLUDED.region_id,
              address = EXCLUDED.address, property_type = EXCLUDED.property_type, bedrooms = EXCLUDED.bedrooms,
              bathrooms = EXCLUDED.bathrooms, sqft = EXCLUDED.sqft, lot_sqft = EXCLUDED.lot_sqft, year_built = EXCLUDED.year_built,
              purchase_date = EXCLUDED.purchase_date, purchase_price = EXCLUDED.purchase_price, mortgage_rate = EXCLUDED.mortgage_rate,
              mortgage_principal = EXCLUDED.mortgage_principal, mortgage_term_years = EXCLUDED.mortgage_term_years,
              rooms = EXCLUDED.rooms, latitude = EXCLUDED.latitude, longitude = EXCLUDED.longitude,
              is_primary_residence = EXCLUDED.is_primary_residence, updated_at = EXCLUDED.updated_at
            WHERE properties.updated_at <= EXCLUDED.updated_at""",
            List.of("property_id"));

    static final RawTable TRANSACTIONS = new RawTable("transactions", List.of(
            new Column("transaction_id", "text[]", String.class, ActivityEvent::entityId),
            text("user_id"), text("property_id"), text("agent_id"), text("transaction_type"), text("status"), decimal("amount"),
            timestamp("opened_at"), timestamp("closed_at"),
            new Column("updated_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())), TENANT_ID),
            """
            ON CONFLICT (transaction_id) DO UPDATE SET user_id = EXCLUDED.user_id, property_id = EXCLUDED.property_id,
              agent_id = EXCLUDED.agent_id, transaction_type = EXCLUDED.transaction_type, status = EXCLUDED.status,
              amount = EXCLUDED.amount, opened_at = EXCLUDED.opened_at, closed_at = EXCLUDED.closed_at, updated_at = EXCLUDED.updated_at
            WHERE transactions.updated_at <= EXCLUDED.updated_at""",
            List.of("transaction_id"));

    static final RawTable MARKET_DATA = new RawTable("market_data", List.of(
            new Column("region_id", "text[]", String.class, ActivityEvent::entityId),
            date("month"), decimal("median_price"), integer("inventory"), integer("new_listings"), integer("closed_sales"),
            decimal("days_on_market"), decimal("mortgage_rate_30y"),
            new Column("published_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt())), EVENT_ID),
            """
            ON CONFLICT (region_id, month) DO UPDATE SET median_price = EXCLUDED.median_price, inventory = EXCLUDED.inventory,
              new_listings = EXCLUDED.new_listings, closed_sales = EXCLUDED.closed_sales, days_on_market = EXCLUDED.days_on_market,
              mortgage_rate_30y = EXCLUDED.mortgage_rate_30y, published_at = EXCLUDED.published_at, event_id = EXCLUDED.event_id
            WHERE market_data.published_at <= EXCLUDED.published_at""",
            List.of("region_id", "month"));

    /** Regions are platform-wide reference data, like market data: no tenant column, whoever names the region. */
    static final RawTable REGIONS = new RawTable("regions", List.of(
            new Column("region_id", "text[]", String.class, ActivityEvent::entityId),
            text("name"), text("state"), bigint("population"), decimal("median_household_income"),
            new Column("updated_at", "timestamptz[]", OffsetDateTime.class, e -> utc(e.occurredAt()))),
            """
            ON CONFLICT (region_id) DO UPDATE SET name = EXCLUDED.name, state = EXCLUDED.state, population = EXCLUDED.population,
              median_household_income = EXCLUDED.median_household_income, updated_at = EXCLUDED.updated_at
            WHERE regions.updated_at IS NULL OR regions.updated_at <= EXCLUDED.updated_at""",
            List.of("region_id"));

    private static final Map<String, RawTable> BY_EVENT_TYPE = Map.ofEntries(
            Map.entry("document.viewed", DOCUMENT_ACCESS), Map.entry("document.downloaded", DOCUMENT_ACCESS),
            Map.entry("document.shared", DOCUMENT_ACCESS),
            Map.entry("email.sent", EMAIL_EVENTS), Map.entry("email.opened", EMAIL_EVENTS), Map.entry("email.clicked", EMAIL_EVENTS),
            Map.entry("email.bounced", EMAIL_EVENTS), Map.entry("email.unsubscribed", EMAIL_EVENTS),
            Map.entry("session.started", PLATFORM_SESSIONS), Map.entry("session.ended", PLATFORM_SESSIONS),
            Map.entry("page.viewed", PAGE_VIEWS),
            Map.entry("alert.sent", ALERT_EVENTS), Map.entry("alert.opened", ALERT_EVENTS), Map.entry("alert.clicked", ALERT_EVENTS),
            Map.entry("alert.dismissed", ALERT_EVENTS),
            Map.entry("search.performed", SEARCHES),
            Map.entry("property.viewed", PROPERTY_VIEWS), Map.entry("property.saved", PROPERTY_VIEWS),
            Map.entry("property.created", PROPERTIES), Map.entry("property.updated", PROPERTIES),
            Map.entry("property.valued", PROPERTY_VALUATIONS),
            Map.entry("transaction.created", TRANSACTIONS), Map.entry("transaction.updated", TRANSACTIONS),
            Map.entry("transaction.closed", TRANSACTIONS),
            Map.entry("agent.assigned", AGENT_ASSIGNMENTS),
            Map.entry("user.registered", USERS),
            Map.entry("market.published", MARKET_DATA),
            Map.entry("region.updated", REGIONS));

    private RawTables() {
    }

    /** The table an event type lands in; every type of the contract has one (checked by a test). */
    public static RawTable forEventType(String eventType) {
        RawTable table = BY_EVENT_TYPE.get(eventType);
        if (table == null) {
            throw new IllegalArgumentException("no raw table for event type " + eventType);
        }
        return table;
    }

    static Set<String> eventTypes() {
        return BY_EVENT_TYPE.keySet();
    }

    /** The action column holds the event type's verb, upper-cased: document.viewed → VIEWED. */
    private static Column action() {
        return new Column("action", "text[]", String.class, e -> {
            String verb = e.eventType().substring(e.eventType().indexOf('.') + 1);
            return verb.equals("performed") ? null : verb.toUpperCase(Locale.ROOT);
        });
    }

    private static Column text(String field) {
        return new Column(field, "text[]", String.class, e -> stringOrNull(e.payload(), field));
    }

    private static Column integer(String field) {
        return new Column(field, "int4[]", Integer.class, e -> e.payload().getValue(field) instanceof Number n ? n.intValue() : null);
    }

    private static Column bigint(String field) {
        return new Column(field, "int8[]", Long.class, e -> e.payload().getValue(field) instanceof Number n ? n.longValue() : null);
    }

    private static Column decimal(String field) {
        return new Column(field, "float8[]", Double.class, e -> e.payload().getValue(field) instanceof Number n ? n.doubleValue() : null);
    }

    private static Column date(String field) {
        return new Column(field, "date[]", LocalDate.class, e -> {
            String value = stringOrNull(e.payload(), field);
            return value == null ? null : LocalDate.parse(value);
        });
    }

    private static Column timestamp(String field) {
        return new Column(field, "timestamptz[]", OffsetDateTime.class, e -> {
            String value = stringOrNull(e.payload(), field);
            return value == null ? null : OffsetDateTime.parse(value).withOffsetSameInstant(ZoneOffset.UTC);
        });
    }

    private static String stringOrNull(JsonObject payload, String field) {
        Object value = payload.getValue(field);
        return value == null ? null : value.toString();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
