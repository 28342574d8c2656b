package com.roisystems.ml.features;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.testing.TestDatabase;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * A small hand-built platform: user u1 with a property, a mortgage, valuations, market data and a few
 * rows in every activity table around the cut-off {@link #T}; rows after T exist on purpose, so
 * every test also checks they are not seen. Expected values are worked out in the tests by hand.
 */
final class FeatureFixture {

    /** Saturday 2024-06-15 12:00 UTC. */
    static final Instant T = Instant.parse("2024-06-15T12:00:00Z");

    private FeatureFixture() {
    }

    static Instant daysBefore(double days) {
        return T.minus(Duration.ofSeconds(Math.round(days * 86400)));
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }

    static void load(DatabaseUrl url) throws Exception {
        TestDatabase.of(url).withConnection(c -> {
            exec(c, "INSERT INTO regions VALUES ('R1', 'North', 'CA'), ('R2', 'South', 'TX')");
            exec(c, "INSERT INTO agents VALUES ('A1', 'R1', 'Ann', '2020-01-01Z'), ('A2', 'R1', 'Bob', '2020-01-01Z')");
            // Two tenants: u1 and u3 are acme's, u2 is globex's; every other row follows its user's tenant.
            exec(c, "INSERT INTO users VALUES ('u1', 'R1', '35_49', 'u1@x', '2022-01-01T00:00:00Z', 'acme'),"
                    + " ('u2', 'R2', '18_34', 'u2@x', '2024-06-01T00:00:00Z', 'globex'), ('u3', 'R1', '65_PLUS', null, '2015-01-01T00:00:00Z', 'acme')");
            exec(c, "INSERT INTO properties VALUES"
                    + " ('P1', 'u1', 'R1', '1 Main', 'SINGLE_FAMILY', 3, 2.5, 2000, 5000, 1990, '2019-06-15', 400000, 0.0400, 320000, 30, true, now(), now()),"
                    + " ('P2', 'u1', 'R1', '2 Main', 'CONDO', 1, 1, 700, null, 2020, '2025-01-01', 300000, null, null, null, false, now(), now()),"
                    + " ('P3', 'u3', 'R1', '3 Main', 'TOWNHOUSE', 2, 2, 1200, 1000, 2000, '2015-03-01', 200000, 0.0350, 100000, 15, true, now(), now()),"
                    + " ('P4', 'u3', 'R1', '4 Main', 'CONDO', 2, 1, 900, null, 2005, '2021-01-01', 250000, null, null, null, false, now(), now())");
            valuation(c, "P1", "2024-01-10T00:00:00Z", 450000);
            valuation(c, "P1", "2024-05-01T00:00:00Z", 480000);
            valuation(c, "P1", "2024-07-01T00:00:00Z", 999999);
            market(c, "2023-05-01", 450000, 0.0600, "2023-06-10T00:00:00Z");
            market(c, "2024-02-01", 470000, 0.0650, "2024-03-10T00:00:00Z");
            market(c, "2024-04-01", 490000, 0.0690, "2024-05-10T00:00:00Z");
            market(c, "2024-05-01", 500000, 0.0700, "2024-06-10T00:00:00Z");
            market(c, "2024-06-01", 999999, 0.0900, "2024-07-10T00:00:00Z");
            exec(c, "INSERT INTO transactions VALUES"
                    + " ('t1', 'u1', 'P1', null, 'BUY', 'CLOSED', 400000, '2019-05-01T00:00:00Z', '2019-06-15T00:00:00Z', now()),"
                    + " ('t2', 'u1', 'P1', 'A1', 'REFINANCE', 'CLOSED', 300000, '2021-03-01T00:00:00Z', '2021-04-01T00:00:00Z', now()),"
                    + " ('t3', 'u1', 'P1', 'A1', 'SELL', 'CLOSED', 500000, '2024-05-01T00:00:00Z', '2024-07-01T00:00:00Z', now()),"
                    + " ('t4', 'u1', null, 'A2', 'BUY', 'OPEN', null, '2024-08-01T00:00:00Z', null, now())");
            row(c, "INSERT INTO agent_assignments (event_id, user_id, agent_id, assigned_at) VALUES (?, 'u1', 'A1', ?)", at("2021-02-01T00:00:00Z"));
            row(c, "INSERT INTO agent_assignments (event_id, user_id, agent_id, assigned_at) VALUES (?, 'u1', 'A2', ?)", at("2024-07-01T00:00:00Z"));

            doc(c, "doc1", "VIEWED", daysBefore(1));
            doc(c, "doc2", "DOWNLOADED", daysBefore(3));
            doc(c, "doc1", "SHARED", daysBefore(10));
            doc(c, "doc3", "VIEWED", daysBefore(40));
            doc(c, "doc4", "VIEWED", daysBefore(100));
            doc(c, "doc5", "VIEWED", T.plusSeconds(3600));

            email(c, "e1", "SENT", daysBefore(20));
            email(c, "e1", "OPENED", daysBefore(19));
            email(c, "e1", "CLICKED", daysBefore(18.9));
            email(c, "e2", "SENT", daysBefore(10));
            email(c, "e3", "SENT", daysBefore(5));
            email(c, "e3", "OPENED", daysBefore(2));
            email(c, "e0", "UNSUBSCRIBED", daysBefore(50));
            email(c, "e0", "BOUNCED", daysBefore(60));
            email(c, "e9", "OPENED", daysBefore(200));
            email(c, "e2", "OPENED", T.plusSeconds(3600));

            session(c, "s1", "STARTED", null, daysBefore(2));
            session(c, "s1", "ENDED", 1800, daysBefore(2).plusSeconds(1800));
            session(c, "s2", "STARTED", null, daysBefore(5));
            session(c, "s2", "ENDED", 600, daysBefore(5).plusSeconds(600));
            session(c, "s3", "STARTED", null, daysBefore(45));
            session(c, "s3", "ENDED", 1200, daysBefore(45).plusSeconds(1200));
            session(c, "s4", "STARTED", null, T.plusSeconds(60));

            page(c, "/home", daysBefore(1));
            page(c, "/home", daysBefore(2));
            page(c, "/docs", daysBefore(10));
            page(c, "/old", daysBefore(40));

            alert(c, "a1", "SENT", daysBefore(10));
            alert(c, "a1", "OPENED", daysBefore(9));
            alert(c, "a1", "CLICKED", daysBefore(9));
            alert(c, "a2", "SENT", daysBefore(8));
            alert(c, "a2", "DISMISSED", daysBefore(7));
            alert(c, "a3", "SENT", daysBefore(6));

            search(c, 400000.0, 600000.0, daysBefore(3));
            search(c, null, 700000.0, daysBefore(40));
            search(c, 1.0, 2.0, T.plusSeconds(10));

            listing(c, "L1", "R1", "VIEWED", daysBefore(1));
            listing(c, "L2", "R2", "SAVED", daysBefore(2));
            listing(c, "L3", "R1", "VIEWED", daysBefore(50));
            return null;
        });
    }

    /** Activity after the cut-off of every kind, for the leakage test. */
    static void addEventsAfter(DatabaseUrl url, Instant after) throws Exception {
        TestDatabase.of(url).withConnection(c -> {
            Instant later = after.plusSeconds(1);
            doc(c, "docX", "SHARED", later);
            email(c, "eX", "SENT", later);
            email(c, "eX", "OPENED", later);
            session(c, "sX", "STARTED", null, later);
            page(c, "/x", later);
            alert(c, "aX", "SENT", later);
            search(c, 5.0, 6.0, later);
            listing(c, "LX", "R2", "SAVED", later);
            valuation(c, "P1", later.toString(), 1);
            row(c, "INSERT INTO agent_assignments (event_id, user_id, agent_id, assigned_at) VALUES (?, 'u1', 'A2', ?)", later);
            exec(c, "INSERT INTO transactions VALUES ('tX', 'u1', 'P1', 'A2', 'INVESTMENT', 'CLOSED', 1, '" + later + "', '" + later + "', now())");
            exec(c, "INSERT INTO market_data VALUES ('R1', '2030-01-01', 1, 1, 1, 1, 1, 0.2, '" + later + "', null)");
            return null;
        });
    }

    static void doc(TestDatabase c, String doc, String action, Instant at) throws Exception {
        row(c, "INSERT INTO document_access (event_id, user_id, document_id, document_type, action, occurred_at) VALUES (?, 'u1', '"
                + doc + "', 'DEED', '" + action + "', ?)", at);
    }

    static void email(TestDatabase c, String email, String action, Instant at) throws Exception {
        row(c, "INSERT INTO email_events (event_id, user_id, email_id, action, occurred_at) VALUES (?, 'u1', '" + email + "', '" + action + "', ?)", at);
    }

    static void session(TestDatabase c, String session, String action, Integer seconds, Instant at) throws Exception {
        row(c, "INSERT INTO platform_sessions (event_id, session_id, user_id, action, duration_seconds, occurred_at) VALUES (?, '"
                + session + "', 'u1', '" + action + "', " + seconds + ", ?)", at);
    }

    static void page(TestDatabase c, String page, Instant at) throws Exception {
        row(c, "INSERT INTO page_views (event_id, user_id, page, occurred_at) VALUES (?, 'u1', '" + page + "', ?)", at);
    }

    static void alert(TestDatabase c, String alert, String action, Instant at) throws Exception {
        row(c, "INSERT INTO alert_events (event_id, alert_id, user_id, alert_type, action, occurred_at) VALUES (?, '" + alert
                + "', 'u1', 'PRICE', '" + action + "', ?)", at);
    }

    static void search(TestDatabase c, Double min, Double max, Instant at) throws Exception {
        row(c, "INSERT INTO searches (event_id, user_id, min_price, max_price, occurred_at) VALUES (?, 'u1', " + min + ", " + max + ", ?)", at);
    }

    static void listing(TestDatabase c, String listing, String region, String action, Instant at) throws Exception {
        row(c, "INSERT INTO property_views (event_id, user_id, listing_id, region_id, listing_price, action, occurred_at) VALUES (?, 'u1', '"
                + listing + "', '" + region + "', 500000, '" + action + "', ?)", at);
    }

    static void valuation(TestDatabase c, String property, String at, double value) throws Exception {
        row(c, "INSERT INTO property_valuations (event_id, property_id, valued_at, estimated_value, source) VALUES (?, '" + property
                + "', ?, " + value + ", 'AVM')", Instant.parse(at));
    }

    static void market(TestDatabase c, String month, double median, double rate, String published) throws Exception {
        exec(c, "INSERT INTO market_data VALUES ('R1', '" + month + "', " + median + ", 200, 80, 50, 30.5, " + rate + ", '" + published + "', null)");
    }

    private static void row(TestDatabase c, String sql, Instant at) throws Exception {
        c.execute(sql, UUID.randomUUID(), at);
    }

    private static void exec(TestDatabase c, String sql) throws Exception {
        c.execute(sql);
    }
}
