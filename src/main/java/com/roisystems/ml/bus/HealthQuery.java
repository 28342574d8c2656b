package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

/**
 * The request of a component's health address: it carries nothing; asking is the question.
 *
 * <p>{@code Bus.request(vertx, FeatureContract.HEALTH, HealthQuery.NOW)}
 */
public record HealthQuery() {

    public static final HealthQuery NOW = new HealthQuery();
    public static final WireFormat<HealthQuery> FORMAT = WireFormat.of(HealthQuery.class, query -> new JsonObject(), json -> NOW);
}
