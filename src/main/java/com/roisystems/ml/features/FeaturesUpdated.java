package com.roisystems.ml.features;

import com.roisystems.ml.bus.WireFormat;
import com.roisystems.ml.bus.Topic;
import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Published (to every subscriber, no reply) on {@link #ADDRESS} after the feature verticle refreshed
 * the online vectors of {@code entities} as of {@code asOf}, for example after new activity. Scoring
 * may drop cached predictions of these entities. The record itself on the local bus, its JSON between cluster nodes.
 *
 * <p>{@code Bus.subscribe(vertx, FeaturesUpdated.TOPIC, updated -> drop(updated.entities()));}
 */
public record FeaturesUpdated(List<EntityRef> entities, Instant asOf) {

    public static final String ADDRESS = "features.updated";
    public static final WireFormat<FeaturesUpdated> FORMAT =
            WireFormat.of(FeaturesUpdated.class, FeaturesUpdated::toJson, FeaturesUpdated::fromJson);
    public static final Topic<FeaturesUpdated> TOPIC = Topic.of(ADDRESS, FORMAT);

    public JsonObject toJson() {
        JsonArray items = new JsonArray();
        entities.forEach(entity -> items.add(entity.toJson()));
        return new JsonObject().put("entities", items).put("as_of", asOf.toString());
    }

    public static FeaturesUpdated fromJson(JsonObject json) {
        return new FeaturesUpdated(json.getJsonArray("entities").stream().map(item -> EntityRef.fromJson((JsonObject) item)).toList(),
                Instant.parse(json.getString("as_of")));
    }
}
