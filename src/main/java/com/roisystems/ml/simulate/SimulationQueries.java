package com.roisystems.ml.simulate;

import java.util.Arrays;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The SQL the simulation runs besides COPY. */
final class SimulationQueries {

    static final String HOLDS_PLATFORM_DATA =
            "SELECT EXISTS (SELECT 1 FROM users) OR EXISTS (SELECT 1 FROM regions) OR EXISTS (SELECT 1 FROM sim_runs)";

    static final String INSERT_RUN =
            "INSERT INTO sim_runs (seed, users, start_month, months, parameters) VALUES (?, ?, ?, ?, ?::jsonb)";

    /** The homeowners a shift can move: every user, with region, age band and tenant. */
    static final String SHIFT_HOMEOWNERS = "SELECT user_id, region_id, age_band, tenant_id FROM users ORDER BY user_id";

    /** Per region, the latest month published before $1 (what the features read now) and whether its next month is stored. */
    static final String SHIFT_MARKETS = """
            SELECT DISTINCT ON (m.region_id) m.region_id, m.month, m.median_price::float8, m.inventory, m.new_listings,
                   m.closed_sales, m.days_on_market::float8, m.mortgage_rate_30y::float8,
                   EXISTS (SELECT 1 FROM market_data n WHERE n.region_id = m.region_id AND n.month = (m.month + interval '1 month')::date)
            FROM market_data m WHERE m.published_at < ?
            ORDER BY m.region_id, m.month DESC""";

    private SimulationQueries() {
    }

    /** Every table a run writes, in one statement so foreign keys between them do not object. */
    static String truncateAll() {
        return "TRUNCATE " + Stream.concat(Arrays.stream(SimTable.values()).map(SimTable::tableName), Stream.of("sim_runs"))
                .collect(Collectors.joining(", ")) + " RESTART IDENTITY";
    }
}
