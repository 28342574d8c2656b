package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

/** An entity of the platform: its type ({@code USER}, {@code PROPERTY}, ...) and id ({@code user_123}). */
public record EntityRef(String entityType, String entityId) {

    public JsonObject toJson() {
        return new JsonObject().put("entity_type", entityType).put("entity_id", entityId);
    }

    public static EntityRef fromJson(JsonObject json) {
        return new EntityRef(json.getString("entity_type"), json.getString("entity_id"));
    }

    public static EntityRef user(String userId) {
        return new EntityRef("USER", userId);
    }
}
