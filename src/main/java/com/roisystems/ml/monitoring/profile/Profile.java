package com.roisystems.ml.monitoring.profile;

import com.roisystems.ml.monitoring.drift.FeatureDistribution;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The sketches of a set of rows: one {@link FeatureSketch} per feature, the predicted value's and the predicted
 * class's, and the row count. Mergeable (two windows, two instances, a persisted part and a live one) and stored as
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
        return new JsonObject().put("format", FORMAT).put("sketch_k", sketchK).put("rows", rows).put("features", sketches)
                .put("prediction", new JsonObject().put("value", predictedValue.toJson()).put("class", predictedClass.toJson()));
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
        return profile;
    }
}
