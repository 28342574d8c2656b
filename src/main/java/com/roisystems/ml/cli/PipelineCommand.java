package com.roisystems.ml.cli;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.RedisClients;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.OnlineStore;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.pipeline.PipelineListener;
import com.roisystems.ml.pipeline.PipelineMetrics;
import com.roisystems.ml.pipeline.PipelineOptions;
import com.roisystems.ml.pipeline.PipelineRunner;
import com.roisystems.ml.pipeline.PipelineTask;
import com.roisystems.ml.pipeline.RunRecord;
import com.roisystems.ml.pipeline.RunStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.redis.client.Redis;

import java.io.PrintStream;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Function;

/**
 * {@code pipeline run [--as-of DATE]} and {@code pipeline backfill --from DATE --to DATE}: runs the daily
 * feature pipeline once from the command line, printing a line per task as it ends. Another instance
 * (the service) running the same date is detected by the advisory lock and refused.
 *
 * <p>{@code java -jar target/roi-ml.jar pipeline backfill --from 2025-05-01 --to 2025-05-07}
 */
public final class PipelineCommand implements Command {

    public static final Set<String> VALUE_OPTIONS = Set.of("as-of", "from", "to");
    private static final Duration WAIT = Duration.ofHours(12);

    @Override
    public String name() {
        return "pipeline";
    }

    @Override
    public String summary() {
        return "run the daily feature pipeline now: pipeline run [--as-of DATE] | pipeline backfill --from D --to D";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml pipeline run [--as-of YYYY-MM-DD]
                       roi-ml pipeline backfill --from YYYY-MM-DD --to YYYY-MM-DD

                Runs the feature pipeline (extract, compute per category in parallel, validate, store,
                statistics) against PG_URL (or the embedded PostgreSQL) with the retries, timeout and
                quality gates of the pipeline config section, and prints one line per task. run defaults
                to today (UTC); a backfill runs each date oldest first. Exit code 1 if a run did not succeed.
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        String action = line.positional().isEmpty() ? "" : line.positional().get(0);
        if (!action.equals("run") && !action.equals("backfill")) {
            throw new UsageException("pipeline: say 'run' or 'backfill'");
        }
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Function<PipelineRunner, Future<List<RunRecord>>> operation = action.equals("run")
                ? runner -> runner.run(line.date("as-of", today), "cli").map(List::of)
                : runner -> runner.backfillAndWait(required(line, "from"), required(line, "to"), "cli");
        List<RunRecord> runs = execute(config, operation, System.out);
        runs.forEach(run -> System.out.printf(Locale.ROOT, "Run %d as of %s: %s%s%n", run.runId(), run.asOf(), run.status(),
                run.error() == null ? ", " + run.rowsWritten() + " vectors written" : " - " + run.error()));
        return runs.stream().allMatch(run -> run.status() == RunStatus.SUCCEEDED) ? 0 : 1;
    }

    private static LocalDate required(CommandLine line, String option) {
        LocalDate date = line.date(option, null);
        if (date == null) {
            throw new UsageException("pipeline backfill needs --" + option + " YYYY-MM-DD");
        }
        return date;
    }

    /** Starts the servers the pipeline needs, runs {@code operation} and prints progress to {@code out}. */
    public static List<RunRecord> execute(AppConfig config, Function<PipelineRunner, Future<List<RunRecord>>> operation, PrintStream out)
            throws Exception {
        try (Infrastructure infra = Infrastructure.start(config, EnumSet.of(Infrastructure.Server.POSTGRES, Infrastructure.Server.REDIS))) {
            AppConfig resolved = infra.config();
            Migrations.apply(DatabaseUrl.parse(resolved.string("pg.url")));
            Vertx vertx = ServiceRuntime.createVertx();
            Redis redis = Redis.createClient(vertx, RedisClients.options(resolved.section("redis")));
            try {
                PipelineOptions options = PipelineOptions.fromJson(resolved.section("pipeline"));
                OnlineStore store = new OnlineStore(redis, 0, 0, resolved.json().getJsonObject("features", new JsonObject())
                        .getLong("onlineTtlSeconds", 172_800L));
                PipelineRunner runner = Blocking.await(PipelineRunner.create(vertx, PgPools.shared(vertx, resolved.json()), store,
                        options, PipelineMetrics.create(), progress(out)), Duration.ofMinutes(2));
                // A killed earlier command left its run RUNNING: mark it INTERRUPTED so the date can run again.
                Blocking.await(runner.recoverInterrupted(), Duration.ofMinutes(1))
                        .forEach(runId -> out.printf(Locale.ROOT, "  run %d was left RUNNING by a dead process: marked INTERRUPTED%n", runId));
                return Blocking.await(operation.apply(runner), WAIT);
            } catch (ServiceFailure e) {
                // A refused date or range is the user's to fix; an unavailable database is not a usage error.
                if (e.httpStatus() >= 500) {
                    throw e;
                }
                throw new UsageException(e.getMessage());
            } finally {
                redis.close();
                Blocking.await(vertx.close(), Duration.ofSeconds(30));
            }
        }
    }

    private static PipelineListener progress(PrintStream out) {
        return new PipelineListener() {
            @Override
            public Future<Void> beforeAttempt(long runId, PipelineTask task, int attempt) {
                if (attempt > 1) {
                    out.printf(Locale.ROOT, "  run %d  %-22s retry %d%n", runId, task.taskName(), attempt - 1);
                }
                return Future.succeededFuture();
            }

            @Override
            public void taskEnded(long runId, PipelineTask task, String status, long rows, long millis, String error) {
                out.printf(Locale.ROOT, "  run %d  %-22s %-9s %,10d rows %8.1f s%s%n", runId, task.taskName(), status, rows,
                        millis / 1000.0, error == null ? "" : "  " + error);
            }
        };
    }
}
