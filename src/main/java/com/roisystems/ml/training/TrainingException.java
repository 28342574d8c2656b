package com.roisystems.ml.training;

import com.roisystems.ml.api.ServiceFailures;

/**
 * A training request that cannot be honoured, with the failure code the bus and HTTP layers map to a
 * status: 400 for a malformed request (the message starts with the field), 409 when the data cannot
 * support a model (too few labelled rows, a single class).
 *
 * <p>{@code throw TrainingException.insufficientData("MOVE_PROBABILITY: 12 labelled training rows, need at least 200");}
 */
public final class TrainingException extends RuntimeException {

    private final int failureCode;

    public TrainingException(int failureCode, String message) {
        super(message);
        this.failureCode = failureCode;
    }

    public static TrainingException badRequest(String message) {
        return new TrainingException(ServiceFailures.BAD_REQUEST, message);
    }

    public static TrainingException insufficientData(String message) {
        return new TrainingException(ServiceFailures.CONFLICT, message);
    }

    public int failureCode() {
        return failureCode;
    }
}
