package com.roisystems.ml.simulate;

/**
 * How a shift is drawn: the region an engagement collapse hits (null: the region with the most homeowners), how many
 * young users register, by how many percentage points the 30-year rate jumps, and the seed of every random draw.
 *
 * <p>{@code new ShiftOptions("region_03", 500, 2.5, 7)}
 */
public record ShiftOptions(String region, int cohortUsers, double ratePoints, long seed) {

    public ShiftOptions {
        if (cohortUsers < 1 || cohortUsers > 1_000_000) {
            throw new IllegalArgumentException("--cohort-users must be 1..1000000, got " + cohortUsers);
        }
        if (!(ratePoints > 0 && ratePoints <= 10)) {
            throw new IllegalArgumentException("--rate-points must be above 0 and at most 10, got " + ratePoints);
        }
    }

    public static ShiftOptions defaults() {
        return new ShiftOptions(null, 500, 2.5, 42);
    }

    public ShiftOptions withRegion(String regionId) {
        return new ShiftOptions(regionId, cohortUsers, ratePoints, seed);
    }

    public ShiftOptions withCohortUsers(int users) {
        return new ShiftOptions(region, users, ratePoints, seed);
    }

    public ShiftOptions withSeed(long newSeed) {
        return new ShiftOptions(region, cohortUsers, ratePoints, newSeed);
    }
}
