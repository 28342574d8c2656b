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
    /**
     * No value because an input is unknown: the feature was not part of the stored vector the value came from (an
     * older layout), or the entity has the record but the producer did not send the field it is computed from
     * (a property without {@code sqft}; see {@link FeatureDefinition#sources()}).
     */
    MISSING,
    /** Computed, but there is nothing to compute from (no property, never opened an email). */
    NULL,
    /** Served from the online store, older than the feature's max age. */
    STALE
}
