package com.roisystems.ml.bus;

import io.vertx.core.json.JsonObject;

import java.util.function.Function;

/**
 * How one message type of a contract is written as JSON between cluster nodes. The record's own
 * {@code toJson}/{@code fromJson} are the one mapping; inside a JVM the record itself travels.
 *
 * <p>{@code WireFormat<EntityRef> FORMAT = WireFormat.of(EntityRef.class, EntityRef::toJson, EntityRef::fromJson);}
 */
public record WireFormat<T>(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {

    public static <T> WireFormat<T> of(Class<T> type, Function<T, JsonObject> toJson, Function<JsonObject, T> fromJson) {
        WireFormat<T> format = new WireFormat<>(type, toJson, fromJson);
        KnownFormats.add(format);
        return format;
    }
}
