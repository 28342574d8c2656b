package com.roisystems.ml.monitoring.profile;

import java.time.Instant;

/** One model version's serving window: the hour (or day) and the profile of the predictions served in it. */
public record ServingProfile(String modelName, int modelVersion, Instant periodStart, Instant periodEnd, Profile profile) {
}
