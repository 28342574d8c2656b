package com.roisystems.ml.simulate;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.testing.TestDatabase;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulator tests measure, computed from the loaded tables by SQL rather than from the model's parameters. */
final class SimulationMeasures {

    /** Month starts whose 60 days before and 90 days after lie inside the run. */
    private static final String STUDY_MONTHS = """
            SELECT generate_series(?::date + interval '2 months', ?::date - interval '3 months', interval '1 month') AS m""";

    private static final String ENGAGEMENT = """
            WITH months AS (%s),
            activity AS (
                SELECT user_id, occurred_at FROM document_access
                UNION ALL SELECT user_id, occurred_at FROM searches
                UNION ALL SELECT user_id, occurred_at FROM property_views
                UNION ALL SELECT user_id, occurred_at FROM alert_events WHERE action = 'CLICKED'),
            engagement AS (
                SELECT u.user_id, ms.m, count(a.user_id) AS n
                FROM users u CROSS JOIN months ms
                LEFT JOIN activity a ON a.user_id = u.user_id
                    AND a.occurred_at >= ms.m - interval '60 days' AND a.occurred_at < ms.m
                GROUP BY u.user_id, ms.m),
            labelled AS (
                SELECT e.n, EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = e.user_id
                    AND t.opened_at >= e.m AND t.opened_at < e.m + interval '90 days') AS transacts
                FROM engagement e)
            SELECT avg(n) FILTER (WHERE transacts), avg(n) FILTER (WHERE NOT transacts) FROM labelled""".formatted(STUDY_MONTHS);

    private static final String ORACLE = """
            WITH months AS (%s)
            SELECT s.p_transact_90d, EXISTS (SELECT 1 FROM transactions t WHERE t.user_id = s.user_id
                AND t.opened_at >= s.month AND t.opened_at < s.month + interval '90 days')
            FROM sim_user_month_truth s JOIN months ms ON s.month = ms.m""".formatted(STUDY_MONTHS);

    private SimulationMeasures() {
    }

    /** One md5 over every row of every simulated table (sim_runs aside: its id and timestamp are the server's). */
    static Map<String, String> tableHashes(DatabaseUrl url) throws Exception {
        return TestDatabase.of(url).withConnection(database -> {
            Map<String, String> hashes = new LinkedHashMap<>();
            for (SimTable table : SimTable.values()) {
                hashes.put(table.tableName(), database.queryForObject("SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM "
                        + table.tableName() + " t", String.class));
            }
            return hashes;
        });
    }

    /** Mean engagement in the 60 days before a month start: {transacting within 90 days, not transacting}. */
    static double[] engagementBeforeTransactions(DatabaseUrl url, SimulationParameters params) throws Exception {
        return TestDatabase.of(url).query(ENGAGEMENT, result -> new double[]{result.getDouble(1), result.getDouble(2)},
                params.startMonth(), params.endMonth()).get(0);
    }

    /** Per user-month: {p_transact_90d, 1 if a transaction opened within 90 days else 0}. */
    static List<double[]> oracleScores(DatabaseUrl url, SimulationParameters params) throws Exception {
        return TestDatabase.of(url).query(ORACLE, result -> new double[]{result.getDouble(1), result.getBoolean(2) ? 1 : 0},
                params.startMonth(), params.endMonth());
    }
}
