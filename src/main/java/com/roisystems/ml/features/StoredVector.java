package com.roisystems.ml.features;

import java.time.Instant;

/**
 * A vector as the online store keeps it: values in the order of layout {@code layoutHash}, computed
 * as of {@code asOf}. NaN marks a null value.
 *
 * <p>{@code new StoredVector(now, layout.hash(), layout.id(), values)}
 */
public record StoredVector(Instant asOf, String layoutHash, int layoutId, double[] values) {
}
