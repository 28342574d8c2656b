package com.roisystems.ml.pipeline;

import com.roisystems.ml.api.ServiceFailures;

/**
 * A pipeline request refused for a reason the caller can act on; {@link #failureCode()} is the
 * {@link ServiceFailures} code it travels with on the event bus. Messages of 400s start with the field.
 *
 * <p>{@code throw PipelineException.badRequest("as_of: must be a date like 2025-06-01");}
 */
public final class PipelineException extends RuntimeException {

    private final int failureCode;

    public PipelineException(int failureCode, String message) {
        super(message, null, false, false);
        this.failureCode = failureCode;
    }

    public static PipelineException badRequest(String message) {
        return new PipelineException(ServiceFailures.BAD_REQUEST, message);
    }

    public static PipelineException notFound(String message) {
        return new PipelineException(ServiceFailures.NOT_FOUND, message);
    }

    public static PipelineException conflict(String message) {
        return new PipelineException(ServiceFailures.CONFLICT, message);
    }

    public int failureCode() {
        return failureCode;
    }
}
