package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.db.Jdbc;
import java.time.Duration;
import com.roisystems.ml.training.ModelTrainer;
import com.roisystems.ml.training.CaliforniaHousing;
import com.roisystems.ml.training.TrainingOptions;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.EnumSet;

/**
 * {@code bench train --users N}: on an isolated embedded database ({@code roi_bench_train}), simulates N users
 * if it is empty, then trains every model type and reports train seconds, the headline metric, the oracle and
 * the gap (on the split by label event and time), the metric on test rows of entities training never saw and, for
 * PROPERTY_VALUE, the interval's coverage, then California Housing RMSE and R². Training rows are capped by each type's
 * {@code max_training_rows} (seeded subsample), contact timing by 1,500 users.
 *
 * <p>{@code java -jar target/roi-ml.jar bench train --users 10000}
 */
public final class TrainBenchmark {

    private TrainBenchmark() {
    }

    public static int run(AppConfig config, CommandLine line) throws Exception {
        int users = line.integer("users", 100_000);
        BenchReport report = BenchReport.start("train");
        AppConfig benchConfig = config.with("pg.embeddedDatabase", "roi_bench_train").with("pg.embeddedPort", 0);
        try (Infrastructure infra = Infrastructure.start(benchConfig, EnumSet.of(Infrastructure.Server.POSTGRES))) {
            AppConfig resolved = infra.config();
            DatabaseUrl database = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(database);
            long started = System.nanoTime();
            var summary = Simulation.seedIfEmpty(database, SimulationParameters.defaults().withUsers(users));
            report.line("data: %s", summary.totalRows() == 0 ? "existing simulated platform"
                    : String.format("simulated %,d users (%,d rows) in %.0f s", users, summary.totalRows(), (System.nanoTime() - started) / 1e9));
            try (var connection = Jdbc.connect(database); var statement = connection.createStatement();
                 var count = statement.executeQuery("SELECT count(*) FROM users")) {
                count.next();
                // An existing bench database may hold another population than --users asked for: report what was trained on.
                users = count.getInt(1);
            }
            Vertx vertx = Vertx.vertx();
            JsonArray models = new JsonArray();
            try {
                ModelTrainer trainer = new ModelTrainer(vertx, PgPools.shared(vertx, resolved.json()), resolved, report::line);
                for (PredictionType type : PredictionType.values()) {
                    ModelTrainer.TrainingResult result = trainer.train(type, TrainingOptions.defaults().withCreatedBy("bench"));
                    JsonObject e = result.model().evaluation();
                    JsonObject metrics = result.model().metrics();
                    Double unseen = unseenValue(metrics, e.getString("metric"));
                    report.line("%-17s rows %,9d  dataset %6.1f s  train %6.1f s  %-14s %.4f  baseline %.4f  oracle %s  gap %s", type,
                            result.datasetRows(), result.datasetSeconds(), result.model().trainSeconds(), e.getString("metric"),
                            e.getDouble("value"), e.getDouble("baseline"), e.getValue("oracle"), e.getValue("gap"));
                    report.line("%-17s unseen entities: %s rows, %s %s; test entities seen in training %.1f%%%s", "",
                            metrics.getJsonObject("unseen_entities").getValue("rows"), e.getString("metric"), unseen,
                            100 * metrics.getDouble("test_entities_seen_share"), metrics.getDouble("interval_coverage") == null ? ""
                                    : String.format("; 90%% interval covers %.1f%% of test rows", 100 * metrics.getDouble("interval_coverage")));
                    models.add(new JsonObject().put("type", type.name()).put("train_s", BenchReport.round(result.model().trainSeconds()))
                            .put("metric", e.getString("metric")).put("value", round4(e.getDouble("value")))
                            .put("oracle", e.getDouble("oracle") == null ? null : round4(e.getDouble("oracle")))
                            .put("gap", e.getDouble("gap") == null ? null : round4(e.getDouble("gap")))
                            .put("unseen_value", unseen == null ? null : round4(unseen))
                            .put("test_entities_seen_share", round4(metrics.getDouble("test_entities_seen_share")))
                            .put("interval_coverage", metrics.getDouble("interval_coverage") == null ? null : round4(metrics.getDouble("interval_coverage"))));
                }
            } finally {
                Blocking.await(vertx.close(), Duration.ofMinutes(1));
            }
            JsonObject california = CaliforniaHousing.evaluate(CaliforniaHousing.PARAMETERS);
            report.line("California Housing (seeded 80/20, %d test rows): RMSE %.4f ($100k), R2 %.4f, train %.1f s",
                    california.getInteger("test_rows"), california.getDouble("rmse"), california.getDouble("r2"), california.getDouble("train_s"));
            report.finish(new JsonObject().put("users", users).put("models", models)
                    .put("california_rmse", round4(california.getDouble("rmse"))).put("california_r2", round4(california.getDouble("r2"))));
            return 0;
        }
    }

    /** The headline metric on test rows whose entity training never saw (null when there are none). */
    private static Double unseenValue(JsonObject metrics, String metric) {
        JsonObject unseen = metrics.getJsonObject("unseen_entities").getJsonObject("metrics");
        return unseen == null ? null : unseen.getDouble(metric);
    }

    private static double round4(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
