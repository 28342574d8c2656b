package com.roisystems.ml.features;

import java.util.List;

import static com.roisystems.ml.features.SqlFragments.daysBefore;
import static com.roisystems.ml.features.SqlFragments.daysSince;
import static com.roisystems.ml.features.FeatureCategory.BEHAVIORAL;
import static com.roisystems.ml.features.FeatureDefinition.count;
import static com.roisystems.ml.features.FeatureDefinition.numeric;

/** Engagement with the platform: documents, email, sessions, pages, alerts, searches, listings. */
final class BehavioralFeatures {

    static final FeatureGroup DOCUMENTS = activity("document_access_90d", "document_access", "d", 90).reading("document.document_id", "document.occurred_at");
    static final FeatureGroup EMAIL = activity("email_events_90d", "email_events", "e", 90).reading("email.email_id", "email.occurred_at");
    static final FeatureGroup SESSIONS = activity("platform_sessions_60d", "platform_sessions", "s", 60)
            .reading("session.session_id", "session.duration_seconds", "session.occurred_at");
    static final FeatureGroup PAGES = activity("page_views_30d", "page_views", "pv", 30).reading("page.page", "page.occurred_at");
    static final FeatureGroup ALERTS = activity("alert_events_90d", "alert_events", "a", 90).reading("alert.alert_id", "alert.occurred_at");
    static final FeatureGroup SEARCHES = activity("searches_90d", "searches", "q", 90).reading("search.min_price", "search.max_price", "search.occurred_at");
    static final FeatureGroup LISTINGS = activity("property_views_90d", "property_views", "lv", 90)
            .reading("listing.listing_id", "listing.region_id", "listing.occurred_at");

    private BehavioralFeatures() {
    }

    /** A windowed scan of one activity table for the user, by occurred_at, before the cut-off. */
    private static FeatureGroup activity(String name, String table, String alias, int days) {
        return new FeatureGroup(name, table, days, "FROM " + table + " " + alias + " WHERE " + alias + ".user_id = u.user_id AND "
                + alias + ".occurred_at < :as_of AND " + alias + ".occurred_at >= " + daysBefore(days));
    }

    private static String within(String alias, int days) {
        return alias + ".occurred_at >= " + daysBefore(days);
    }

    /** Days since the user's last matching row in all history, not just the group's window. */
    private static String lastEver(String table, String condition) {
        return daysSince("(SELECT max(x.occurred_at) FROM " + table + " x WHERE x.user_id = u.user_id AND x.occurred_at < :as_of"
                + (condition.isEmpty() ? "" : " AND " + condition) + ")");
    }

    /** Distinct items with action {@code numerator} over distinct items with action {@code denominator}, capped at 1. */
    private static String distinctRate(String alias, String item, String numerator, String denominator, String window) {
        String filter = window.isEmpty() ? "" : " AND " + window;
        String sent = "count(DISTINCT " + alias + "." + item + ") FILTER (WHERE " + alias + ".action = '" + denominator + "'" + filter + ")";
        String acted = "count(DISTINCT " + alias + "." + item + ") FILTER (WHERE " + alias + ".action = '" + numerator + "'" + filter + ")";
        // least() ignores nulls, so the "none sent" case is decided before capping
        return "CASE WHEN " + sent + " > 0 THEN least(1.0, " + acted + "::float8 / " + sent + ") END";
    }

    private static String actionShare(String alias, String action) {
        return "count(*) FILTER (WHERE " + alias + ".action = '" + action + "')::float8 / nullif(count(*), 0)";
    }

