package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureCategory;
import com.roisystems.ml.features.NullPolicy;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The quality gates of {@code validate_features}, evaluated on the runs' {@link FeatureProfile}s:
 * <ul>
 *   <li>{@code null_rate}: a REQUIRED or DEFAULT feature has no nulls; a NULLABLE one stays at or under
 *       its threshold;</li>
 *   <li>{@code valid_range}: the share of values outside the catalog's valid range (or of the wrong type)
 *       stays at or under {@code maxInvalidRate}, with counts and example entities;</li>
 *   <li>{@code distribution_shift}: PSI against the baseline's deciles ({@link PipelineBaselines}: an accepted
 *       distribution, else the latest successful run with enough users) stays under {@code maxPsi}; without a
 *       baseline the gate is skipped ({@code "skipped": true}) with its {@code reason}, and the run's
 *       {@code baseline_run} says what it was compared with. TEMPORAL features are functions of the as-of date, and clock features ("days since",
 *       tenure) move every day, so both shift by design and are not compared.</li>
 * </ul>
 *
 * <p>{@code GateReport report = QualityGates.evaluate(profiles, baseline, options);}
 */
public final class QualityGates {

    public static final String NULL_RATE = "null_rate";
    public static final String VALID_RANGE = "valid_range";
    public static final String DISTRIBUTION_SHIFT = "distribution_shift";
    private static final double PSI_FLOOR = 1e-4;

    private QualityGates() {
    }

    /** The outcome of all gates, and the distribution the next run compares itself with. */
    public record GateReport(boolean passed, JsonArray gates, JsonObject distribution) {

        /** One line for the run's error: each failed gate with its failing features. */
        public String reason() {
            List<String> parts = new ArrayList<>();
            gates.forEach(item -> {
                JsonObject gate = (JsonObject) item;
                if (!gate.getBoolean("passed")) {
                    List<String> names = gate.getJsonArray("failures").stream().map(f -> ((JsonObject) f).getString("feature")).limit(5).toList();
                    parts.add(gate.getString("gate") + " failed for " + gate.getInteger("failed_features") + " feature(s) " + names);
                }
            });
            return "quality gate failed: " + String.join("; ", parts);
        }
    }

    public static GateReport evaluate(List<FeatureProfile> profiles, PipelineBaselines.Baseline baselineChoice, PipelineOptions options) {
        JsonObject baseline = baselineChoice.profile();
        JsonArray nullFailures = new JsonArray();
        JsonArray rangeFailures = new JsonArray();
        JsonArray shiftFailures = new JsonArray();
        JsonObject distribution = new JsonObject();
        int compared = 0;
        for (FeatureProfile profile : profiles) {
            String name = profile.definition().name();
            double threshold = profile.definition().nullPolicy() == NullPolicy.NULLABLE ? options.nullRateThreshold(name) : 0.0;
            if (profile.nullRate() > threshold) {
                nullFailures.add(new JsonObject().put("feature", name).put("null_rate", profile.nullRate()).put("threshold", threshold)
                        .put("nulls", profile.nulls()).put("count", profile.count()));
            }
            double invalidRate = profile.count() == 0 ? 0 : profile.invalid() / (double) profile.count();
            if (profile.invalid() > 0 && invalidRate > options.maxInvalidRate()) {
                rangeFailures.add(new JsonObject().put("feature", name).put("invalid", profile.invalid()).put("invalid_rate", invalidRate)
                        .put("valid_range", new JsonArray().add(profile.definition().validMin()).add(profile.definition().validMax()))
                        .put("examples", new JsonArray(profile.examples())));
            }
            double[] sample = profile.sortedSample();
            double[] edges = deciles(sample);
            distribution.put(name, new JsonObject().put("edges", array(edges)).put("p", array(proportions(sample, edges, profile.nullRate()))));
            JsonObject previous = baseline == null ? null : baseline.getJsonObject(name);
            if (previous == null || profile.definition().category() == FeatureCategory.TEMPORAL || options.psiExcluded(name)) {
                continue;
            }
            compared++;
            double[] previousEdges = doubles(previous.getJsonArray("edges"));
            double psi = psi(proportions(sample, previousEdges, profile.nullRate()), doubles(previous.getJsonArray("p")));
            if (psi >= options.maxPsi()) {
                shiftFailures.add(new JsonObject().put("feature", name).put("psi", psi).put("threshold", options.maxPsi()));
            }
        }
        JsonArray gates = new JsonArray()
                .add(gate(NULL_RATE, nullFailures, profiles.size()))
                .add(gate(VALID_RANGE, rangeFailures, profiles.size()))
                .add(shiftGate(shiftFailures, compared, baselineChoice));
        boolean passed = nullFailures.isEmpty() && rangeFailures.isEmpty() && shiftFailures.isEmpty();
        return new GateReport(passed, gates, distribution);
    }

    private static JsonObject shiftGate(JsonArray failures, int compared, PipelineBaselines.Baseline baseline) {
        JsonObject gate = gate(DISTRIBUTION_SHIFT, failures, compared).put("baseline", baseline.compared());
        return baseline.compared() ? gate.put("baseline_run", baseline.description())
                : gate.put("skipped", true).put("reason", baseline.description().getString("reason"));
    }

    private static JsonObject gate(String name, JsonArray failures, int checked) {
        return new JsonObject().put("gate", name).put("passed", failures.isEmpty()).put("checked_features", checked)
                .put("failed_features", failures.size()).put("failures", failures);
    }

    /** Distinct decile cut points of a sorted sample; ties (counts full of zeros) collapse. */
    static double[] deciles(double[] sorted) {
        if (sorted.length == 0) {
            return new double[0];
        }
        return Arrays.stream(new int[]{1, 2, 3, 4, 5, 6, 7, 8, 9})
                .mapToDouble(k -> sorted[Math.min(sorted.length - 1, (int) Math.floor(k * sorted.length / 10.0))])
                .distinct().toArray();
    }

    /** Shares per bin (value <= edge[0], ..., > last edge), then the null share last. */
    static double[] proportions(double[] sample, double[] edges, double nullRate) {
        double[] shares = new double[edges.length + 2];
        for (double value : sample) {
            int bin = Arrays.binarySearch(edges, value);
            shares[bin >= 0 ? bin : -bin - 1]++;
        }
        for (int i = 0; i <= edges.length; i++) {
            shares[i] = sample.length == 0 ? 0 : shares[i] / sample.length * (1 - nullRate);
        }
        shares[edges.length + 1] = nullRate;
        return shares;
    }

    /** Population stability index; empty bins are floored so a new bin counts without dividing by zero. */
    static double psi(double[] actual, double[] expected) {
        if (actual.length != expected.length) {
            return Double.POSITIVE_INFINITY;
        }
        double psi = 0;
        for (int i = 0; i < actual.length; i++) {
            double a = Math.max(actual[i], PSI_FLOOR);
            double e = Math.max(expected[i], PSI_FLOOR);
            psi += (a - e) * Math.log(a / e);
        }
        return psi;
    }

    private static JsonArray array(double[] values) {
        return new JsonArray(Arrays.stream(values).boxed().toList());
    }

    private static double[] doubles(JsonArray array) {
        return array.stream().mapToDouble(value -> ((Number) value).doubleValue()).toArray();
    }
}
