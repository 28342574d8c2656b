package com.roisystems.ml.bench;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ServiceRuntime;
import com.roisystems.ml.cli.UsageException;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Migrations;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.infra.Infrastructure;
import com.roisystems.ml.simulate.ExpectedDrift;
import com.roisystems.ml.simulate.Shift;
import com.roisystems.ml.simulate.ShiftOptions;
import com.roisystems.ml.simulate.ShiftScenario;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * {@code bench drift}: does monitoring see a shift, how fast, and how often does it cry wolf? Embedded servers, a small
 * simulated world (6 regions), a trained move-probability model served by the whole service with short monitoring
 * windows, and steady open-loop prediction traffic to 127.0.0.1. First unshifted windows: their false-alarm rate
 * (drifted feature-windows / tested feature-windows) against the training reference and against a reference period of
 * today's traffic. Then each scenario of {@code simulate --shift}, published through Kafka: the delay from the shift's
 * start to the first {@code ml_monitoring} row with drift_detected (the row the alert evaluator fires on), and the
 * detected against the expected features over the windows after ingestion. Bounded: about six minutes with defaults.
 */
public final class DriftBenchmark implements BenchCommand.Benchmark {

    private static final int WARM_WINDOWS = 2;
    private static final int REFERENCE_WINDOWS = 3;
    private static final int CALM_WINDOWS = 6;
    private static final int SHIFTED_WINDOWS = 3;

    @Override
    public String summary() {
        return "shift scenarios: detected vs expected features, false-alarm rate, delay from shift to drift";
    }

    @Override
    public int run(AppConfig config, CommandLine line) throws Exception {
        int users = line.integer("users", 2_000);
        int rate = line.integer("rate", 100);
        int windowSeconds = line.integer("window", 10);
        if (users < 200 || rate < 10 || rate > 2_000 || windowSeconds < 2 || windowSeconds > 60 || 86_400 % windowSeconds != 0) {
            throw new UsageException("bench drift takes --users >= 200, --rate 10..2000 (predictions/s) and --window 2..60 "
                    + "(seconds, dividing a day)");
        }
        long started = System.nanoTime();
        BenchReport report = BenchReport.start("drift");
        AppConfig isolated = PredictBenchmark.withRateLimitsAboveTheLoad(PredictBenchmark.withSigningKey(config
                .with("pg.embeddedDatabase", "roi_bench_drift").with("pg.embeddedPort", 0)
                .with("redis.embeddedPort", 0).with("kafka.embeddedPort", 0)));
        try (Infrastructure infra = Infrastructure.start(isolated, EnumSet.allOf(Infrastructure.Server.class))) {
            AppConfig resolved = DriftRig.configure(infra.config(), windowSeconds);
            DatabaseUrl database = DatabaseUrl.parse(resolved.string("pg.url"));
            Migrations.apply(database);
            Vertx vertx = ServiceRuntime.createVertx();
            Vertx load = Vertx.vertx();
            try {
                DriftRig rig = DriftRig.start(vertx, resolved, database, users, 6, 15, text -> report.line("%s", text));
                try {
                    measure(rig, load, users, rate, windowSeconds, report, started);
                } finally {
                    rig.stop();
                }
            } finally {
                Blocking.await(load.close(), Duration.ofMinutes(1));
                Blocking.await(vertx.close(), Duration.ofMinutes(1));
            }
        }
        return 0;
    }

    private static void measure(DriftRig rig, Vertx load, int users, int rate, int windowSeconds, BenchReport report, long started)
            throws Exception {
        Set<String> modelFeatures = rig.modelFeatures();
        report.line("model %s v%d, monitored on %d features; windows of %d s; traffic %d predictions/s open loop over HTTP "
                + "(load generator in the same JVM, sharing the %d cores)", DriftRig.MODEL, rig.modelVersion(), modelFeatures.size(),
                windowSeconds, rate, BenchReport.cores());
        SteadyTraffic traffic = rig.traffic(load, rate, 900);
        try {
            Instant warmEnd = rig.nextWindow(Instant.now()).plusSeconds((long) WARM_WINDOWS * windowSeconds);
            Instant referenceEnd = warmEnd.plusSeconds((long) REFERENCE_WINDOWS * windowSeconds);
            DriftRig.sleepUntil(referenceEnd);
            List<DriftRig.WindowDrift> againstTraining = rig.windows(warmEnd, referenceEnd);
            double trainingRate = ShiftVerdict.falseAlarmRate(againstTraining);
            report.line("unshifted, against the training reference: %.1f %% of %d feature-windows drifted; drift_detected in %d of %d windows",
                    100 * trainingRate, testedCount(againstTraining), againstTraining.stream().filter(DriftRig.WindowDrift::driftDetected).count(),
                    againstTraining.size());
            long referenceRows = rig.adoptReference(warmEnd, referenceEnd);
            report.line("reference: those %d windows of today's traffic (%,d predictions), as a reference period", REFERENCE_WINDOWS, referenceRows);
            Instant calmEnd = referenceEnd.plusSeconds((long) CALM_WINDOWS * windowSeconds);
            DriftRig.sleepUntil(calmEnd);
            List<DriftRig.WindowDrift> calm = rig.windows(referenceEnd, calmEnd);
            double falseAlarmRate = ShiftVerdict.falseAlarmRate(calm);
            report.line("unshifted, against the reference period: %.2f %% of %d feature-windows drifted (false-alarm rate); "
                    + "drift_detected in %d of %d windows", 100 * falseAlarmRate, testedCount(calm),
                    calm.stream().filter(DriftRig.WindowDrift::driftDetected).count(), calm.size());

            JsonArray scenarios = new JsonArray();
            double powerSum = 0;
            double delaySum = 0;
            int delays = 0;
            for (ShiftScenario scenario : ShiftScenario.ALL) {
                JsonObject result = scenario(rig, traffic, scenario, modelFeatures, windowSeconds, report);
                scenarios.add(result);
                powerSum += result.getDouble("power");
                if (result.getValue("detect_delay_s") != null) {
                    delaySum += result.getDouble("detect_delay_s");
                    delays++;
                }
            }
            report.line("traffic: %,d predictions answered, %,d failed or shed", traffic.succeeded(), traffic.failed());
            report.finish(new JsonObject()
                    .put("users", users)
                    .put("regions", 6)
                    .put("window_s", windowSeconds)
                    .put("rate_per_s", rate)
                    .put("model_features", modelFeatures.size())
                    .put("scenarios", scenarios)
                    .put("power", BenchReport.round(powerSum / scenarios.size()))
                    .put("false_alarm_rate", round4(falseAlarmRate))
                    .put("feature_windows_tested", testedCount(calm))
                    .put("false_alarm_rate_training_reference", round4(trainingRate))
                    .put("detect_delay_s", delays == 0 ? null : BenchReport.round(delaySum / delays))
                    .put("predictions", traffic.succeeded())
                    .put("prediction_errors", traffic.failed())
                    .put("wall_s", BenchReport.round((System.nanoTime() - started) / 1e9))
                    .put("load_generator", "same JVM and cores as the server"));
        } finally {
            traffic.stop();
        }
    }