    static List<FeatureDefinition> all() {
        return List.of(
                count("doc_access_7d", BEHAVIORAL, DOCUMENTS, "count(*) FILTER (WHERE " + within("d", 7) + ")",
                        "Document accesses (views, downloads, shares) in the 7 days before as_of").window(7).range(0, 100_000),
                count("doc_access_30d", BEHAVIORAL, DOCUMENTS, "count(*) FILTER (WHERE " + within("d", 30) + ")",
                        "Document accesses in the 30 days before as_of").window(30).range(0, 100_000),
                count("doc_access_90d", BEHAVIORAL, DOCUMENTS, "count(*)",
                        "Document accesses in the 90 days before as_of").range(0, 1_000_000),
                count("doc_distinct_documents_90d", BEHAVIORAL, DOCUMENTS, "count(DISTINCT d.document_id)",
                        "Distinct documents accessed in the 90 days before as_of").range(0, 100_000),
                numeric("doc_days_since_last_access", BEHAVIORAL, DOCUMENTS, lastEver("document_access", ""),
                        "Days since the last document access in all history; null if never").window(null).range(0, 36_500),
                numeric("doc_share_rate_90d", BEHAVIORAL, DOCUMENTS, actionShare("d", "SHARED"),
                        "Share of 90-day document accesses that were shares; null without accesses").range(0, 1),
                numeric("doc_download_rate_90d", BEHAVIORAL, DOCUMENTS, actionShare("d", "DOWNLOADED"),
                        "Share of 90-day document accesses that were downloads; null without accesses").range(0, 1),

                count("email_sent_30d", BEHAVIORAL, EMAIL, "count(DISTINCT e.email_id) FILTER (WHERE e.action = 'SENT' AND " + within("e", 30) + ")",
                        "Distinct emails sent to the user in the 30 days before as_of").window(30).range(0, 10_000),
                count("email_opens_30d", BEHAVIORAL, EMAIL, "count(*) FILTER (WHERE e.action = 'OPENED' AND " + within("e", 30) + ")",
                        "Email open events in the 30 days before as_of").window(30).range(0, 100_000),
                numeric("email_open_rate_30d", BEHAVIORAL, EMAIL, distinctRate("e", "email_id", "OPENED", "SENT", within("e", 30)),
                        "Distinct emails opened / distinct emails sent, 30 days, capped at 1; null if none sent").window(30).range(0, 1),
                numeric("email_click_rate_30d", BEHAVIORAL, EMAIL, distinctRate("e", "email_id", "CLICKED", "SENT", within("e", 30)),
                        "Distinct emails clicked / distinct emails sent, 30 days, capped at 1; null if none sent").window(30).range(0, 1),
                numeric("email_days_since_last_open", BEHAVIORAL, EMAIL, lastEver("email_events", "x.action = 'OPENED'"),
                        "Days since the last email open in all history; null if never").window(null).range(0, 36_500),
                count("email_unsubscribes_90d", BEHAVIORAL, EMAIL, "count(*) FILTER (WHERE e.action = 'UNSUBSCRIBED')",
                        "Unsubscribe events in the 90 days before as_of").range(0, 1_000),
                count("email_bounces_90d", BEHAVIORAL, EMAIL, "count(*) FILTER (WHERE e.action = 'BOUNCED')",
                        "Bounced emails in the 90 days before as_of").range(0, 10_000),

                count("sessions_30d", BEHAVIORAL, SESSIONS, "count(*) FILTER (WHERE s.action = 'STARTED' AND " + within("s", 30) + ")",
                        "Platform sessions started in the 30 days before as_of").window(30).range(0, 10_000),
                count("session_minutes_30d", BEHAVIORAL, SESSIONS,
                        "sum(s.duration_seconds) FILTER (WHERE s.action = 'ENDED' AND " + within("s", 30) + ") / 60.0",
                        "Minutes in sessions that ended in the 30 days before as_of").window(30).range(0, 43_200),
                numeric("avg_session_minutes_30d", BEHAVIORAL, SESSIONS,
                        "avg(s.duration_seconds) FILTER (WHERE s.action = 'ENDED' AND " + within("s", 30) + ") / 60.0",
                        "Mean length in minutes of sessions ended in the last 30 days; null without sessions").window(30).range(0, 1_440),
                count("active_days_30d", BEHAVIORAL, SESSIONS,
                        "count(DISTINCT (s.occurred_at AT TIME ZONE 'UTC')::date) FILTER (WHERE " + within("s", 30) + ")",
                        "Distinct UTC days with session activity in the 30 days before as_of").window(30).range(0, 31),
                numeric("activity_trend_30d", BEHAVIORAL, SESSIONS,
                        "(count(*) FILTER (WHERE s.action = 'STARTED' AND " + within("s", 30) + ") - count(*) FILTER (WHERE s.action = 'STARTED' AND s.occurred_at < "
                                + daysBefore(30) + "))::float8 / nullif(count(*) FILTER (WHERE s.action = 'STARTED'), 0)",
                        "(sessions last 30 days - sessions the 30 days before) / (their sum): +1 rising, -1 gone quiet; null if neither").range(-1, 1),

                count("page_views_7d", BEHAVIORAL, PAGES, "count(*) FILTER (WHERE " + within("pv", 7) + ")",
                        "Page views in the 7 days before as_of").window(7).range(0, 100_000),
                count("page_views_30d", BEHAVIORAL, PAGES, "count(*)", "Page views in the 30 days before as_of").range(0, 1_000_000),
                count("distinct_pages_30d", BEHAVIORAL, PAGES, "count(DISTINCT pv.page)",
                        "Distinct pages viewed in the 30 days before as_of").range(0, 100_000),

                count("alerts_received_90d", BEHAVIORAL, ALERTS, "count(DISTINCT a.alert_id) FILTER (WHERE a.action = 'SENT')",
                        "Distinct alerts sent to the user in the 90 days before as_of").range(0, 100_000),
                numeric("alert_open_rate_90d", BEHAVIORAL, ALERTS, distinctRate("a", "alert_id", "OPENED", "SENT", ""),
                        "Distinct alerts opened / sent, 90 days, capped at 1; null if none sent").range(0, 1),
                numeric("alert_click_rate_90d", BEHAVIORAL, ALERTS, distinctRate("a", "alert_id", "CLICKED", "SENT", ""),
                        "Distinct alerts clicked / sent, 90 days, capped at 1; null if none sent").range(0, 1),
                numeric("alert_dismiss_rate_90d", BEHAVIORAL, ALERTS, distinctRate("a", "alert_id", "DISMISSED", "SENT", ""),
                        "Distinct alerts dismissed / sent, 90 days, capped at 1; null if none sent").range(0, 1),

                count("searches_30d", BEHAVIORAL, SEARCHES, "count(*) FILTER (WHERE " + within("q", 30) + ")",
                        "Searches in the 30 days before as_of").window(30).range(0, 100_000),
                count("searches_90d", BEHAVIORAL, SEARCHES, "count(*)", "Searches in the 90 days before as_of").range(0, 1_000_000),
                numeric("search_avg_max_price_90d", BEHAVIORAL, SEARCHES, "avg(q.max_price)",
                        "Mean upper price bound of 90-day searches; null without bounded searches").range(0, 1e10),
                numeric("search_price_vs_home_value_90d", BEHAVIORAL, SEARCHES,
                        "avg(coalesce((q.min_price + q.max_price) / 2, q.max_price, q.min_price)) / nullif((SELECT "
                                + SqlFragments.homeValue("hp") + " FROM (" + SqlFragments.primaryProperty("hp") + ") hp), 0)",
                        "Mean searched price (midpoint of min/max) over 90 days / the user's own home value: >1 trading up, <1 down").range(0, 1_000)
                        .reads("search.min_price", "search.max_price", "search.occurred_at", "valuation.estimated_value", "property.purchase_price"),

                count("property_views_30d", BEHAVIORAL, LISTINGS, "count(*) FILTER (WHERE lv.action = 'VIEWED' AND " + within("lv", 30) + ")",
                        "Listing views in the 30 days before as_of").window(30).range(0, 100_000),
                count("property_saves_30d", BEHAVIORAL, LISTINGS, "count(*) FILTER (WHERE lv.action = 'SAVED' AND " + within("lv", 30) + ")",
                        "Listings saved in the 30 days before as_of").window(30).range(0, 100_000),
                count("property_views_90d", BEHAVIORAL, LISTINGS, "count(*) FILTER (WHERE lv.action = 'VIEWED')",
                        "Listing views in the 90 days before as_of").range(0, 1_000_000),
                count("viewed_regions_90d", BEHAVIORAL, LISTINGS, "count(DISTINCT lv.region_id)",
                        "Distinct regions of listings viewed or saved in the 90 days before as_of").range(0, 10_000));
    }
}
