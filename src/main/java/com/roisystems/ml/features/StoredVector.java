package com.roisystems.ml.features;

import java.time.Instant;

/**
 * A vector as the online store keeps it: values in the order of layout {@code layoutHash}, computed
 * as of {@code asOf}, of a user of {@code tenant}. NaN marks a null value. The tenant travels with the values so
 * a read for another tenant is answered as if the vector did not exist; a vector stored before tenants existed
 * has none and is recomputed.
 *
 * <p>{@code new StoredVector(now, layout.hash(), layout.id(), values, "acme")}
 */
public record StoredVector(Instant asOf, String layoutHash, int layoutId, double[] values, String tenant) {

    /** Whether a caller of {@code requestTenant} (null: every tenant) may be served this vector. */
    public boolean visibleTo(String requestTenant) {
        return tenant != null && (requestTenant == null || requestTenant.equals(tenant));
    }
}
