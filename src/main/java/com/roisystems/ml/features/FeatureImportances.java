package com.roisystems.ml.features;

import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Each catalog feature's importance as {@code ml_features.importance} holds it: the mean |SHAP| of the feature on the
 * test rows of the Production model the pipeline's statistics step last read (null: no such model uses the feature, or no
 * pipeline run since). The reply of {@link FeatureContract#IMPORTANCE}, shown by the catalog route beside each feature.
 *
 * <p>{@code Bus.request(vertx, FeatureContract.IMPORTANCE, FeatureImportances.QUERY).map(i -> i.byFeature().get("equity"))}
 */
public record FeatureImportances(Map<String, Double> byFeature) {

    /** The request: it carries nothing. */
    public record Query() {
        public static final WireFormat<Query> FORMAT = WireFormat.of(Query.class, query -> new JsonObject(), json -> new Query());
    }

    public static final Query QUERY = new Query();
    public static final WireFormat<FeatureImportances> FORMAT = WireFormat.of(FeatureImportances.class, FeatureImportances::toJson,
            FeatureImportances::fromJson);

    /** {@code {"importance": {feature: mean |SHAP| or null}}}. */
    public JsonObject toJson() {
        return new JsonObject().put("importance", new JsonObject(new LinkedHashMap<>(byFeature)));
    }

    public static FeatureImportances fromJson(JsonObject json) {
        Map<String, Double> byFeature = new LinkedHashMap<>();
        json.getJsonObject("importance").forEach(entry -> byFeature.put(entry.getKey(),
                entry.getValue() instanceof Number number ? number.doubleValue() : null));
        return new FeatureImportances(byFeature);
    }
}
