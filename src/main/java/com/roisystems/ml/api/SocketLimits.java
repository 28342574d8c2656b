package com.roisystems.ml.api;

import com.roisystems.ml.config.ConfigException;
import io.vertx.core.json.JsonObject;

/**
 * The {@code http.webSocket} section: how many prediction sockets a process serves, how many predict frames one
 * socket may have unanswered, and how many entities it may follow. Each bound keeps one client from taking memory the
 * others need.
 *
 * <p>{@code SocketLimits.of(config.getJsonObject("http"))}
 */
record SocketLimits(int maxConnections, int maxInFlightPerSocket, int maxSubscriptionsPerSocket) {

    static SocketLimits of(JsonObject http) {
        JsonObject section = http.getJsonObject("webSocket", new JsonObject());
        return new SocketLimits(positive(section, "maxConnections", 1_000), positive(section, "maxInFlightPerSocket", 64),
                positive(section, "maxSubscriptionsPerSocket", 10_000));
    }

    private static int positive(JsonObject section, String key, int fallback) {
        Object value = section.getValue(key, fallback);
        if (!(value instanceof Number number) || number.intValue() < 1 || number.doubleValue() != number.intValue()) {
            throw new ConfigException("http.webSocket." + key + " must be a whole number of at least 1, got " + value);
        }
        return number.intValue();
    }
}
