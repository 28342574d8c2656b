package com.roisystems.ml.pipeline;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.LocalDate;

/** A small simulated platform for pipeline tests, and plain JDBC reads of what a run left behind. */
final class PipelineFixture {

    static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(250).withMonths(24).withSeed(5);
    /** Inside the simulated period, so windows hold activity. */
    static final LocalDate AS_OF = LocalDate.of(2024, 9, 1);

    private PipelineFixture() {
    }

    static void simulate(DatabaseUrl url) throws Exception {
        Simulation.load(url, PLATFORM, false, Progress.NONE);
    }

    static long count(DatabaseUrl url, String sql) throws Exception {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(sql)) {
            result.next();
            return result.getLong(1);
        }
    }

    static void execute(DatabaseUrl url, String sql) throws Exception {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
