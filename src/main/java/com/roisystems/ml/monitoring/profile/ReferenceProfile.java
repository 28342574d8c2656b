package com.roisystems.ml.monitoring.profile;

import java.util.List;

/**
 * A model version's reference: the profile of the rows it was trained on and what it predicted for them, captured at
 * training time and stored with the version ({@code ml_reference_profiles}). Sketched with a larger k than serving
 * windows ({@value #SKETCH_K}: rank error about 0.7%), since it is written once and compared with every window.
 *
 * <p>{@code Profile reference = ReferenceProfile.of(layout.names(), trainingRows, predictedProbabilities);}
 */
public final class ReferenceProfile {

    public static final int SKETCH_K = 400;

    private ReferenceProfile() {
    }

    /** From training rows (values in {@code featureNames}' order, NaN missing) and the predicted values (may be null). */
    public static Profile of(List<String> featureNames, List<double[]> rows, double[] predictions) {
        Profile profile = Profile.empty(SKETCH_K);
        for (int i = 0; i < rows.size(); i++) {
            profile.record(featureNames, rows.get(i), predictions == null ? null : predictions[i], null);
        }
        return profile;
    }

    /** For a classifier that predicts a class (the transaction type): the predicted classes instead of values. */
    public static Profile ofClasses(List<String> featureNames, List<double[]> rows, String[] predictedClasses) {
        Profile profile = Profile.empty(SKETCH_K);
        for (int i = 0; i < rows.size(); i++) {
            profile.record(featureNames, rows.get(i), null, predictedClasses == null ? null : predictedClasses[i]);
        }
        return profile;
    }
}
