package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

/**
 * One component's health as a health address answers it: {@code UP}, {@code DEGRADED} (still correct,
 * only slower) or {@code DOWN}, with the component's own details ({@code backend}, {@code reason},
 * {@code backlog}, ...). On the wire and in {@code /health}: {@code {"status", ...details}}.
 *
 * <p>{@code new ComponentHealth(HealthProbe.UP, new JsonObject().put("backend", "redis"))}
 */
public record ComponentHealth(String status, JsonObject details) {

    public static final WireFormat<ComponentHealth> FORMAT = WireFormat.of(ComponentHealth.class, ComponentHealth::toJson, ComponentHealth::fromJson);

    public ComponentHealth {
        details = details == null ? new JsonObject() : details.copy();
        details.remove("status");
    }

    public JsonObject toJson() {
        return new JsonObject().put("status", status).mergeIn(details);
    }

    public static ComponentHealth fromJson(JsonObject json) {
        return new ComponentHealth(json.getString("status", HealthProbe.DOWN), json);
    }
}
