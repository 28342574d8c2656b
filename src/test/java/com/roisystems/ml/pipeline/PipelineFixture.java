package com.roisystems.ml.pipeline;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;

import java.time.LocalDate;

/** A small simulated platform for pipeline tests. */
final class PipelineFixture {

    static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(250).withMonths(24).withSeed(5);
    /** Inside the simulated period, so windows hold activity. */
    static final LocalDate AS_OF = LocalDate.of(2024, 9, 1);

    private PipelineFixture() {
    }

    static void simulate(DatabaseUrl url) throws Exception {
        Simulation.load(url, PLATFORM, false, Progress.NONE);
    }
}
