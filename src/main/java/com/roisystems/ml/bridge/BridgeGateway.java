package com.roisystems.ml.bridge;

import com.roisystems.ml.audit.AuditEntry;
import com.roisystems.ml.audit.AuditLog;
import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.bridge.BridgeAddresses.Inbound;
import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the requests the guard let through: each is forwarded as JSON to its contract endpoint (which reads JSON and
 * answers JSON, {@code bus.Bus#serve}), the reply or failure goes back to the client, and an admin request is written
 * to the audit trail with the caller's subject and the outcome as the HTTP status it would have had. A refused
 * request is answered here too, with the failure the guard named, and audited like a refused HTTP admin request.
 *
 * <p>A failure reaches the client as {@code failureCode} (the HTTP status) and {@code message}, the contract's error
 * JSON {@code {"code", "message", "field"?}} as text: the same body {@code /v1/admin} answers.
 */
final class BridgeGateway {

    private static final Logger log = LoggerFactory.getLogger(BridgeGateway.class);
    /** A larger request body is recorded in the audit trail by its field names only. */
    private static final int AUDITED_BODY_CHARS = 4_096;

    private final Vertx vertx;
    private final AuditLog auditLog;

    BridgeGateway(Vertx vertx, AuditLog auditLog) {
        this.vertx = vertx;
        this.auditLog = auditLog;
    }

    Future<Void> start() {
        List<Future<Void>> registered = new ArrayList<>();
        for (Inbound inbound : BridgeAddresses.INBOUND) {
            registered.add(vertx.eventBus().<JsonObject>consumer(BridgeAddresses.GATEWAY_PREFIX + inbound.address(),
                    message -> forward(inbound, message)).completion());
        }
        registered.add(vertx.eventBus().<JsonObject>consumer(BridgeAddresses.REFUSED, this::refuse).completion());
        return Future.all(registered).mapEmpty();
    }

    private void forward(Inbound inbound, Message<JsonObject> message) {
        Caller caller = BridgeCallers.fromHeaders(message.headers());
        Instant at = Instant.now();
        JsonObject body = message.body() == null ? new JsonObject() : message.body();
        vertx.eventBus().<Object>request(inbound.address(), body, new DeliveryOptions().setSendTimeout(inbound.endpoint().timeoutMs()))
                .map(Message::body)
                .onComplete(done -> {
                    if (done.succeeded() && done.result() instanceof JsonObject reply) {
                        message.reply(reply);
                        audit(inbound.audited(), caller, at, inbound.address(), body, 200, message);
                    } else {
                        ServiceFailure failure = done.succeeded() ? ServiceFailure.internal() : ServiceFailure.from(done.cause(), inbound.endpoint().service());
                        message.fail(failure.httpStatus(), failure.toJson().encode());
                        audit(inbound.audited(), caller, at, inbound.address(), body, failure.httpStatus(), message);
                    }
                });
    }

    private void refuse(Message<JsonObject> message) {
        Caller caller = BridgeCallers.fromHeaders(message.headers());
        FailureCode code = FailureCode.fromWire(message.headers().get(BridgeCallers.REFUSED_STATUS));
        ServiceFailure failure = new ServiceFailure(code, code == FailureCode.INVALID_REQUEST ? "body" : null,
                message.headers().get(BridgeCallers.REFUSED_REASON));
        message.fail(failure.httpStatus(), failure.toJson().encode());
        String asked = message.headers().get(BridgeCallers.ASKED);
        audit(asked != null && asked.startsWith("admin."), caller, Instant.now(), String.valueOf(asked), new JsonObject(), failure.httpStatus(), message);
    }

    /** As {@code audit.AuditHandler} records an HTTP admin request: actor, roles, tenant, action, target, outcome, client. */
    private void audit(boolean audited, Caller caller, Instant at, String address, JsonObject body, int outcome, Message<JsonObject> message) {
        if (!audited) {
            return;
        }
        String encoded = body.encode();
        JsonObject target = encoded.length() <= AUDITED_BODY_CHARS ? body : new JsonObject().put("fields", new io.vertx.core.json.JsonArray(List.copyOf(body.fieldNames())));
        AuditEntry entry = new AuditEntry(0, at, caller.isAnonymous() ? "anonymous" : caller.subject(),
                caller.roles().stream().map(Role::wireName).sorted().toList(), caller.tenant(), "BUS " + address, target, outcome,
                caller.clientAddress(), new JsonObject().put("via", message.headers().get(BridgeCallers.VIA)));
        auditLog.append(entry).onFailure(failure -> log.error("Audit entry not written: {} by {} answered {} at {}",
                entry.action(), entry.actor(), entry.outcome(), entry.at(), failure));
    }
}
