package com.roisystems.ml.simulate;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Runs a simulation into a migrated database: by COPY ({@link #load}), or with the activity published to
 * Kafka and only the rows no event carries (regions, agents, users, truth) loaded ({@link #publish}).
 * A database that already holds platform data is refused unless {@code replace}, which empties the
 * platform and truth tables first.
 *
 * <p>{@code SimulationSummary summary = Simulation.load(url, SimulationParameters.defaults(), false, Progress.NONE);}
 */
public final class Simulation {

    private static final Logger log = LoggerFactory.getLogger(Simulation.class);

    private Simulation() {
    }

    public static SimulationSummary load(DatabaseUrl url, SimulationParameters params, boolean replace, Progress progress)
            throws Exception {
        long start = System.nanoTime();
        prepare(url, params, replace);
        try (CopyLoader loader = new CopyLoader(url)) {
            PlatformGenerator.generate(params, loader, progress);
            analyze(url);
            SimulationSummary summary = summary(loader.rowsPerTable(), start);
            log.info("Simulated {} users (seed {}, {} months from {}) into {}: {} rows in {} s", params.users(), params.seed(),
                    params.months(), params.startMonth(), url.describe(), summary.totalRows(), String.format("%.1f", summary.seconds()));
            return summary;
        }
    }

    /**
     * Publishes the run's events to the target's topic, paced and bounded as it says, and loads by COPY only
     * the rows no event carries. The summary counts events as {@code kafka:<event type>}.
     */
    public static SimulationSummary publish(DatabaseUrl url, SimulationParameters params, boolean replace,
                                            KafkaTarget target, Progress progress) throws Exception {
        long start = System.nanoTime();
        prepare(url, params, replace);
        try (CopyLoader loader = new CopyLoader(url);
             KafkaPublisher publisher = new KafkaPublisher(target)) {
            PlatformGenerator.generate(params, new RecordSink() {
                @Override
                public void accept(SimRecord record) throws Exception {
                    if (record.eventType() == null) {
                        loader.accept(record);
                    } else {
                        publisher.accept(record);
                    }
                }

                @Override
                public boolean wantsMore() {
                    return publisher.wantsMore();
                }

                @Override
                public void endPhase(Phase phase) throws Exception {
                    loader.endPhase(phase);
                }
            }, progress);
            publisher.flush();
            Map<String, Long> counts = new LinkedHashMap<>(loader.rowsPerTable());
            publisher.sentPerType().forEach((type, sent) -> counts.put("kafka:" + type, sent));
            return summary(counts, start);
        }
    }

    /**
     * For the demo: simulates {@code params} into an empty database and returns what it loaded, or an empty
     * summary (and touches nothing) when users already exist. The schema must already be migrated.
     */
    public static SimulationSummary seedIfEmpty(DatabaseUrl url, SimulationParameters params) throws Exception {
        if (holdsPlatformData(url)) {
            log.info("Database {} already holds platform data; not seeding", url.describe());
            return SimulationSummary.empty();
        }
        SimulationSummary summary = load(url, params, false, Progress.NONE);
        log.info("Seeded {} with {} users (seed {}): {} rows in {} s", url.describe(), params.users(), params.seed(),
                summary.totalRows(), String.format("%.1f", summary.seconds()));
        return summary;
    }

    static boolean holdsPlatformData(DatabaseUrl url) throws SQLException {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(SimulationQueries.HOLDS_PLATFORM_DATA)) {
            result.next();
            return result.getBoolean(1);
        }
    }

    private static void prepare(DatabaseUrl url, SimulationParameters params, boolean replace) throws SQLException {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement()) {
            if (holdsPlatformData(url)) {
                if (!replace) {
                    // A conflict with what the database holds: the caller decides whether to replace it.
                    throw ServiceFailure.conflict("database " + url.describe() + " already holds platform data; "
                            + "use --replace to delete it and simulate anew");
                }
                log.info("Emptying the platform and truth tables of {} before simulating", url.describe());
                statement.execute(SimulationQueries.truncateAll());
            }
            try (PreparedStatement insert = connection.prepareStatement(SimulationQueries.INSERT_RUN)) {
                insert.setLong(1, params.seed());
                insert.setInt(2, params.users());
                insert.setObject(3, params.startMonth());
                insert.setInt(4, params.months());
                insert.setString(5, params.toJson().encode());
                insert.executeUpdate();
            }
        }
    }

    private static void analyze(DatabaseUrl url) throws SQLException {
        try (Connection connection = Jdbc.connect(url); Statement statement = connection.createStatement()) {
            statement.execute("ANALYZE " + Arrays.stream(SimTable.values()).map(SimTable::tableName).collect(Collectors.joining(", ")));
        }
    }

    private static SimulationSummary summary(Map<String, Long> rows, long startNanos) {
        return new SimulationSummary(rows, (System.nanoTime() - startNanos) / 1e9);
    }
}
