package com.roisystems.ml.simulate;

import java.util.TreeMap;
import java.util.Collections;
import java.util.Map;

/**
 * What a simulation run produced: rows (or events) per table, wall-clock seconds and throughput.
 * {@link #empty()} stands for "nothing done", e.g. a demo start on a database that already has data.
 *
 * <p>{@code SimulationSummary summary = Simulation.load(url, params, false, Progress.NONE); summary.rowsPerSecond();}
 */
public record SimulationSummary(Map<String, Long> rowsPerTable, double seconds) {

    public SimulationSummary {
        rowsPerTable = Collections.unmodifiableMap(new TreeMap<>(rowsPerTable));
    }

    public static SimulationSummary empty() {
        return new SimulationSummary(Map.of(), 0);
    }

    public boolean isEmpty() {
        return rowsPerTable.isEmpty();
    }

    public long totalRows() {
        return rowsPerTable.values().stream().mapToLong(Long::longValue).sum();
    }

    public double rowsPerSecond() {
        return seconds <= 0 ? 0 : totalRows() / seconds;
    }

    /** A few lines for the command's output: one per table, then the totals. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        rowsPerTable.forEach((table, rows) -> text.append(String.format("  %-26s %,14d%n", table, rows)));
        text.append(String.format("  %-26s %,14d rows in %.1f s (%,.0f rows/s)", "total", totalRows(), seconds, rowsPerSecond()));
        return text.toString();
    }
}
