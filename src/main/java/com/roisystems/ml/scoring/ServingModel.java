package com.roisystems.ml.scoring;

import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.registry.LoadedModel;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import com.roisystems.ml.scoring.compiled.ShapValues;
import com.roisystems.ml.model.AnswerScale;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.IsotonicCalibration;
import com.roisystems.ml.model.ModelArtifact;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;

/**
 * One Production model ready to serve: its registry version, the artifact's metadata (calibration,
 * thresholds, class labels, forecast rule, interval), and the compiled ensemble that scores and explains
 * it. Immutable: a hot swap replaces the whole object, so a request in flight finishes on the model it began with.
 *
 * <p>{@code ServingModel model = ServingModel.load(loaded); Scored scored = model.predict(features, null);}
 */
final class ServingModel {

    private static final int TOP_FEATURES = 5;
    private static final int CONTACT_ALTERNATIVES = 5;

    private final ModelVersion version;
    private final PredictionType type;
    private final JsonObject metadata;
    private final CompiledEnsemble ensemble;
    private final List<String> featureNames;
    private final List<String> storeFeatures;
    private final double missingValue;
    private final IsotonicCalibration calibration;

    private ServingModel(ModelVersion version, PredictionType type, JsonObject metadata, CompiledEnsemble ensemble) {
        this.version = version;
        this.type = type;
        this.metadata = metadata;
        this.ensemble = ensemble;
        this.featureNames = metadata.getJsonArray("feature_names").stream().map(Object::toString).toList();
        this.storeFeatures = type == PredictionType.CONTACT_TIMING
                ? metadata.getJsonArray("person_features").stream().map(Object::toString).toList()
                : featureNames;
        this.missingValue = metadata.getDouble("missing_value", Double.NaN);
        JsonObject calibrationJson = metadata.getJsonObject("calibration");
        this.calibration = calibrationJson == null ? null : IsotonicCalibration.fromJson(calibrationJson);
    }

