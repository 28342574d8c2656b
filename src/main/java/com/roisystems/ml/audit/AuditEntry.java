package com.roisystems.ml.audit;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * One admin action as recorded: who ({@code actor}, the token's subject; {@code roles}; {@code tenant}, null for a
 * platform-wide caller), what ({@code action}: method and route pattern, {@code "POST /v1/admin/models/:name/versions/:version/promote"}),
 * on what ({@code target}: the path parameters), how it ended ({@code outcome}: the HTTP status), from where and when.
 * {@code id} is 0 until stored.
 */
public record AuditEntry(long id, Instant at, String actor, List<String> roles, String tenant, String action,
                         JsonObject target, int outcome, String clientAddress, JsonObject details) {

    public AuditEntry {
        roles = List.copyOf(roles);
        target = target == null ? new JsonObject() : target;
        details = details == null ? new JsonObject() : details;
    }

    public JsonObject toJson() {
        return new JsonObject().put("id", id).put("at", at.toString()).put("actor", actor).put("roles", new JsonArray(roles))
                .put("tenant_id", tenant).put("action", action).put("target", target).put("outcome", outcome)
                .put("client_address", clientAddress).put("details", details);
    }
}
