package com.roisystems.ml.bus;

import io.vertx.core.VertxException;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.eventbus.ReplyFailure;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import io.vertx.sqlclient.DatabaseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/**
 * The one failure type of every service: a {@link FailureCode}, the offending field when one input
 * field is to blame, and a message for people. It is a {@link ReplyException}, so a service replies
 * with it and the requester's future fails with the same object: on the local bus it is delivered as
 * is, between cluster nodes as {@link #toJson()} (its codec is registered by {@link Bus}).
 *
 * <p>{@code throw ServiceFailure.invalid("as_of_date", "must not be in the future");}
 */
public final class ServiceFailure extends ReplyException {

    private static final Logger log = LoggerFactory.getLogger(ServiceFailure.class);

    /** SQLSTATEs of the integrity violations a conflict message tells apart (PostgreSQL's class 23). */
    private static final String NOT_NULL_VIOLATION = "23502";
    private static final String FOREIGN_KEY_VIOLATION = "23503";
    private static final String UNIQUE_VIOLATION = "23505";
    private static final String CHECK_VIOLATION = "23514";
    private static final String EXCLUSION_VIOLATION = "23P01";

    /** The words every 503 caused by the database ends with, so clients and operators see which dependency is down. */
    public static final String POSTGRES_UNREACHABLE = "the database (PostgreSQL) cannot be reached or is not accepting requests; retry";

    private final FailureCode code;
    private final String field;

    public ServiceFailure(FailureCode code, String field, String message) {
        this(code, field, message, ReplyFailure.RECIPIENT_FAILURE);
    }

    /** Keeps the bus's own failure type, so a caller can still tell "nobody listens" from "it said no". */
    private ServiceFailure(FailureCode code, String field, String message, ReplyFailure failureType) {
        super(failureType, code.httpStatus(), message, true);
        this.code = code;
        this.field = field;
    }

    /**
     * A missing or malformed field of a service request; the message starts with the field, as every
     * 400 of this API always has: {@code "as_of: must not be in the future"}.
     */
    public static ServiceFailure invalid(String field, String message) {
        return new ServiceFailure(FailureCode.INVALID_REQUEST, field, field + ": " + message);
    }

    public static ServiceFailure notFound(String message) {
        return new ServiceFailure(FailureCode.NOT_FOUND, null, message);
    }

    public static ServiceFailure conflict(String message) {
        return new ServiceFailure(FailureCode.CONFLICT, null, message);
    }

    public static ServiceFailure unavailable(String message) {
        return new ServiceFailure(FailureCode.UNAVAILABLE, null, message);
    }

    public static ServiceFailure internal() {
        return new ServiceFailure(FailureCode.INTERNAL, null, "internal error");
    }

    public FailureCode code() {
        return code;
    }

    /** The request field to fix, or null when no single field is to blame. */
    public String field() {
        return field;
    }

    public int httpStatus() {
        return code.httpStatus();
    }

    /**
     * What any failure means to a caller of {@code service} (a name people know: "the feature store").
     * A {@link ServiceFailure} stays itself; a timeout is {@code TIMEOUT} and a missing handler
     * {@code UNAVAILABLE}, both naming the service; PostgreSQL unreachable, shutting down or out of connections (a refused or
     * closed connection, SQLSTATE classes 08, 53, 57) is {@code UNAVAILABLE} naming PostgreSQL; malformed JSON is {@code MALFORMED_JSON}; a bare {@code message.fail(status, text)}
     * keeps its status and the text its sender wrote for people; anything else is a bug: logged here with its trace,
     * answered {@code INTERNAL}. The message never carries a driver's or an exception's own text (which can name
     * tables, values, hosts): that goes to the log, the caller gets a fixed message naming the service.
     */
    public static ServiceFailure from(Throwable failure, String service) {
        if (failure instanceof ServiceFailure known) {
            return known;
        }
        if (failure instanceof DecodeException) {
            return new ServiceFailure(FailureCode.MALFORMED_JSON, null, "the request body is not valid JSON");
        }
        if (failure instanceof ReplyException reply) {
            return switch (reply.failureType()) {
                case TIMEOUT -> new ServiceFailure(FailureCode.TIMEOUT, null, service + " did not answer in time", ReplyFailure.TIMEOUT);
                case NO_HANDLERS -> new ServiceFailure(FailureCode.UNAVAILABLE, null, service + " is not running", ReplyFailure.NO_HANDLERS);
                default -> reply.failureCode() == FailureCode.INTERNAL.httpStatus() || reply.failureCode() <= 0
                        ? internal()
                        : new ServiceFailure(FailureCode.forStatus(reply.failureCode()), null, reply.getMessage());
            };
        }
        if (failure instanceof DatabaseException database) {
            return fromDatabase(database, service);
        }
        if (failure instanceof ConnectException || failure instanceof ClosedConnectionException) {
            // Only PostgreSQL's clients let a refused or dropped connection reach here: Redis users answer without it
            // (the online store misses, rate limits count locally) or name Redis themselves (erasure).
            log.warn("{}: PostgreSQL unreachable: {}", service, failure.toString());
            return unavailable(service + " is unavailable: " + POSTGRES_UNREACHABLE);
        }
        if (failure instanceof TimeoutException || failure instanceof VertxException && "Timeout".equals(failure.getMessage())) {
            log.warn("{} is unavailable: {}", service, failure.toString());
            return unavailable(service + " is unavailable: a server it depends on cannot be reached");
        }
        log.error("Unexpected failure in {}", service, failure);
        return internal();
    }

