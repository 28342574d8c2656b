package com.roisystems.ml.features;

/**
 * The status of one served value, after Feast's serving: the caller always learns why a value is
 * absent or old instead of receiving a silent default.
 *
 * <p>{@code value.status() == FeatureStatus.STALE}
 */
public enum FeatureStatus {
    /** A value computed as of the vector's as-of time and within the feature's max age. */
    PRESENT,
    /** The feature was not part of the stored vector the value came from (an older layout). */
    MISSING,
    /** Computed, but there is nothing to compute from (no property, never opened an email). */
    NULL,
    /** Served from the online store, older than the feature's max age. */
    STALE
}
