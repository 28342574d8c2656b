package com.roisystems.ml.bus;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Published (fire-and-forget, to every subscriber) on {@link #ADDRESS} after a batch of activity is
 * durable in PostgreSQL: which entities it touched, so the feature verticle refreshes their online
 * vectors. The record itself on the local bus, its JSON between cluster nodes.
 *
 * <p>{@code Bus.publish(vertx, ActivityIngested.TOPIC, new ActivityIngested(entities, 120, now));}
 */
public record ActivityIngested(List<EntityRef> entities, int events, Instant committedAt) {

    public static final String ADDRESS = "activity.ingested";
    public static final WireFormat<ActivityIngested> FORMAT =
            WireFormat.of(ActivityIngested.class, ActivityIngested::toJson, ActivityIngested::fromJson);
    public static final Topic<ActivityIngested> TOPIC = Topic.nodeLocal(ADDRESS, FORMAT);

    public JsonObject toJson() {
        JsonArray touched = new JsonArray();
        entities.forEach(entity -> touched.add(entity.toJson()));
        return new JsonObject().put("entities", touched).put("events", events).put("committed_at", committedAt.toString());
    }

    public static ActivityIngested fromJson(JsonObject json) {
        List<EntityRef> entities = json.getJsonArray("entities").stream()
                .map(entry -> EntityRef.fromJson((JsonObject) entry)).toList();
        return new ActivityIngested(entities, json.getInteger("events"), Instant.parse(json.getString("committed_at")));
    }
}
