package com.roisystems.ml.bus;

/**
 * Every way a request can fail, each with the wire name clients see in {@code {"error": {"code"}}} and
 * the HTTP status it means. Defined once: services fail with a {@link ServiceFailure} carrying one of
 * these, and the HTTP edge, the WebSocket edge and batch items all answer from here.
 *
 * <p>{@code throw ServiceFailure.invalid("as_of", "must not be in the future");}
 */
public enum FailureCode {

    /** A field of a service request is missing or malformed; the failure names the field. */
    INVALID_REQUEST(400, "invalid_request"),
    /** A field of an HTTP or WebSocket request is missing or malformed; the failure names the field. */
    INVALID_FIELD(400, "invalid_field"),
    /** The body is not JSON, or not the JSON shape the route takes. */
    MALFORMED_JSON(400, "malformed_json"),
    /** The body is not a JSON object (or array, where one is accepted). */
    INVALID_BODY(400, "invalid_body"),
    /** The body is empty where one is required. */
    EMPTY_BODY(400, "empty_body"),
    /** The body is not valid UTF-8. */
    NOT_UTF8(400, "not_utf8"),
    /** The prediction route names a type this engine does not serve. */
    UNSUPPORTED_PREDICTION_TYPE(400, "unsupported_prediction_type"),
    /**
     * No bearer token where the route needs one, or a token that is malformed, expired, not yet valid, wrongly
     * signed or meant for another issuer or audience; answered with a {@code WWW-Authenticate} challenge.
     */
    UNAUTHENTICATED(401, "unauthenticated"),
    /** The token lacks the role the route needs (the message names it); also: a WebSocket origin not allowed. */
    FORBIDDEN(403, "forbidden"),
    /** The entity, model, version, run or dead letter named does not exist. */
    NOT_FOUND(404, "not_found"),
    /** The model named does not exist. */
    UNKNOWN_MODEL(404, "unknown_model"),
    /** The method is not served on this route. */
    METHOD_NOT_ALLOWED(405, "method_not_allowed"),
    /** The request conflicts with the current state: an illegal stage change, a run already in progress. */
    CONFLICT(409, "conflict"),
    /** The body is larger than the route accepts. */
    PAYLOAD_TOO_LARGE(413, "payload_too_large"),
    /** A prediction batch holds more requests than one batch may. */
    BATCH_TOO_LARGE(413, "batch_too_large"),
    /** An intake request holds more events than one request may. */
    TOO_MANY_EVENTS(413, "too_many_events"),
    /** A WebSocket asks for more subscriptions than one connection may hold. */
    TOO_MANY_SUBSCRIPTIONS(413, "too_many_subscriptions"),
    /** The body is not {@code application/json}. */
    UNSUPPORTED_MEDIA_TYPE(415, "unsupported_media_type"),
    /** The caller used up its request budget (rate limit); {@code Retry-After} says when to try again. */
    RATE_LIMITED(429, "rate_limited"),
    /** A bounded queue of long jobs (training runs) is full; the message says how many wait. Retry later. */
    QUEUE_FULL(429, "queue_full"),
    /** A bug or an unexpected failure, logged with its trace where it happened; clients see no detail. */
    INTERNAL(500, "internal_error"),
    /** A service or dependency the request needs is down or missing. */
    UNAVAILABLE(503, "service_unavailable"),
    /** The service is at capacity for this kind of request (admission control); {@code Retry-After} says when to try again. */
    OVERLOADED(503, "overloaded"),
    /** A service the request needs did not answer in time; the message names it. Safe to retry. */
    TIMEOUT(503, "timeout");

    private final int httpStatus;
    private final String wireName;

    FailureCode(int httpStatus, String wireName) {
        this.httpStatus = httpStatus;
        this.wireName = wireName;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The code as clients read it in error bodies. */
    public String wireName() {
        return wireName;
    }

    /** The code with this wire name; INTERNAL for a name this version does not know. */
    public static FailureCode fromWire(String wireName) {
        for (FailureCode code : values()) {
            if (code.wireName.equals(wireName)) {
                return code;
            }
        }
        return INTERNAL;
    }

    /** The code a bare status means, for failures raised by the web router itself (404 route, 405, 413, 415). */
    public static FailureCode forStatus(int status) {
        return switch (status) {
            case 400 -> INVALID_REQUEST;
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> UNAVAILABLE;
            default -> INTERNAL;
        };
    }
}