    /** Re-baselines on the traffic as it is, publishes the shift, and measures the delay and the detected features. */
    private static JsonObject scenario(DriftRig rig, SteadyTraffic traffic, ShiftScenario scenario, Set<String> modelFeatures,
                                       int windowSeconds, BenchReport report) throws Exception {
        Instant from = rig.nextWindow(Instant.now().plusSeconds(1));
        Instant to = from.plusSeconds((long) REFERENCE_WINDOWS * windowSeconds);
        DriftRig.sleepUntil(to);
        rig.adoptReference(from, to);
        Shift.ShiftSummary summary = rig.shift(scenario, ShiftOptions.defaults().withCohortUsers(600));
        double ingestedS = Duration.between(summary.startedAt(), Instant.now()).toMillis() / 1000.0;
        traffic.population(rig.users());
        Instant shiftedFrom = rig.nextWindow(Instant.now().plusSeconds(1));
        Instant shiftedTo = shiftedFrom.plusSeconds((long) SHIFTED_WINDOWS * windowSeconds);
        DriftRig.sleepUntil(shiftedTo);
        List<DriftRig.WindowDrift> windows = rig.windows(shiftedFrom, shiftedTo);
        DriftRig.WindowDrift first = rig.firstDrift(summary.startedAt(), Duration.ofSeconds(windowSeconds * 2L + 5));
        Double delay = first == null ? null : Duration.between(summary.startedAt(), first.writtenAt()).toMillis() / 1000.0;
        ExpectedDrift expected = ExpectedDrift.of(scenario, FeatureCatalog.standard()).within(modelFeatures);
        ShiftVerdict verdict = ShiftVerdict.of(windows, expected);
        report.line("%s: %s", scenario.name(), scenario.story());
        report.line("  %,d events published and ingested in %.1f s; drift_detected first written %s after the shift's start",
                summary.events(), ingestedS, delay == null ? "never (within the windows measured)" : String.format("%.1f s", delay));
        report.line("  detected %d / expected %d (power %.2f) over %d windows (drift_detected in %d, prediction drift in %d)",
                verdict.detected().stream().filter(verdict.expected()::contains).count(), verdict.expected().size(), verdict.power(),
                verdict.windows(), verdict.windowsDrifted(), verdict.predictionDriftedWindows());
        report.line("  expected: %s", String.join(", ", verdict.expected()));
        report.line("  detected: %s", String.join(", ", verdict.detected()));
        report.line("  unexplained (neither expected nor of the as-of time): %s",
                verdict.unexplained().isEmpty() ? "none" : String.join(", ", verdict.unexplained()));
        return new JsonObject()
                .put("name", scenario.name())
                .put("events", summary.events())
                .put("expected", verdict.expected().size())
                .put("detected", verdict.detected().stream().filter(verdict.expected()::contains).count())
                .put("unexplained", new JsonArray(List.copyOf(verdict.unexplained())))
                .put("power", BenchReport.round(verdict.power()))
                .put("windows_drifted", verdict.windowsDrifted())
                .put("prediction_drift_windows", verdict.predictionDriftedWindows())
                .put("detect_delay_s", delay == null ? null : BenchReport.round(delay));
    }

    private static long testedCount(List<DriftRig.WindowDrift> windows) {
        return windows.stream().mapToLong(window -> window.tested().size()).sum();
    }

    private static double round4(double value) {
        return Math.round(value * 10_000.0) / 10_000.0;
    }
}
