package com.roisystems.ml.cli;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.simulate.ExpectedDrift;
import com.roisystems.ml.simulate.ProgressBar;
import com.roisystems.ml.simulate.Shift;
import com.roisystems.ml.simulate.ShiftOptions;
import com.roisystems.ml.simulate.ShiftScenario;
import com.roisystems.ml.simulate.SimulationSummary;
import com.roisystems.ml.simulate.KafkaTarget;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.Infrastructure;

import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code simulate}: generate the synthetic platform and load it by COPY, or publish its activity to Kafka; or, with
 * {@code --shift SCENARIO}, publish a realistic change of the simulated world to Kafka.
 *
 * <p>{@code java -jar target/roi-ml.jar simulate --users 100000 --seed 7 --replace}
 */
public final class SimulateCommand implements Command {

    public static final Set<String> VALUE_OPTIONS = Set.of("users", "seed", "months", "start-month", "regions", "rate", "max-events",
            "shift", "region", "cohort-users", "rate-points");
    public static final Set<String> FLAG_OPTIONS = Set.of("replace", "to-kafka");

    @Override
    public String name() {
        return "simulate";
    }

    @Override
    public String summary() {
        return "generate the synthetic platform (with its ground truth) into PostgreSQL or onto Kafka";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml simulate [--users N] [--seed S] [--months M] [--start-month YYYY-MM]
                                       [--regions R] [--replace] [--to-kafka [--rate N] [--max-events N]]

                Generates a deterministic synthetic platform — regions, agents, homeowners, homes, market
                statistics, activity, transactions — and its recorded ground truth (sim_* tables), and loads
                it into PG_URL (or the embedded PostgreSQL under DATA_DIR) with COPY. The same options give
                byte-identical data.

                  --users N         homeowners to simulate (default SIM_USERS or 10000)
                  --seed S          random seed (default SIM_SEED or 42)
                  --months M        simulated months (default 36)
                  --start-month M   first simulated month, 2023-01 or 2023-01-01 (default 2023-01-01)
                  --regions R       housing markets (default 20)
                  --replace         delete existing platform and truth data first; without it a database
                                    that already holds platform data is refused
                  --to-kafka        publish the activity as events on kafka.activityTopic (KAFKA_ACTIVITY_TOPIC)
                                    instead of loading it; regions, agents, users and truth are still loaded
                  --rate N          with --to-kafka: at most N events per second (default: as fast as possible)
                  --max-events N    with --to-kafka: stop after N events

                Progress goes to stderr; the row counts per table and rows/s are printed at the end.

                Usage: roi-ml simulate --shift SCENARIO [--seed S] [--region R] [--cohort-users N] [--rate-points P]

                Publishes a realistic change of the simulated world onto kafka.activityTopic, through ingestion like
                any producer (the database is only read), so model monitoring can be seen to notice it. Prints the
                events sent and the features expected to drift (derived from the feature definitions that read the
                fields the scenario moves).

                  mortgage-rate-shock   the 30-year rate jumps by --rate-points (default 2.5); sales and new listings
                                        fall, inventory and days on market rise; every homeowner gets an alert
                  engagement-collapse   the homeowners of --region (default: the largest) stop opening emails and
                                        alerts while the platform keeps sending
                  young-cohort          --cohort-users (default 500) young first-time owners register, with homes,
                                        mortgages and activity
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        if (line.has("shift")) {
            return shift(line, config);
        }
        for (String option : List.of("region", "cohort-users", "rate-points")) {
            if (line.has(option)) {
                throw new UsageException("--" + option + " only applies with --shift");
            }
        }
        SimulationParameters params = parameters(line, config);
        boolean toKafka = line.flag("to-kafka");
        if (!toKafka && (line.has("rate") || line.has("max-events"))) {
            throw new UsageException("--rate and --max-events only apply with --to-kafka");
        }
        EnumSet<Infrastructure.Server> servers = toKafka
                ? EnumSet.of(Infrastructure.Server.POSTGRES, Infrastructure.Server.KAFKA)
                : EnumSet.of(Infrastructure.Server.POSTGRES);
        try (Infrastructure infra = Infrastructure.start(config, servers)) {
            AppConfig resolved = infra.config();
            DatabaseUrl url = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(url);
            ProgressBar bar = new ProgressBar(System.err);
            SimulationSummary summary;
            try {
                summary = toKafka
                        ? Simulation.publish(url, params, line.flag("replace"), new KafkaTarget(resolved.string("kafka.bootstrapServers"),
                        resolved.string("kafka.activityTopic"), resolved.integer("kafka.partitions"), line.decimal("rate", 0),
                        line.longValue("max-events", 0)), bar)
                        : Simulation.load(url, params, line.flag("replace"), bar);
            } catch (ServiceFailure e) {
                throw e.code() == FailureCode.CONFLICT ? new ConfigException(e.getMessage()) : e;
            } finally {
                bar.finish();
            }
            System.out.printf("Simulated %,d users over %d months from %s (seed %d) into %s:%n%s%n", params.users(),
                    params.months(), params.startMonth(), params.seed(), url.describe(), summary.describe());
        }
        return 0;
    }

