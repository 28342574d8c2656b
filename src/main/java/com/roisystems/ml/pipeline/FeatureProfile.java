package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureDataType;
import com.roisystems.ml.features.FeatureDefinition;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * What one run saw of one feature, accumulated batch by batch while it is computed, so validation and
 * statistics need no second pass over the data: counts of values, nulls and invalid values (with a
 * few example entities), sum, sum of squares, min, max, and a fixed-size uniform sample (reservoir)
 * for the distribution-shift gate. Memory is constant per feature whatever the number of users.
 *
 * <p>{@code profile.accept("user_7", 1250.0); profile.mean();}
 */
public final class FeatureProfile {

    static final int SAMPLE_SIZE = 500;
    static final int MAX_EXAMPLES = 5;

    private final FeatureDefinition definition;
    private final SplittableRandom random;
    private long count;
    private long nulls;
    private long invalid;
    private final List<String> examples = new ArrayList<>();
    private long finite;
    private double sum;
    private double sumSquares;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private double[] sample = new double[SAMPLE_SIZE];
    private int sampled;

    public FeatureProfile(FeatureDefinition definition, long seed) {
        this.definition = definition;
        this.random = new SplittableRandom(seed ^ definition.name().hashCode());
    }

    public FeatureDefinition definition() {
        return definition;
    }

    /** Records one value (NaN is null). */
    public void accept(String entityId, double value) {
        count++;
        if (Double.isNaN(value)) {
            nulls++;
            return;
        }
        if (!valid(value)) {
            invalid++;
            if (examples.size() < MAX_EXAMPLES) {
                examples.add(entityId + "=" + value);
            }
        }
        if (Double.isInfinite(value)) {
            return;
        }
        finite++;
        sum += value;
        sumSquares += value * value;
        min = Math.min(min, value);
        max = Math.max(max, value);
        // Reservoir sampling (algorithm R): every finite value has the same chance to be in the sample.
        if (sampled < SAMPLE_SIZE) {
            sample[sampled++] = value;
        } else {
            long slot = random.nextLong(finite);
            if (slot < SAMPLE_SIZE) {
                sample[(int) slot] = value;
            }
        }
    }

    private boolean valid(double value) {
        if (Double.isInfinite(value)) {
            return false;
        }
        if (definition.dataType() == FeatureDataType.BOOLEAN && value != 0.0 && value != 1.0) {
            return false;
        }
        if (definition.dataType() == FeatureDataType.CATEGORICAL && value != Math.rint(value)) {
            return false;
        }
        return value >= definition.validMin() && value <= definition.validMax();
    }

    public long count() {
        return count;
    }

    public long nulls() {
        return nulls;
    }

    public long invalid() {
        return invalid;
    }

    public List<String> examples() {
        return List.copyOf(examples);
    }

    public double nullRate() {
        return count == 0 ? 0 : nulls / (double) count;
    }

    /** Mean of the finite values; NaN when there are none. */
    public double mean() {
        return finite == 0 ? Double.NaN : sum / finite;
    }

    /** Population standard deviation of the finite values. */
    public double stddev() {
        if (finite == 0) {
            return Double.NaN;
        }
        double mean = mean();
        return Math.sqrt(Math.max(0, sumSquares / finite - mean * mean));
    }

    public double min() {
        return finite == 0 ? Double.NaN : min;
    }

    public double max() {
        return finite == 0 ? Double.NaN : max;
    }

    /** The sampled finite values, sorted. */
    public double[] sortedSample() {
        double[] copy = Arrays.copyOf(sample, sampled);
        Arrays.sort(copy);
        return copy;
    }

    public JsonObject toJson() {
        return new JsonObject().put("name", definition.name()).put("count", count).put("nulls", nulls).put("invalid", invalid)
                .put("examples", new JsonArray(List.copyOf(examples))).put("finite", finite).put("sum", sum)
                .put("sum_squares", sumSquares).put("min", finite == 0 ? null : min).put("max", finite == 0 ? null : max)
                .put("sample", new JsonArray(Arrays.stream(sample, 0, sampled).boxed().toList()));
    }

    /** Restores a profile written by {@link #toJson()} (a resumed run reads its compute tasks' profiles). */
    public static FeatureProfile fromJson(FeatureDefinition definition, JsonObject json) {
        FeatureProfile profile = new FeatureProfile(definition, 0);
        profile.count = json.getLong("count");
        profile.nulls = json.getLong("nulls");
        profile.invalid = json.getLong("invalid");
        json.getJsonArray("examples").forEach(example -> profile.examples.add(example.toString()));
        profile.finite = json.getLong("finite");
        profile.sum = json.getDouble("sum");
        profile.sumSquares = json.getDouble("sum_squares");
        // Null when the feature had no finite value (JSON has no infinities).
        profile.min = json.getValue("min") instanceof Number min ? min.doubleValue() : Double.POSITIVE_INFINITY;
        profile.max = json.getValue("max") instanceof Number max ? max.doubleValue() : Double.NEGATIVE_INFINITY;
        JsonArray sample = json.getJsonArray("sample");
        profile.sampled = sample.size();
        for (int i = 0; i < sample.size(); i++) {
            profile.sample[i] = ((Number) sample.getValue(i)).doubleValue();
        }
        return profile;
    }
}
