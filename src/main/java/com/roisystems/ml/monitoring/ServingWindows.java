package com.roisystems.ml.monitoring;

import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.monitoring.profile.ServingProfile;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The serving profiles gathered since the last flush, per model version and window of the prediction's time (windows of
 * {@code monitoring.windowSeconds}, aligned to the UTC day, so a day is a whole number of windows): each served
 * prediction updates its window's sketches in place (no scan of {@code ml_predictions}); {@link #drain()} hands the
 * deltas to {@link MonitoringStore#mergeServing}, which merges them into the persisted windows. Used from one
 * verticle's event loop.
 *
 * <p>{@code windows.record("move_probability_model", 3, createdAt, featureValues, 0.42, null)}
 */
public final class ServingWindows {

    private record Key(String modelName, int modelVersion, Instant windowStart) {
    }

    private final int sketchK;
    private final long windowSeconds;
    private Map<Key, Profile> open = new HashMap<>();

    /** {@code windowSeconds} divides a day ({@link MonitoringSettings} checks it), so windows never straddle midnight. */
    public ServingWindows(int sketchK, long windowSeconds) {
        this.sketchK = sketchK;
        this.windowSeconds = windowSeconds;
    }

    /** The start of the window holding {@code instant}: epoch seconds floored to a multiple of the window length. */
    public static Instant windowStart(Instant instant, long windowSeconds) {
        return Instant.ofEpochSecond(Math.floorDiv(instant.getEpochSecond(), windowSeconds) * windowSeconds);
    }

    /** Adds one served prediction: its feature values by name (null: missing) and its predicted value or class. */
    public void record(String modelName, int modelVersion, Instant servedAt, Map<String, ?> featureValues, Double predictedValue,
                       String predictedClass) {
        record(modelName, modelVersion, servedAt, featureValues, predictedValue, predictedClass, Map.of());
    }

    /** As above, with the prediction's SHAP contributions by feature (empty: none), for the window's serving importance. */
    public void record(String modelName, int modelVersion, Instant servedAt, Map<String, ?> featureValues, Double predictedValue,
                       String predictedClass, Map<String, ?> contributions) {
        Key key = new Key(modelName, modelVersion, windowStart(servedAt, windowSeconds));
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
        open.forEach((key, profile) -> deltas.add(new ServingProfile(key.modelName(), key.modelVersion(), key.windowStart(),
                key.windowStart().plusSeconds(windowSeconds), profile)));
        open = new HashMap<>();
        return deltas;
    }

    /** Puts back a delta that could not be persisted, so the next flush carries it. */
    public void restore(ServingProfile delta) {
        Key key = new Key(delta.modelName(), delta.modelVersion(), delta.periodStart());
        open.merge(key, delta.profile(), Profile::merge);
    }
}
