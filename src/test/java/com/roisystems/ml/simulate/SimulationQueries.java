package com.roisystems.ml.simulate;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the simulator tests measure, computed from the loaded tables by SQL rather than from the model's parameters. */
final class SimulationQueries {

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

    private SimulationQueries() {
    }

    static long count(DatabaseUrl url, String table) throws Exception {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery("SELECT count(*) FROM " + table)) {
            result.next();
            return result.getLong(1);
        }
    }

    /** One md5 over every row of every simulated table (sim_runs aside: its id and timestamp are the server's). */
    static Map<String, String> tableHashes(DatabaseUrl url) throws Exception {
        Map<String, String> hashes = new LinkedHashMap<>();
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement()) {
            for (SimTable table : SimTable.values()) {
                try (ResultSet result = statement.executeQuery("SELECT md5(string_agg(t::text, ',' ORDER BY t::text)) FROM "
                        + table.tableName() + " t")) {
                    result.next();
                    hashes.put(table.tableName(), result.getString(1));
                }
            }
        }
        return hashes;
    }

    /** Mean engagement in the 60 days before a month start: {transacting within 90 days, not transacting}. */
    static double[] engagementBeforeTransactions(DatabaseUrl url, SimulationParameters params) throws Exception {
        try (Connection connection = Jdbc.connect(url); PreparedStatement query = connection.prepareStatement(ENGAGEMENT)) {
            bindMonths(query, params);
            try (ResultSet result = query.executeQuery()) {
                result.next();
                return new double[]{result.getDouble(1), result.getDouble(2)};
            }
        }
    }

    /** Per user-month: {p_transact_90d, 1 if a transaction opened within 90 days else 0}. */
    static List<double[]> oracleScores(DatabaseUrl url, SimulationParameters params) throws Exception {
        List<double[]> scored = new ArrayList<>();
        try (Connection connection = Jdbc.connect(url); PreparedStatement query = connection.prepareStatement(ORACLE)) {
            bindMonths(query, params);
            try (ResultSet result = query.executeQuery()) {
                while (result.next()) {
                    scored.add(new double[]{result.getDouble(1), result.getBoolean(2) ? 1 : 0});
                }
            }
        }
        return scored;
    }

    private static void bindMonths(PreparedStatement query, SimulationParameters params) throws Exception {
        query.setObject(1, params.startMonth());
        query.setObject(2, params.endMonth());
    }
}
