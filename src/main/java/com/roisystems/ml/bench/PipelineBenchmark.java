package com.roisystems.ml.bench;

import java.time.Duration;
import com.roisystems.ml.pipeline.RunStatus;
import com.roisystems.ml.cli.PipelineCommand;
import com.roisystems.ml.pipeline.RunRecord;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import io.vertx.core.json.JsonObject;

import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.EnumSet;
import java.util.List;

/**
 * {@code bench pipeline --users N}: wall time of one full pipeline run (all 108 features for every user,
 * gates, store with online refresh, statistics) on an isolated embedded database per user count
 * ({@code roi_bench_pipeline_N}), simulated on first use. Rows are vectors written to {@code ml_feature_values}
 * (one per user; values = rows x 108).
 *
 * <p>{@code java -jar target/roi-ml.jar bench pipeline --users 100000}
 */
public final class PipelineBenchmark {

    private PipelineBenchmark() {
    }

    public static int run(AppConfig config, CommandLine line) throws Exception {
        int users = line.integer("users", 100_000);
        BenchReport report = BenchReport.start("pipeline");
        SimulationParameters params = SimulationParameters.defaults().withUsers(users);
        // The simulated period's last day: every window is full of activity.
        LocalDate asOf = params.endMonth().minusDays(1);
        AppConfig benchConfig = config.with("pg.embeddedDatabase", "roi_bench_pipeline_" + users).with("pg.embeddedPort", 0)
                .with("redis.embeddedPort", 0).with("pipeline.runTimeoutMs", 7_200_000);
        try (Infrastructure infra = Infrastructure.start(benchConfig, EnumSet.of(Infrastructure.Server.POSTGRES))) {
            DatabaseUrl database = DatabaseUrl.parse(infra.config().string("pg.url"));
            Migrations.apply(database);
            if (Simulation.seedIfEmpty(database, params).totalRows() > 0) {
                report.line("simulated %,d users into %s", users, database.describe());
            } else {
                report.line("using the platform already simulated in %s", database.describe());
            }
        }
        report.line("run as of %s, %s", asOf, "load average before: " + loadAverage());
        long started = System.nanoTime();
        List<RunRecord> runs = PipelineCommand.execute(benchConfig, runner -> runner.run(asOf, "bench").map(List::of), System.out);
        double wall = (System.nanoTime() - started) / 1e9;
        RunRecord run = runs.get(0);
        if (run.status() != RunStatus.SUCCEEDED) {
            report.line("run %d %s: %s", run.runId(), run.status(), run.error());
            return 1;
        }
        long rows = run.rowsWritten();
        double runSeconds = Duration.between(run.startedAt(), run.finishedAt()).toMillis() / 1000.0;
        report.line("run %d: %,d vectors (%,d values) in %.1f s of run time, %.1f s wall including start-up; load average after: %s",
                run.runId(), rows, rows * 108, runSeconds, wall, loadAverage());
        report.finish(new JsonObject().put("users", users).put("wall_s", BenchReport.round(runSeconds))
                .put("rows_written", rows).put("rows_per_s", Math.round(rows / runSeconds))
                .put("values_per_s", Math.round(rows * 108 / runSeconds)));
        return 0;
    }

    private static String loadAverage() {
        return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
}
