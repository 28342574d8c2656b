package com.roisystems.ml.bridge;

import com.roisystems.ml.auth.Caller;
import com.roisystems.ml.bridge.BridgeAddresses.Inbound;
import com.roisystems.ml.bridge.BridgeAddresses.Outbound;
import com.roisystems.ml.bus.FailureCode;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * The one decision both bridges (SockJS and TCP) make about a client's frame. A request is routed either to the
 * gateway's consumer for its address, with the caller in the headers and the caller's subject in the body's caller
 * field, or to {@link BridgeAddresses#REFUSED} with the reason, so the client's reply handler gets an error naming it
 * instead of silence. A registration is allowed or refused with a reason.
 *
 * <p>{@code Routed routed = BridgeGuard.route(caller, refusal, "admin.models.promote", body, "sockjs");}
 */
final class BridgeGuard {

    /** Where a request goes, with what body and headers (the client's headers are dropped: they could forge a caller). */
    record Routed(String address, JsonObject body, JsonObject headers) {
        boolean refused() {
            return BridgeAddresses.REFUSED.equals(address);
        }
    }

    private BridgeGuard() {
    }

    /**
     * Routes a request of {@code caller} ({@code null} when its token was missing or refused, {@code tokenRefusal}
     * then says why) to {@code address} with {@code body} (a JSON object, or null for an empty request).
     */
    static Routed route(Caller caller, String tokenRefusal, String address, Object body, String via) {
        if (caller == null) {
            return refused(Caller.anonymous(null), address, FailureCode.UNAUTHENTICATED, tokenRefusal, via);
        }
        Optional<Inbound> inbound = BridgeAddresses.inbound(address);
        if (inbound.isEmpty()) {
            return refused(caller, address, FailureCode.FORBIDDEN, "no request address '" + address + "' on this bridge (docs/admin-bus.md lists them)", via);
        }
        Optional<String> refusal = BridgeAddresses.refusal(caller, address, inbound.get().roles(), false, address);
        if (refusal.isPresent()) {
            return refused(caller, address, FailureCode.FORBIDDEN, refusal.get(), via);
        }
        if (body != null && !(body instanceof JsonObject)) {
            return refused(caller, address, FailureCode.INVALID_REQUEST, "body: must be a JSON object", via);
        }
        JsonObject request = body == null ? new JsonObject() : ((JsonObject) body).copy();
        if (inbound.get().callerField() != null) {
            request.put(inbound.get().callerField(), caller.subject());
        }
        return new Routed(BridgeAddresses.GATEWAY_PREFIX + address, request, BridgeCallers.toHeaders(caller, via));
    }

    /** Why {@code caller} may not listen on {@code address}, or empty when it may. */
    static Optional<String> listenRefusal(Caller caller, String address) {
        Optional<Outbound> stream = BridgeAddresses.outbound(address);
        if (stream.isEmpty()) {
            return Optional.of("no stream '" + address + "' on this bridge (docs/admin-bus.md lists them)");
        }
        return BridgeAddresses.refusal(caller, address, stream.get().roles(), stream.get().tenantScoped(), stream.get().address());
    }

    /** An error frame for the client, in the shape of a failed reply: {@code {"type": "err", "address"?, "failureCode", "failureType", "message"}}. */
    static JsonObject errorFrame(String address, FailureCode code, String message) {
        JsonObject frame = new JsonObject().put("type", "err").put("failureCode", code.httpStatus()).put("failureType", "RECIPIENT_FAILURE")
                .put("message", new JsonObject().put("code", code.wireName()).put("message", message).encode());
        if (address != null) {
            frame.put("address", address);
        }
        return frame;
    }

    private static Routed refused(Caller caller, String address, FailureCode code, String reason, String via) {
        JsonObject headers = BridgeCallers.toHeaders(caller, via).put(BridgeCallers.REFUSED_STATUS, code.wireName())
                .put(BridgeCallers.REFUSED_REASON, reason);
        if (address != null) {
            headers.put(BridgeCallers.ASKED, address);
        }
        return new Routed(BridgeAddresses.REFUSED, new JsonObject(), headers);
    }
}
