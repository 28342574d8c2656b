package com.roisystems.ml.simulate;

import java.util.List;

/**
 * The tables a simulation writes, with the columns it fills in the order {@link SimRecord#values()} holds
 * them, plus {@code tenant_id} (the record's tenant) for the {@link #tenantOwned()} ones. Columns left out keep their
 * defaults. Activity rows carry an explicit {@code ingested_at}
 * (occurrence plus a seeded delay) instead of {@code now()}, so two runs produce identical rows.
 */
public enum SimTable {
    REGIONS("regions", "region_id", "name", "state"),
    AGENTS("agents", "agent_id", "region_id", "name", "created_at"),
    USERS("users", "user_id", "region_id", "age_band", "email", "created_at"),
    PROPERTIES("properties", "property_id", "owner_user_id", "region_id", "address", "property_type", "bedrooms",
            "bathrooms", "sqft", "lot_sqft", "year_built", "purchase_date", "purchase_price", "mortgage_rate",
            "mortgage_principal", "mortgage_term_years", "is_primary_residence", "created_at", "updated_at"),
    PROPERTY_VALUATIONS("property_valuations", "event_id", "property_id", "valued_at", "estimated_value", "source", "ingested_at"),
    TRANSACTIONS("transactions", "transaction_id", "user_id", "property_id", "agent_id", "transaction_type", "status",
            "amount", "opened_at", "closed_at", "updated_at"),
    AGENT_ASSIGNMENTS("agent_assignments", "event_id", "user_id", "agent_id", "assigned_at", "ingested_at"),
    DOCUMENT_ACCESS("document_access", "event_id", "user_id", "document_id", "document_type", "action", "occurred_at", "ingested_at"),
    EMAIL_EVENTS("email_events", "event_id", "user_id", "email_id", "campaign_id", "action", "occurred_at", "ingested_at"),
    PLATFORM_SESSIONS("platform_sessions", "event_id", "session_id", "user_id", "action", "device", "duration_seconds",
            "occurred_at", "ingested_at"),
    PAGE_VIEWS("page_views", "event_id", "user_id", "session_id", "page", "occurred_at", "ingested_at"),
    ALERT_EVENTS("alert_events", "event_id", "alert_id", "user_id", "alert_type", "action", "occurred_at", "ingested_at"),
    SEARCHES("searches", "event_id", "user_id", "region_id", "property_type", "min_price", "max_price", "results_count",
            "occurred_at", "ingested_at"),
    PROPERTY_VIEWS("property_views", "event_id", "user_id", "listing_id", "region_id", "listing_price", "action",
            "occurred_at", "ingested_at"),
    MARKET_DATA("market_data", "region_id", "month", "median_price", "inventory", "new_listings", "closed_sales",
            "days_on_market", "mortgage_rate_30y", "published_at", "event_id"),
    SIM_USER_MONTH_TRUTH("sim_user_month_truth", "user_id", "month", "intent_state", "intent_type", "p_transact_90d",
            "next_transaction_type"),
    SIM_USER_CONTACT_TRUTH("sim_user_contact_truth", "user_id", "chronotype", "propensity"),
    SIM_PROPERTY_VALUE_TRUTH("sim_property_value_truth", "property_id", "start_month", "monthly_value");

    private final String tableName;
    private final List<String> columns;

    SimTable(String tableName, String... columns) {
        this.tableName = tableName;
        this.columns = List.of(columns);
    }

    public String tableName() {
        return tableName;
    }

    public List<String> columns() {
        return columns;
    }

    /** The position of {@code column} in {@link SimRecord#values()}; a name this table lacks is a programming error. */
    public int indexOf(String column) {
        int index = columns.indexOf(column);
        if (index < 0) {
            throw new IllegalArgumentException(tableName + " has no column " + column);
        }
        return index;
    }

    /** Whether rows of this table belong to a tenant: the user's own, and whatever follows a user. */
    public boolean tenantOwned() {
        return switch (this) {
            case USERS, PROPERTIES, PROPERTY_VALUATIONS, TRANSACTIONS, AGENT_ASSIGNMENTS, DOCUMENT_ACCESS, EMAIL_EVENTS,
                 PLATFORM_SESSIONS, PAGE_VIEWS, ALERT_EVENTS, SEARCHES, PROPERTY_VIEWS -> true;
            default -> false;
        };
    }

    public String copyStatement() {
        return "COPY " + tableName + " (" + String.join(", ", columns) + (tenantOwned() ? ", tenant_id" : "") + ") FROM STDIN";
    }
}
