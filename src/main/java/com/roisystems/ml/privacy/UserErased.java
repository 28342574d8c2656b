package com.roisystems.ml.privacy;

import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Published on {@link #ADDRESS} after a person's erasure committed: {@code entityIds} are the person's id and the ids
 * of the properties they owned, which subscribers forget (the prediction WebSocket drops its subscriptions to them).
 *
 * <p>{@code Bus.subscribe(vertx, UserErased.TOPIC, erased -> forget(erased.entityIds()));}
 */
public record UserErased(String userId, List<String> entityIds) {

    public static final String ADDRESS = "privacy.user-erased";
    public static final WireFormat<UserErased> FORMAT = WireFormat.of(UserErased.class, UserErased::toJson, UserErased::fromJson);
    public static final Topic<UserErased> TOPIC = Topic.of(ADDRESS, FORMAT);

    public UserErased {
        entityIds = List.copyOf(entityIds);
    }

    public JsonObject toJson() {
        return new JsonObject().put("user_id", userId).put("entity_ids", new JsonArray(entityIds));
    }

    public static UserErased fromJson(JsonObject json) {
        return new UserErased(json.getString("user_id"), json.getJsonArray("entity_ids").stream().map(Object::toString).toList());
    }
}