    private static int shift(CommandLine line, AppConfig config) throws Exception {
        for (String option : List.of("users", "months", "start-month", "regions", "rate", "max-events")) {
            if (line.has(option)) {
                throw new UsageException("--" + option + " does not apply with --shift");
            }
        }
        if (line.flag("replace") || line.flag("to-kafka")) {
            throw new UsageException("--replace and --to-kafka do not apply with --shift (a shift is always published to Kafka)");
        }
        ShiftScenario scenario;
        ShiftOptions options;
        try {
            scenario = ShiftScenario.named(line.string("shift", ""));
            ShiftOptions defaults = ShiftOptions.defaults();
            options = new ShiftOptions(line.has("region") ? line.string("region", null) : null,
                    line.integer("cohort-users", defaults.cohortUsers()), line.decimal("rate-points", defaults.ratePoints()),
                    line.longValue("seed", defaults.seed()));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        if (options.region() != null && !scenario.name().equals("engagement-collapse")) {
            throw new UsageException("--region only applies to engagement-collapse");
        }
        try (Infrastructure infra = Infrastructure.start(config, EnumSet.of(Infrastructure.Server.POSTGRES, Infrastructure.Server.KAFKA))) {
            AppConfig resolved = infra.config();
            DatabaseUrl url = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(url);
            Shift.ShiftSummary summary;
            try {
                summary = Shift.publish(url, scenario, options, new KafkaTarget(resolved.string("kafka.bootstrapServers"),
                        resolved.string("kafka.activityTopic"), resolved.integer("kafka.partitions"), 0, 0), Instant.now());
            } catch (IllegalArgumentException | IllegalStateException e) {
                throw new ConfigException(e.getMessage());
            }
            ExpectedDrift expected = ExpectedDrift.of(scenario, FeatureCatalog.standard());
            System.out.printf("Shift %s (seed %d) started %s: %s%n", scenario.name(), options.seed(), summary.startedAt(), scenario.story());
            System.out.printf("Published %,d events to %s in %.1f s: %s%n", summary.events(), resolved.string("kafka.activityTopic"),
                    summary.seconds(), summary.eventsPerType());
            System.out.printf("Moves %s%n", String.join(", ", scenario.movedFields()));
            System.out.printf("Features expected to drift (%d): %s%n", expected.features().size(), String.join(", ", expected.features()));
            expected.unmovable().forEach((feature, why) -> System.out.printf("  not expected: %s (%s)%n", feature, why));
            System.out.printf("May also drift where the shift refreshed a user's online features (time of the as-of): %s%n",
                    String.join(", ", expected.asOfTime()));
            if (!expected.sideEffects().isEmpty()) {
                System.out.printf("May also drift as a side effect (%s): %s%n", String.join("; ", scenario.sideEffects().values().stream().distinct().toList()),
                        String.join(", ", expected.sideEffects()));
            }
            System.out.println("Drift shows once predictions are served and their monitoring window closes (monitoring.windowSeconds): "
                    + "GET /v1/models/{model_name}/health then reports drift_detected, and ml_monitoring.feature_drift names the drifted features.");
        }
        return 0;
    }

    /** Options first, then the {@code simulate} config section, then the defaults; invalid values are usage errors. */
    public static SimulationParameters parameters(CommandLine line, AppConfig config) {
        SimulationParameters defaults = SimulationParameters.defaults();
        try {
            int users = line.integer("users", configInt(config, "simulate.users", defaults.users()));
            long seed = line.longValue("seed", configInt(config, "simulate.seed", (int) defaults.seed()));
            int months = line.integer("months", configInt(config, "simulate.months", defaults.months()));
            int regions = line.integer("regions", defaults.regions());
            String start = line.string("start-month", config.string("simulate.startMonth"));
            return new SimulationParameters(users, seed,
                    start.isBlank() || start.equals("auto") ? SimulationParameters.monthsEndingNow(months) : SimulationParameters.parseMonth(start),
                    months, regions);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    private static int configInt(AppConfig config, String path, int fallback) {
        return config.string(path).isBlank() ? fallback : config.integer(path);
    }
}
