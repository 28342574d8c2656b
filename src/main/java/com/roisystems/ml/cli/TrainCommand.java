package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Blocking;
import java.time.Duration;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.TrainingOptions;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.infra.Infrastructure;
import io.vertx.core.Vertx;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code train --type MOVE_PROBABILITY|TRANSACTION_TYPE|CONTACT_TIMING|PROPERTY_VALUE|ALL [--promote Staging|Production]
 * [--users-limit N] [--cutoffs N] [--min-history-months N]}: trains on the configured (or embedded) database, prints progress, registers each
 * model and optionally promotes it.
 *
 * <p>{@code java -jar target/roi-ml.jar train --type ALL --promote Staging --users-limit 20000}
 */
public final class TrainCommand implements Command {

    public static final Set<String> VALUE_OPTIONS = Set.of("type", "promote", "users-limit", "cutoffs", "min-history-months");

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "train, evaluate and register models (MOVE_PROBABILITY, TRANSACTION_TYPE, CONTACT_TIMING, PROPERTY_VALUE or ALL)";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml train --type TYPE|ALL [--promote Staging|Production] [--users-limit N] [--cutoffs N] [--min-history-months N]

                Builds a point-in-time training set from the platform tables, trains a Smile gradient-boosted model,
                evaluates it on the latest cut-offs (with the oracle when the data is simulated), registers it and,
                with --promote, promotes it. Hyper-parameters come from the configuration section training.<TYPE>.
                --min-history-months N (0-120) overrides training.minHistoryMonths: the months of data required before
                the first cut-off (0 for a history whose records all start at one date).
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        String type = line.string("type", null);
        if (type == null) {
            throw new UsageException("--type is required: MOVE_PROBABILITY, TRANSACTION_TYPE, CONTACT_TIMING, PROPERTY_VALUE or ALL");
        }
        List<PredictionType> types;
        TrainingOptions options;
        try {
            types = type.equalsIgnoreCase("ALL") ? List.of(PredictionType.values()) : List.of(PredictionType.parse(type));
            options = TrainingOptions.defaults().withCreatedBy("cli").withPromote(TrainingOptions.parsePromote(line.string("promote", null)))
                    .withUsersLimit(line.integer("users-limit", Integer.MAX_VALUE)).withCutoffs(line.integer("cutoffs", 0));
            if (line.has("min-history-months")) {
                options = options.withMinHistoryMonths(line.integer("min-history-months", 0));
            }
        } catch (ServiceFailure | IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        try (Infrastructure infra = Infrastructure.start(config, EnumSet.of(Infrastructure.Server.POSTGRES))) {
            AppConfig resolved = infra.config();
            Migrations.apply(DatabaseUrl.parse(resolved.string("pg.url")));
            Vertx vertx = Vertx.vertx();
            try {
                ModelTrainer trainer = new ModelTrainer(vertx, PgPools.shared(vertx, resolved.json()), resolved, System.out::println);
                for (PredictionType each : types) {
                    ModelTrainer.TrainingResult result = trainer.train(each, options);
                    System.out.printf("%s %s %s: %s%n", each.modelName(), result.version().label(), result.version().stage().display(),
                            result.model().evaluation().encode());
                }
                return 0;
            } catch (ServiceFailure e) {
                System.out.println("training refused: " + e.getMessage());
                return 2;
            } finally {
                Blocking.await(vertx.close(), Duration.ofMinutes(1));
            }
        }
    }
}
