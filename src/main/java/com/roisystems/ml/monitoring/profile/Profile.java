package com.roisystems.ml.monitoring.profile;

import com.roisystems.ml.monitoring.drift.FeatureDistribution;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sketches of a set of rows: one {@link FeatureSketch} per feature, the predicted value's and the predicted
 * class's, the row count, and per feature the sum of |SHAP| and how many contributions it adds up (serving-time
 * importance: the mean |SHAP| of the window, {@link #servingImportance()}). Mergeable (two windows, two instances, a persisted part and a live one) and stored as
 * JSON with a format version ({@link #FORMAT}); another version is refused with a message that says which.
 *
 * <p>{@code Profile profile = Profile.empty(200); profile.record(values, 0.42, null); profile.toJson()}
 */
public final class Profile {

    public static final int FORMAT = 1;

    private final int sketchK;
    private final Map<String, FeatureSketch> features = new LinkedHashMap<>();
    private final FeatureSketch predictedValue;
    private final FeatureSketch predictedClass;
    /** Per feature {sum of |SHAP|, contributions}: a plain sum and count merge exactly. */
    private final Map<String, double[]> absoluteShap = new LinkedHashMap<>();
    private long rows;

    private Profile(int sketchK, FeatureSketch predictedValue, FeatureSketch predictedClass, long rows) {
        this.sketchK = sketchK;
        this.predictedValue = predictedValue;
        this.predictedClass = predictedClass;
        this.rows = rows;
    }

    /** A profile of no rows whose numeric sketches keep {@code sketchK} items per level. */
    public static Profile empty(int sketchK) {
        return new Profile(sketchK, FeatureSketch.numeric(sketchK), FeatureSketch.categorical(), 0);
    }

    public long rows() {
        return rows;
    }

    public int sketchK() {
        return sketchK;
    }

    /** Records one row: its feature values by name (null or NaN: missing) and what was predicted (either may be null). */
    public void record(Map<String, ?> values, Double value, String predicted) {
        for (Map.Entry<String, ?> entry : values.entrySet()) {
            sketch(entry.getKey()).update(entry.getValue() instanceof Number number ? number.doubleValue() : null);
        }
        recordPrediction(value, predicted);
    }

    /** Records one row given as values in {@code names}' order. */
    public void record(List<String> names, double[] values, Double value, String predicted) {
        for (int i = 0; i < names.size(); i++) {
            sketch(names.get(i)).update(values[i]);
        }
        recordPrediction(value, predicted);
    }

    /**
     * Adds one prediction's SHAP contributions ({@code {feature: contribution}}, as logged under {@code shap_values.contributions}):
     * a sum and a count per feature, no parsing beyond the map the log already holds.
     */
    public void recordContributions(Map<String, ?> contributions) {
        for (Map.Entry<String, ?> entry : contributions.entrySet()) {
            if (entry.getValue() instanceof Number number) {
                double[] sum = absoluteShap.get(entry.getKey());
                if (sum == null) {
                    sum = new double[2];
                    absoluteShap.put(entry.getKey(), sum);
                }
                sum[0] += Math.abs(number.doubleValue());
                sum[1]++;
            }
        }
    }

    /** Mean |SHAP| per feature over the contributions recorded; empty when none were. */
    public Map<String, Double> servingImportance() {
        Map<String, Double> means = new LinkedHashMap<>();
        absoluteShap.forEach((name, sum) -> means.put(name, sum[0] / sum[1]));
        return means;
    }

    private void recordPrediction(Double value, String predicted) {
        if (value != null) {
            predictedValue.update(value);
        }
        if (predicted != null) {
            predictedClass.update(predicted);
        }
        rows++;
    }

    private FeatureSketch sketch(String name) {
        FeatureSketch sketch = features.get(name);
        if (sketch == null) {
            sketch = FeatureKinds.of(name) == FeatureDistribution.Kind.CATEGORICAL ? FeatureSketch.categorical() : FeatureSketch.numeric(sketchK);
            features.put(name, sketch);
        }
        return sketch;
    }

    /** Adds {@code other}'s rows; a feature only one side has is kept. */
    public Profile merge(Profile other) {
        other.features.forEach((name, sketch) -> {
            FeatureSketch mine = features.get(name);
            if (mine == null) {
                features.put(name, FeatureSketch.fromJson(sketch.toJson()));
            } else {
                mine.merge(sketch);
            }
        });
        other.absoluteShap.forEach((name, sum) -> {
            double[] mine = absoluteShap.computeIfAbsent(name, k -> new double[2]);
            mine[0] += sum[0];
            mine[1] += sum[1];
        });
        predictedValue.merge(other.predictedValue);
        predictedClass.merge(other.predictedClass);
        rows += other.rows;
        return this;
    }

    /** What the drift metrics compare, per feature in recording order. */
    public Map<String, FeatureDistribution> featureDistributions() {
        Map<String, FeatureDistribution> distributions = new LinkedHashMap<>();
        features.forEach((name, sketch) -> distributions.put(name, sketch.distribution()));
        return distributions;
    }

    /** The predicted value's distribution when values were predicted, else the predicted class's; null when neither. */
    public FeatureDistribution predictionDistribution() {
        if (predictedValue.present() > 0) {
            return predictedValue.distribution();
        }
        return predictedClass.present() > 0 ? predictedClass.distribution() : null;
    }

    public JsonObject toJson() {
        JsonObject sketches = new JsonObject();
        features.forEach((name, sketch) -> sketches.put(name, sketch.toJson()));
        JsonObject shap = new JsonObject();
        absoluteShap.forEach((name, sum) -> shap.put(name, new JsonObject().put("sum", sum[0]).put("count", (long) sum[1])));
        return new JsonObject().put("format", FORMAT).put("sketch_k", sketchK).put("rows", rows).put("features", sketches)
                .put("prediction", new JsonObject().put("value", predictedValue.toJson()).put("class", predictedClass.toJson()))
                .put("absolute_shap", shap);
    }

    public static Profile fromJson(JsonObject json) {
        int format = json.getInteger("format", -1);
        if (format != FORMAT) {
            throw new IllegalArgumentException("profile format " + format + " is not the supported format " + FORMAT);
        }
        JsonObject prediction = json.getJsonObject("prediction");
        Profile profile = new Profile(json.getInteger("sketch_k"), FeatureSketch.fromJson(prediction.getJsonObject("value")),
                FeatureSketch.fromJson(prediction.getJsonObject("class")), json.getLong("rows", 0L));
        json.getJsonObject("features").forEach(entry -> profile.features.put(entry.getKey(), FeatureSketch.fromJson((JsonObject) entry.getValue())));
        // Absent in profiles written before serving importance was recorded: those simply have none.
        json.getJsonObject("absolute_shap", new JsonObject()).forEach(entry -> {
            JsonObject sum = (JsonObject) entry.getValue();
            profile.absoluteShap.put(entry.getKey(), new double[] {sum.getDouble("sum"), sum.getLong("count")});
        });
        return profile;
    }
}
