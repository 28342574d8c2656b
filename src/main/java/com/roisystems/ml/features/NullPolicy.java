package com.roisystems.ml.features;

/**
 * What a missing value means for a feature.
 *
 * <p>{@code definition.nullPolicy() == NullPolicy.DEFAULT}
 */
public enum NullPolicy {
    /** Null is a legitimate answer ("never opened an email": no days-since-last-open); served with status NULL. */
    NULLABLE,
    /** Null is replaced by the definition's default in the SQL itself (counts with no rows are 0). */
    DEFAULT,
    /** Every existing entity has a value; a null is a data problem that validation reports. */
    REQUIRED
}
