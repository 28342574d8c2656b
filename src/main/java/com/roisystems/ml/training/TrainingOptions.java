package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.registry.Stage;

/**
 * How much of the platform one training run reads and what happens after it: at most {@code usersLimit}
 * users (first by id), {@code cutoffs} monthly cut-offs (0: the type's default), at most
 * {@code contactUsers} users for CONTACT_TIMING (each gives 168 rows per cut-off), and an optional
 * promotion (Staging or Production) once registered.
 *
 * <p>{@code TrainingOptions.defaults().withUsersLimit(5_000).withPromote(Stage.PRODUCTION)}
 */
public record TrainingOptions(int usersLimit, int cutoffs, int contactUsers, Stage promote, String createdBy) {

    public TrainingOptions {
        if (usersLimit < 1) {
            throw ServiceFailure.invalid("users_limit", "must be positive, got " + usersLimit);
        }
        if (cutoffs != 0 && cutoffs < 3) {
            throw ServiceFailure.invalid("cutoffs", "need at least 3 for a train/validation/test split, got " + cutoffs);
        }
        if (promote != null && promote != Stage.STAGING && promote != Stage.PRODUCTION) {
            throw ServiceFailure.invalid("promote", "a new version can be promoted to Staging or Production, not " + promote.display());
        }
    }

    public static TrainingOptions defaults() {
        return new TrainingOptions(Integer.MAX_VALUE, 0, 1_500, null, "training");
    }

    public TrainingOptions withUsersLimit(int value) {
        return new TrainingOptions(value, cutoffs, contactUsers, promote, createdBy);
    }

    public TrainingOptions withCutoffs(int value) {
        return new TrainingOptions(usersLimit, value, contactUsers, promote, createdBy);
    }

    public TrainingOptions withContactUsers(int value) {
        return new TrainingOptions(usersLimit, cutoffs, value, promote, createdBy);
    }

    public TrainingOptions withPromote(Stage value) {
        return new TrainingOptions(usersLimit, cutoffs, contactUsers, value, createdBy);
    }

    public TrainingOptions withCreatedBy(String value) {
        return new TrainingOptions(usersLimit, cutoffs, contactUsers, promote, value);
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
