package com.roisystems.ml.api;

/**
 * Failure codes the services put on event-bus replies ({@code message.fail(code, text)}) and the HTTP
 * status each one means. Codes are shared by every event-bus contract so one mapping covers them all.
 */
public final class ServiceFailures {

    /** The request named something that does not exist (entity, model, run, dead letter). */
    public static final int NOT_FOUND = 404;
    /** The request is invalid; the message names the field. */
    public static final int BAD_REQUEST = 400;
    /** The request conflicts with the current state (a run already in progress, an illegal transition). */
    public static final int CONFLICT = 409;
    /** The request is too large (batch over the limit). */
    public static final int TOO_LARGE = 413;
    /** A dependency the request needs is unavailable (no Production model, database down). */
    public static final int UNAVAILABLE = 503;
    /** Anything else: a bug or an unexpected failure, logged where it happened. */
    public static final int INTERNAL = 500;

    private ServiceFailures() {
    }

    static ApiException toApiException(int failureCode, String message) {
        return switch (failureCode) {
            case NOT_FOUND -> new ApiException(404, "not_found", message, null);
            case BAD_REQUEST -> new ApiException(400, "invalid_request", message, fieldOf(message));
            case CONFLICT -> new ApiException(409, "conflict", message, null);
            case TOO_LARGE -> new ApiException(413, "payload_too_large", message, null);
            case UNAVAILABLE -> new ApiException(503, "service_unavailable", message, null);
            default -> new ApiException(500, "internal_error", "internal error", null);
        };
    }

    /** Services name the field first, as {@code "field: message"}, so the HTTP edge can report it. */
    private static String fieldOf(String message) {
        if (message == null) {
            return null;
        }
        int colon = message.indexOf(": ");
        return colon > 0 && message.substring(0, colon).matches("[a-z_][a-z0-9_.\\[\\]]*") ? message.substring(0, colon) : null;
    }
}
