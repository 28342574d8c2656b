package com.roisystems.ml.features;

import com.roisystems.ml.api.ServiceFailures;

/**
 * A failure of the feature service with a {@link ServiceFailures} code; the message names the field
 * first for bad requests ({@code "as_of: must not be in the future"}).
 *
 * <p>{@code throw FeatureException.notFound("entity_id: unknown user 'u42'");}
 */
public final class FeatureException extends RuntimeException {

    private final int code;

    public FeatureException(int code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public static FeatureException badRequest(String message) {
        return new FeatureException(ServiceFailures.BAD_REQUEST, message);
    }

    public static FeatureException notFound(String message) {
        return new FeatureException(ServiceFailures.NOT_FOUND, message);
    }

    public int code() {
        return code;
    }
}