    /**
     * A PostgreSQL error by its SQLSTATE class: integrity violations and serialization failures are
     * conflicts with the current state (the caller may retry or change the request); connection,
     * resource and shutdown classes mean the database is unavailable; anything else is a bug. PostgreSQL's
     * own message is logged, never answered: a conflict says which kind, and names the constraint when
     * the driver reports one ({@code "the model registry refused the change: it would duplicate an existing
     * entry (constraint ml_models_name_version_key)"}).
     */
    private static ServiceFailure fromDatabase(DatabaseException database, String service) {
        String state = database.getSqlState() == null ? "" : database.getSqlState();
        String sqlClass = state.length() >= 2 ? state.substring(0, 2) : state;
        return switch (sqlClass) {
            case "23" -> {
                log.warn("{} refused a change: {} ({})", service, database.getMessage(), state);
                yield conflict(service + " refused the change: " + integrityViolation(state) + constraintOf(database));
            }
            case "40" -> {
                log.warn("{} refused a change: {} ({})", service, database.getMessage(), state);
                yield conflict(service + " refused the change: a concurrent change conflicted with it; retry");
            }
            case "08", "53", "57" -> {
                log.warn("{}: database unavailable: {} ({})", service, database.getMessage(), state);
                yield unavailable(service + " is unavailable: " + POSTGRES_UNREACHABLE);
            }
            default -> {
                log.error("Database failure in {} ({})", service, state, database);
                yield internal();
            }
        };
    }

    private static String integrityViolation(String sqlState) {
        return switch (sqlState) {
            case UNIQUE_VIOLATION -> "it would duplicate an existing entry";
            case FOREIGN_KEY_VIOLATION -> "it refers to an entry that does not exist, or removes one that is still referred to";
            case NOT_NULL_VIOLATION -> "a required value is missing";
            case CHECK_VIOLATION -> "a value is outside what is allowed";
            case EXCLUSION_VIOLATION -> "it overlaps an existing entry";
            default -> "it breaks an integrity rule";
        };
    }

    /** {@code " (constraint name)"} when PostgreSQL names the constraint, else empty. */
    private static String constraintOf(DatabaseException database) {
        return database instanceof PgException pg && pg.getConstraint() != null && !pg.getConstraint().isBlank()
                ? " (constraint " + pg.getConstraint() + ")"
                : "";
    }

    /** {@code {"error": {"code", "message", "field"?}}}: the error body of the HTTP and WebSocket edges. */
    public JsonObject toErrorBody() {
        return new JsonObject().put("error", toJson());
    }

    /** {@code {"code", "message", "field"?}}. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("code", code.wireName()).put("message", getMessage());
        if (field != null) {
            json.put("field", field);
        }
        return json;
    }

    public static ServiceFailure fromJson(JsonObject json) {
        return new ServiceFailure(FailureCode.fromWire(json.getString("code")), json.getString("field"), json.getString("message"));
    }

    @Override
    public String toString() {
        return code.wireName() + (field == null ? "" : " (" + field + ")") + ": " + getMessage();
    }
}
