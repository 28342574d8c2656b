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

    private SimulationQueries() {
    }

    /** Every table a run writes, in one statement so foreign keys between them do not object. */
    static String truncateAll() {
        return "TRUNCATE " + Stream.concat(Arrays.stream(SimTable.values()).map(SimTable::tableName), Stream.of("sim_runs"))
                .collect(Collectors.joining(", ")) + " RESTART IDENTITY";
    }
}
