package com.roisystems.ml.features;

import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;

/**
 * Published (to every subscriber, no reply) on {@link #ADDRESS} after the feature verticle refreshed
 * the online vectors of {@code entities} as of {@code asOf}, for example after new activity. Scoring
 * may drop cached predictions of these entities. JSON on the bus, so it works clustered.
 *
 * <p>{@code vertx.eventBus().consumer(FeaturesUpdated.ADDRESS, m -> FeaturesUpdated.fromJson((JsonObject) m.body()));}
 */
public record FeaturesUpdated(List<EntityRef> entities, Instant asOf) {

    public static final String ADDRESS = "features.updated";

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
