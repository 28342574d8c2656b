package com.roisystems.ml.cli;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.simulate.SimulationSummary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.LocalDate;

/** What {@code demo} puts into an empty database before it serves: the synthetic platform. */
final class DemoSeeding {

    private static final Logger log = LoggerFactory.getLogger(DemoSeeding.class);

    private DemoSeeding() {
    }

    /**
     * {@code auto}: the simulated history ends with the current month, so "as of now" features and
     * predictions describe recent behaviour rather than a past the demo user never sees.
     */
    static LocalDate startMonth(AppConfig config) {
        String configured = config.string("simulate.startMonth");
        int months = config.integer("simulate.months");
        if (configured.isBlank() || configured.equals("auto")) {
            return SimulationParameters.monthsEndingNow(months);
        }
        try {
            return SimulationParameters.parseMonth(configured);
        } catch (RuntimeException e) {
            throw new ConfigException("simulate.startMonth must be 'auto' or a first-of-month date like 2023-01-01, got '" + configured + "'");
        }
    }

    static void seedIfEmpty(AppConfig config) {
        DatabaseUrl database = DatabaseUrl.parse(config.string("pg.url"));
        SimulationParameters parameters = SimulationParameters.defaults()
                .withUsers(config.integer("simulate.users"))
                .withSeed(config.integer("simulate.seed"))
                .withMonths(config.integer("simulate.months"))
                .withStartMonth(startMonth(config));
        try {
            SimulationSummary summary = Simulation.seedIfEmpty(database, parameters);
            if (summary == null || summary.rowsPerTable().isEmpty()) {
                log.info("Demo database {} already holds a platform; not simulating again", database.describe());
            } else {
                log.info("Simulated {} users into {}", parameters.users(), database.describe());
            }
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("seeding the demo platform failed: " + e.getMessage(), e);
        }
    }
}
