package com.roisystems.ml.bench;

import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.cli.Command;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.config.AppConfig;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * {@code bench NAME [options]}: the product's benchmarks, one convention (BENCH.md): embedded servers
 * unless configured, a readable report, one closing {@code BENCH {json}} line.
 */
public final class BenchCommand implements Command {

    /** A benchmark: its one-line summary and how to run it. */
    public interface Benchmark {
        String summary();

        int run(AppConfig config, CommandLine line) throws Exception;
    }

    public static final Set<String> VALUE_OPTIONS = Set.of("events", "rate", "seconds", "users", "instances", "rows", "trees", "levels", "duration", "iterations", "eval", "shap-rows", "runs", "shapes", "window", "kills", "hostile", "predict-rate", "nodes");

    private static final Map<String, Benchmark> BENCHMARKS = new LinkedHashMap<>();

    static {
        BENCHMARKS.put("ingest", new IngestBenchmark());
        BENCHMARKS.put("features", benchmark("online and PostgreSQL feature-vector latency, point in time, backfill throughput",
                FeatureBenchmark::run));
        BENCHMARKS.put("predict", new PredictBenchmark());
        BENCHMARKS.put("scoring", benchmark("compiled ensembles and TreeSHAP vs Smile, per row",
                (config, line) -> ScoringBenchmark.run(line.raw().toArray(String[]::new))));
        BENCHMARKS.put("pipeline", benchmark("one full daily feature pipeline run: wall time and vectors/s", PipelineBenchmark::run));
        BENCHMARKS.put("train", benchmark("training time per model type, test metric vs oracle, California Housing RMSE", TrainBenchmark::run));
        BENCHMARKS.put("drift", new DriftBenchmark());
        BENCHMARKS.put("faults", new FaultBenchmark());
        BENCHMARKS.put("cluster", new ClusterBenchmark());
    }

    private interface Runner {
        int run(AppConfig config, CommandLine line) throws Exception;
    }

    private static Benchmark benchmark(String summary, Runner runner) {
        return new Benchmark() {
            @Override
            public String summary() {
                return summary;
            }

            @Override
            public int run(AppConfig config, CommandLine line) throws Exception {
                return runner.run(config, line);
            }
        };
    }

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "run a benchmark: " + String.join(", ", BENCHMARKS.keySet());
    }

    @Override
    public String help() {
        StringBuilder text = new StringBuilder("""
                Usage: roi-ml bench NAME [options]

                Runs on embedded servers unless PG_URL / REDIS_URL / KAFKA_BOOTSTRAP_SERVERS are set, prints a
                report, and ends with one line: BENCH {json}.

                Benchmarks:
                """);
        BENCHMARKS.forEach((name, benchmark) -> text.append(String.format("  %-10s %s%n", name, benchmark.summary())));
        text.append("""

                Options (each benchmark uses those that apply):
                  --events N      events to ingest (ingest; default 1,000,000)
                  --rate N        events/s for the latency phase (ingest; default 10,000)
                  --seconds N     duration of a timed phase
                  --instances N   verticle instances (ingest consumers)
                  --users N       simulated users (features, pipeline, train, predict, drift)
                  --window N      monitoring window in seconds (drift; default 10; --rate predictions/s, default 100)
                  --kills N       kill -9 restarts while events flow (faults; default 3; --events default 1,000,000,
                                  --rate events/s default 5,000, --predict-rate default 100, --hostile requests default 10,000)
                  --nodes N       engine JVMs in one cluster, N >= 2 (cluster; default 3; --events default 150,000, --rate
                                  default 2,500, --users default 1,000, --predict-rate per node default 50). The nodes share
                                  this machine's cores: it measures correctness and coordination cost, not speed-up
                """);
        return text.toString();
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        if (line.positional().isEmpty()) {
            throw new UsageException("name a benchmark: " + String.join(", ", BENCHMARKS.keySet()));
        }
        Benchmark benchmark = BENCHMARKS.get(line.positional().get(0));
        if (benchmark == null) {
            throw new UsageException("unknown benchmark '" + line.positional().get(0) + "'; choose one of " + String.join(", ", BENCHMARKS.keySet()));
        }
        return benchmark.run(config, line);
    }
}
