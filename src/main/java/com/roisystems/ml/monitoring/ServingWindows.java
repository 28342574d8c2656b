package com.roisystems.ml.monitoring;

import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ServingProfile;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving profiles gathered since the last flush, per model version and hour of the prediction's time: each served
 * prediction updates its window's sketches in place (no scan of {@code ml_predictions}); {@link #drain()} hands the
 * deltas to {@link MonitoringStore#mergeServing}, which merges them into the persisted windows. Used from one
 * verticle's event loop.
 *
 * <p>{@code windows.record("move_probability_model", 3, createdAt, featureValues, 0.42, null)}
 */
public final class ServingWindows {

    private record Key(String modelName, int modelVersion, Instant hourStart) {
    }

    private final int sketchK;
    private Map<Key, Profile> open = new HashMap<>();

    public ServingWindows(int sketchK) {
        this.sketchK = sketchK;
    }

    /** Adds one served prediction: its feature values by name (null: missing) and its predicted value or class. */
    public void record(String modelName, int modelVersion, Instant servedAt, Map<String, ?> featureValues, Double predictedValue,
                       String predictedClass) {
        record(modelName, modelVersion, servedAt, featureValues, predictedValue, predictedClass, Map.of());
    }

    /** As above, with the prediction's SHAP contributions by feature (empty: none), for the window's serving importance. */
    public void record(String modelName, int modelVersion, Instant servedAt, Map<String, ?> featureValues, Double predictedValue,
                       String predictedClass, Map<String, ?> contributions) {
        Key key = new Key(modelName, modelVersion, servedAt.truncatedTo(ChronoUnit.HOURS));
        Profile profile = open.computeIfAbsent(key, k -> Profile.empty(sketchK));
        profile.record(featureValues, predictedValue, predictedClass);
        profile.recordContributions(contributions);
    }

    public boolean isEmpty() {
        return open.isEmpty();
    }

    /** The windows' deltas since the last drain; recording starts afresh. */
    public List<ServingProfile> drain() {
        List<ServingProfile> deltas = new ArrayList<>();
        open.forEach((key, profile) -> deltas.add(new ServingProfile(key.modelName(), key.modelVersion(), key.hourStart(),
                key.hourStart().plus(1, ChronoUnit.HOURS), profile)));
        open = new HashMap<>();
        return deltas;
    }

    /** Puts back a delta that could not be persisted, so the next flush carries it. */
    public void restore(ServingProfile delta) {
        Key key = new Key(delta.modelName(), delta.modelVersion(), delta.periodStart());
        open.merge(key, delta.profile(), Profile::merge);
    }
}
