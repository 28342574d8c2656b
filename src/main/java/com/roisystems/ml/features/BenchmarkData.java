package com.roisystems.ml.features;

import com.roisystems.ml.app.Blocking;
import io.vertx.sqlclient.Pool;

import java.time.Duration;
import java.util.List;

/**
 * A minimal synthetic platform for the benchmark when the database is empty: users, one property each,
 * valuations, three years of market data and a few months of activity in every table, generated
 * set-based in SQL. Not the simulator: no hidden intent, only realistic row counts per user.
 */
final class BenchmarkData {

    private static final List<String> STATEMENTS = List.of(
            "INSERT INTO regions SELECT 'R' || g, 'Region ' || g, 'CA' FROM generate_series(1, 20) g ON CONFLICT DO NOTHING",
            "INSERT INTO agents SELECT 'A' || g, 'R' || (1 + g % 20), 'Agent ' || g, now() - interval '5 years' FROM generate_series(1, 200) g ON CONFLICT DO NOTHING",
            "INSERT INTO users SELECT 'u' || g, 'R' || (1 + g % 20), '35_49', null, now() - (g % 1500) * interval '1 day' FROM generate_series(1, $1) g",
            "INSERT INTO properties SELECT 'P' || g, 'u' || g, 'R' || (1 + g % 20), g || ' Main St', 'SINGLE_FAMILY', 1 + g % 5, 1 + g % 3, 900 + g % 2000,"
                    + " 3000 + g % 5000, 1950 + g % 70, (now() - (30 + g % 7000) * interval '1 day')::date, 200000 + g % 400000,"
                    + " 0.025 + (g % 50) / 1000.0, 160000 + g % 300000, 30, true, now(), now() FROM generate_series(1, $1) g",
            "INSERT INTO property_valuations SELECT gen_random_uuid(), 'P' || g, now() - k * interval '90 days', 250000 + g % 400000 + k * 1000, 'AVM'"
                    + " FROM generate_series(1, $1) g, generate_series(0, 3) k",
            "INSERT INTO market_data SELECT 'R' || r, (date_trunc('month', now()) - k * interval '1 month')::date, 400000 + r * 1000 - k * 500,"
                    + " 200 + k, 80, 50 + r, 30.5, 0.06 + k / 1000.0, date_trunc('month', now()) - k * interval '1 month' + interval '40 days'"
                    + " FROM generate_series(1, 20) r, generate_series(0, 36) k WHERE date_trunc('month', now()) - k * interval '1 month' + interval '40 days' < now()",
            "INSERT INTO document_access SELECT gen_random_uuid(), 'u' || g, 'doc' || (k % 5), 'DEED', (ARRAY['VIEWED','DOWNLOADED','SHARED'])[1 + k % 3],"
                    + " now() - random() * interval '120 days' FROM generate_series(1, $1) g, generate_series(1, 8) k",
            "INSERT INTO email_events SELECT gen_random_uuid(), 'u' || g, 'e' || (k / 3), null, (ARRAY['SENT','OPENED','CLICKED'])[1 + k % 3],"
                    + " now() - (k * 9 + random()) * interval '1 day' FROM generate_series(1, $1) g, generate_series(0, 11) k",
            "INSERT INTO platform_sessions SELECT gen_random_uuid(), 's' || g || '_' || k, 'u' || g, (ARRAY['STARTED','ENDED'])[1 + k % 2],"
                    + " 'web', CASE WHEN k % 2 = 1 THEN 600 END, now() - (k / 2 * 10 + random()) * interval '1 day' FROM generate_series(1, $1) g, generate_series(0, 5) k",
            "INSERT INTO page_views SELECT gen_random_uuid(), 'u' || g, null, '/page' || (k % 6), now() - random() * interval '45 days'"
                    + " FROM generate_series(1, $1) g, generate_series(1, 15) k",
            "INSERT INTO alert_events SELECT gen_random_uuid(), 'a' || g || '_' || (k / 2), 'u' || g, 'PRICE', (ARRAY['SENT','OPENED'])[1 + k % 2],"
                    + " now() - (k * 10 + random()) * interval '1 day' FROM generate_series(1, $1) g, generate_series(0, 3) k",
            "INSERT INTO searches SELECT gen_random_uuid(), 'u' || g, 'R' || (1 + k), null, 300000, 500000 + k * 1000, 10,"
                    + " now() - random() * interval '90 days' FROM generate_series(1, $1) g, generate_series(1, 3) k",
            "INSERT INTO property_views SELECT gen_random_uuid(), 'u' || g, 'L' || k, 'R' || (1 + k % 20), 450000, (ARRAY['VIEWED','SAVED'])[1 + k % 2],"
                    + " now() - random() * interval '90 days' FROM generate_series(1, $1) g, generate_series(1, 6) k",
            "INSERT INTO transactions SELECT 'T' || g, 'u' || g, 'P' || g, 'A' || (1 + g % 200), 'BUY', 'CLOSED', 200000 + g % 400000,"
                    + " (now() - (30 + g % 7000) * interval '1 day') - interval '45 days', now() - (30 + g % 7000) * interval '1 day', now()"
                    + " FROM generate_series(1, $1) g",
            "INSERT INTO agent_assignments SELECT gen_random_uuid(), 'u' || g, 'A' || (1 + g % 200), now() - (g % 900) * interval '1 day'"
                    + " FROM generate_series(1, $1) g WHERE g % 2 = 0",
            "ANALYZE");

    private BenchmarkData() {
    }

    static void generate(Pool pool, int users, Duration wait) throws Exception {
        for (String sql : STATEMENTS) {
            if (sql.contains("$1")) {
                Blocking.await(pool.preparedQuery(sql).execute(io.vertx.sqlclient.Tuple.of(users)), wait);
            } else {
                Blocking.await(pool.query(sql).execute(), wait);
            }
        }
    }

    static String describe(Pool pool, Duration wait) throws Exception {
        String sql = "SELECT (SELECT count(*) FROM document_access) + (SELECT count(*) FROM email_events) + (SELECT count(*) FROM platform_sessions)"
                + " + (SELECT count(*) FROM page_views) + (SELECT count(*) FROM alert_events) + (SELECT count(*) FROM searches)"
                + " + (SELECT count(*) FROM property_views) AS activity, pg_size_pretty(pg_database_size(current_database())) AS size";
        var row = Blocking.await(pool.query(sql).execute(), wait).iterator().next();
        return String.format("%,d activity rows, database %s", row.getLong("activity"), row.getString("size"));
    }
}