    /**
     * Compiled models, shared by every scoring instance in this JVM: a compiled ensemble with its SHAP tables takes tens
     * of MB and seconds to build, and is immutable. Keyed by the artifact's identity, not the registry id alone: ids are
     * per database, and one JVM may serve engines on different databases (the tests do), where an id alone handed a
     * node another database's model of another type. The newest few are kept.
     */
    private static final Map<CompiledKey, ServingModel> COMPILED = new LinkedHashMap<>(32, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<CompiledKey, ServingModel> eldest) {
            return size() > 16;
        }
    };

    private record CompiledKey(long modelId, String name, int version, String artifactSha256) {
    }

    /** Blocking (deserialises and compiles on first use): call from a worker thread. */
    static ServingModel load(LoadedModel loaded) {
        ModelVersion version = loaded.version();
        CompiledKey key = new CompiledKey(version.modelId(), version.name(), version.version(), version.artifactSha256());
        // One compilation at a time: two scorers loading the same new model compile it once.
        synchronized (COMPILED) {
            return COMPILED.computeIfAbsent(key, ignored -> compile(loaded));
        }
    }

    private static ServingModel compile(LoadedModel loaded) {
        ModelArtifact artifact = ModelArtifact.read(loaded.artifact());
        PredictionType type = PredictionType.valueOf(artifact.metadata().getString("prediction_type"));
        CompiledEnsemble ensemble = CompiledEnsemble.from(artifact.model(), artifact.featureNames().toArray(String[]::new));
        return new ServingModel(loaded.version(), type, artifact.metadata(), ensemble);
    }

    ModelVersion version() {
        return version;
    }

    PredictionType type() {
        return type;
    }

    /** The features a request supplies or the feature store provides (CONTACT_TIMING adds the slot features itself). */
    List<String> storeFeatures() {
        return storeFeatures;
    }

    /**
     * Scores one entity. {@code features} follow {@link #storeFeatures()} (NaN = missing);
     * {@code slotHistory} is the 168-slot engagement history, for CONTACT_TIMING only.
     */
    Scored predict(double[] features, int[] slotHistory) {
        return switch (type) {
            case MOVE_PROBABILITY -> moveProbability(features);
            case TRANSACTION_TYPE -> transactionType(features);
            case CONTACT_TIMING -> contactTiming(features, slotHistory);
            case PROPERTY_VALUE -> propertyValue(features);
        };
    }

    /** A scored prediction: the type-specific answer fields and the explanation. */
    record Scored(Prediction.Answer answer, Explanation explanation) {
    }

    /**
     * Where each of {@link #storeFeatures()} sits in the feature store's vectors, learned from the first
     * vector and checked on every one: vectors come in catalog order, so this is stable, and it spares a
     * lookup by name per feature per request.
     */
    private volatile int[] storePositions;

    int[] storePositions() {
        return storePositions;
    }

    void learnStorePositions(int[] positions) {
        storePositions = positions;
    }

    private Scored moveProbability(double[] features) {
        double[] x = substituteMissing(features);
        double raw = ensemble.predictProba(x)[1];
        double p = calibration == null ? raw : calibration.apply(raw);
        JsonObject thresholds = metadata.getJsonObject("thresholds", new JsonObject());
        Prediction.Answer answer = new Prediction.Answer(round(p), AnswerScale.moveBand(p, thresholds), round(Math.max(p, 1 - p)), new JsonObject());
        return new Scored(answer, explain(ensemble.shap(x), 1, features));
    }

    private Scored transactionType(double[] features) {
        double[] x = substituteMissing(features);
        double[] probabilities = ensemble.predictProba(x);
        JsonArray labels = metadata.getJsonArray("class_labels");
        int best = AnswerScale.mostProbable(probabilities);
        JsonObject byClass = new JsonObject();
        for (int c = 0; c < probabilities.length; c++) {
            byClass.put(labels.getString(c), round(probabilities[c]));
        }
        Prediction.Answer answer = new Prediction.Answer(round(probabilities[best]), labels.getString(best), round(probabilities[best]),
                new JsonObject().put("class_probabilities", byClass));
        return new Scored(answer, explain(ensemble.shap(x), best, features));
    }

    /** Scores all 168 week slots in one batch and answers the best one, with the next best as alternatives. */
    private Scored contactTiming(double[] person, int[] history) {
        double[][] rows = new double[ContactSlots.SLOTS][];
        for (int slot = 0; slot < ContactSlots.SLOTS; slot++) {
            double[] slotFeatures = ContactSlots.encode(slot, history);
            double[] row = new double[person.length + slotFeatures.length];
            System.arraycopy(person, 0, row, 0, person.length);
            System.arraycopy(slotFeatures, 0, row, person.length, slotFeatures.length);
            rows[slot] = substituteMissing(row);
        }
        double[][] probabilities = ensemble.predictProbaBatch(rows);
        Integer[] order = new Integer[ContactSlots.SLOTS];
        for (int slot = 0; slot < order.length; slot++) {
            order[slot] = slot;
        }
        Arrays.sort(order, (a, b) -> Double.compare(probabilities[b][1], probabilities[a][1]));
        int best = order[0];
        JsonArray alternatives = new JsonArray();
        for (int k = 1; k <= CONTACT_ALTERNATIVES; k++) {
            alternatives.add(slotJson(order[k], probabilities[order[k]][1]));
        }
        double p = probabilities[best][1];
        Prediction.Answer answer = new Prediction.Answer(round(p), ContactSlots.describe(best), round(p), new JsonObject()
                .put("best_day", day(best)).put("best_hour", best % 24).put("timezone", "UTC")
                .put("alternatives", alternatives));
        double[] bestRow = new double[rows[best].length];
        System.arraycopy(person, 0, bestRow, 0, person.length);
        System.arraycopy(ContactSlots.encode(best, history), 0, bestRow, person.length, bestRow.length - person.length);
        return new Scored(answer, explain(ensemble.shap(rows[best]), 1, bestRow));
    }

    private Scored propertyValue(double[] features) {
        double[] x = substituteMissing(features);
        double logValue = ensemble.predictValue(x);
        double value = Math.exp(logValue);
        JsonObject forecast = metadata.getJsonObject("forecast", new JsonObject());
        int horizon = forecast.getInteger("horizon_months", 12);
        String trendFeature = forecast.getString("trend_feature");
        int trendIndex = trendFeature == null ? -1 : featureNames.indexOf(trendFeature);
        double trendPct = trendIndex < 0 || Double.isNaN(features[trendIndex]) ? 0 : features[trendIndex];
        double future = value * Math.pow(1 + trendPct / 100.0, horizon / 12.0);
        JsonObject interval = metadata.getJsonObject("interval", new JsonObject());
        double low = interval.getDouble("low_residual", 0.0);
        double high = interval.getDouble("high_residual", 0.0);
        Prediction.Answer answer = new Prediction.Answer(Math.round(value), null, interval.getDouble("coverage", 0.9), new JsonObject()
                .put("current_value", Math.round(value))
                .put("interval", new JsonObject().put("lower", Math.round(Math.exp(logValue + low)))
                        .put("upper", Math.round(Math.exp(logValue + high))).put("coverage", interval.getDouble("coverage", 0.9)))
                .put("forecast", new JsonObject().put("horizon_months", horizon).put("value", Math.round(future))
                        .put("annual_trend_pct", round(trendPct))
                        .put("lower", Math.round(Math.exp(logValue + low) * Math.pow(1 + trendPct / 100.0, horizon / 12.0)))
                        .put("upper", Math.round(Math.exp(logValue + high) * Math.pow(1 + trendPct / 100.0, horizon / 12.0)))));
        return new Scored(answer, explain(ensemble.shap(x), 0, features));
    }

    private Explanation explain(ShapValues shap, int classIndex, double[] values) {
        int output = shap.numOutputs() == 1 ? 0 : classIndex;
        return Explanation.of(shap, output, featureNames, values);
    }

    /** Training replaced missing values by a constant the trees split on; scoring must do the same. */
    private double[] substituteMissing(double[] features) {
        double[] x = features.clone();
        if (!Double.isNaN(missingValue)) {
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(x[i])) {
                    x[i] = missingValue;
                }
            }
        }
        return x;
    }

    private static JsonObject slotJson(int slot, double probability) {
        return new JsonObject().put("day", day(slot)).put("hour", slot % 24).put("probability", round(probability));
    }

    private static String day(int slot) {
        return DayOfWeek.of(slot / 24 + 1).name();
    }

    private static double round(double value) {
        return AnswerScale.round(value);
    }

    List<String> featureNames() {
        return new ArrayList<>(featureNames);
    }

    String describe() {
        return String.format(Locale.ROOT, "%s %s (%d trees, %d features)", version.name(), version.label(), ensemble.numTrees(), featureNames.size());
    }
}
