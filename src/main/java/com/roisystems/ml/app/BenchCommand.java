package com.roisystems.ml.app;

import com.roisystems.ml.features.FeatureBenchmark;

/** {@code bench NAME}: run a benchmark by its first positional word ({@code features}). */
public final class BenchCommand implements Command {

    @Override
    public String name() {
        return "bench";
    }

    @Override
    public String summary() {
        return "run a benchmark: bench features [--users N] [--iterations N]";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml bench features [--users N] [--iterations N]

                features  full-vector latency (PostgreSQL, online store, point in time) and backfill
                          throughput, on PG_URL's data or a generated platform of N users (default
                          100000) when the database is empty. Ends with one BENCH {...} line.
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        String which = line.positional().isEmpty() ? "" : line.positional().get(0);
        return switch (which) {
            case "features" -> FeatureBenchmark.run(config, line);
            default -> throw new UsageException("unknown benchmark '" + which + "' (known: features)");
        };
    }
}
