package com.roisystems.ml.registry;

import com.roisystems.ml.api.ServiceFailures;

/**
 * A registry operation refused for a reason the caller can act on. {@link #failureCode()} is the
 * {@link ServiceFailures} code it travels with on the event bus (404 missing version, 409 illegal
 * transition or concurrent change, 400 bad input, 422-like integrity failures as 409 with the cause).
 */
public final class RegistryException extends RuntimeException {

    private final int failureCode;

    public RegistryException(int failureCode, String message) {
        super(message, null, false, false);
        this.failureCode = failureCode;
    }

    public static RegistryException notFound(String message) {
        return new RegistryException(ServiceFailures.NOT_FOUND, message);
    }

    public static RegistryException conflict(String message) {
        return new RegistryException(ServiceFailures.CONFLICT, message);
    }

    public static RegistryException badRequest(String message) {
        return new RegistryException(ServiceFailures.BAD_REQUEST, message);
    }

    public int failureCode() {
        return failureCode;
    }
}
