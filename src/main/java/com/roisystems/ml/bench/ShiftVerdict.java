package com.roisystems.ml.bench;

import com.roisystems.ml.simulate.ExpectedDrift;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What monitoring saw of a shift, over the windows served after it was ingested: a feature counts as detected when it
 * drifted in a majority of those windows (one window's false alarm does not make a detection); {@code unexplained}
 * are detections neither expected, of the as-of time, nor a declared side effect; {@code power} the share of the expected features (those the
 * model uses and the windows tested: a feature null in every row is not) that were detected.
 *
 * <p>{@code ShiftVerdict verdict = ShiftVerdict.of(windows, expected.within(rig.modelFeatures()));}
 */
public record ShiftVerdict(Set<String> expected, Set<String> detected, Set<String> unexplained, double power, int windows,
                           int windowsDrifted, int predictionDriftedWindows) {

    public static ShiftVerdict of(List<DriftRig.WindowDrift> windows, ExpectedDrift expectation) {
        Map<String, Integer> drifted = new HashMap<>();
        Set<String> tested = new TreeSet<>();
        int modelDrifted = 0;
        int predictionDrifted = 0;
        for (DriftRig.WindowDrift window : windows) {
            window.drifted().forEach(feature -> drifted.merge(feature, 1, Integer::sum));
            tested.addAll(window.tested());
            modelDrifted += window.driftDetected() ? 1 : 0;
            predictionDrifted += Boolean.TRUE.equals(window.predictionDrifted()) ? 1 : 0;
        }
        Set<String> detected = new TreeSet<>();
        drifted.forEach((feature, count) -> {
            if (2 * count > windows.size()) {
                detected.add(feature);
            }
        });
        Set<String> expected = new TreeSet<>(expectation.features());
        expected.retainAll(tested);
        Set<String> unexplained = new TreeSet<>(detected);
        unexplained.removeIf(expectation::allows);
        long found = expected.stream().filter(detected::contains).count();
        return new ShiftVerdict(expected, detected, unexplained, expected.isEmpty() ? 0 : (double) found / expected.size(),
                windows.size(), modelDrifted, predictionDrifted);
    }

    /** Feature-windows that drifted over feature-windows tested: the false-alarm rate when nothing shifted. */
    public static double falseAlarmRate(List<DriftRig.WindowDrift> windows) {
        long tested = windows.stream().mapToLong(window -> window.tested().size()).sum();
        long drifted = windows.stream().mapToLong(window -> window.drifted().size()).sum();
        return tested == 0 ? Double.NaN : (double) drifted / tested;
    }
}
