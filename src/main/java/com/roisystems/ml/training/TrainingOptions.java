package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.registry.Stage;

/**
 * How much of the platform one training run reads and what happens after it: at most {@code usersLimit}
 * users (first by id), the latest {@code cutoffs} usable monthly cut-offs (0: the type's default, or all there are
 * when fewer), at least {@code minHistoryMonths} of data before the first cut-off (null: the configured
 * {@code training.minHistoryMonths}), at most {@code contactUsers} users for CONTACT_TIMING (each gives 168 rows per
 * cut-off), and an optional promotion (Staging or Production) once registered.
 *
 * <p>{@code TrainingOptions.defaults().withUsersLimit(5_000).withMinHistoryMonths(0).withPromote(Stage.PRODUCTION)}
 */
public record TrainingOptions(int usersLimit, int cutoffs, Integer minHistoryMonths, int contactUsers, Stage promote, String createdBy) {

    public TrainingOptions {
        if (usersLimit < 1) {
            throw ServiceFailure.invalid("users_limit", "must be positive, got " + usersLimit);
        }
        if (cutoffs < 0) {
            throw ServiceFailure.invalid(TrainingContract.CUTOFFS, "must be at least 1 (or 0 for the type's default), got " + cutoffs);
        }
        if (minHistoryMonths != null && (minHistoryMonths < 0 || minHistoryMonths > MonthlyCutoffs.MAX_MIN_HISTORY_MONTHS)) {
            throw ServiceFailure.invalid(MonthlyCutoffs.MIN_HISTORY_FIELD, "must be from 0 to " + MonthlyCutoffs.MAX_MIN_HISTORY_MONTHS
                    + " months, got " + minHistoryMonths);
        }
        if (promote != null && promote != Stage.STAGING && promote != Stage.PRODUCTION) {
            throw ServiceFailure.invalid("promote", "a new version can be promoted to Staging or Production, not " + promote.display());
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(Integer.MAX_VALUE, 0, null, 1_500, null, "training");
    }

    public TrainingOptions withUsersLimit(int value) {
        return new TrainingOptions(value, cutoffs, minHistoryMonths, contactUsers, promote, createdBy);
    }

    public TrainingOptions withCutoffs(int value) {
        return new TrainingOptions(usersLimit, value, minHistoryMonths, contactUsers, promote, createdBy);
    }

    /** Null: the configured {@code training.minHistoryMonths}. */
    public TrainingOptions withMinHistoryMonths(Integer value) {
        return new TrainingOptions(usersLimit, cutoffs, value, contactUsers, promote, createdBy);
    }

    public TrainingOptions withContactUsers(int value) {
        return new TrainingOptions(usersLimit, cutoffs, minHistoryMonths, value, promote, createdBy);
    }

    public TrainingOptions withPromote(Stage value) {
        return new TrainingOptions(usersLimit, cutoffs, minHistoryMonths, contactUsers, value, createdBy);
    }

    public TrainingOptions withCreatedBy(String value) {
        return new TrainingOptions(usersLimit, cutoffs, minHistoryMonths, contactUsers, promote, value);
    }

    /** Reads {@code Staging} / {@code Production} (any case); null or blank means no promotion. */
    public static Stage parsePromote(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Stage.parse(text);
        } catch (IllegalArgumentException e) {
            throw ServiceFailure.invalid("promote", e.getMessage());
        }
    }
}
