package com.roisystems.ml.bench;

import io.vertx.core.json.JsonObject;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A benchmark's output: a readable report as it goes, headed by the machine (cores, JVM, OS), and
 * exactly one closing line {@code BENCH {json}} with plain JSON numbers (see BENCH.md).
 *
 * <p>{@code BenchReport report = BenchReport.start("ingest"); report.line("events: %,d", n); report.finish(figures);}
 */
public final class BenchReport {

    private final String name;
    private final PrintStream out;

    private BenchReport(String name, PrintStream out) {
        this.name = name;
        this.out = out;
    }

    public static BenchReport start(String name) {
        BenchReport report = new BenchReport(name, System.out);
        report.line("== bench %s ==", name);
        report.line("machine: %d cores, %s %s, JVM %s (%s), max heap %d MiB", cores(),
                System.getProperty("os.name"), System.getProperty("os.arch"),
                System.getProperty("java.version"), System.getProperty("java.vm.name"),
                Runtime.getRuntime().maxMemory() >> 20);
        return report;
    }

    public static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    public void line(String format, Object... args) {
        out.println(String.format(Locale.ROOT, format, args));
        out.flush();
    }

    /** Prints the closing line; {@code bench} and {@code cores} are added first. */
    public void finish(JsonObject figures) {
        JsonObject json = new JsonObject().put("bench", name).put("cores", cores());
        figures.forEach(entry -> json.put(entry.getKey(), entry.getValue()));
        out.println("BENCH " + json.encode());
        out.flush();
    }

    /** Rounds for the report: figures keep two decimals, enough to compare runs. */
    public static double round(double value) {
        return Math.round(value * 100.0) / 100.0;
    }
}
