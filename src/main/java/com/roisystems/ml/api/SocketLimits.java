package com.roisystems.ml.api;

import com.roisystems.ml.config.WholeNumbers;
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
        return new SocketLimits(bound(section, "maxConnections", 1_000), bound(section, "maxInFlightPerSocket", 64),
                bound(section, "maxSubscriptionsPerSocket", 10_000));
    }

    private static int bound(JsonObject section, String key, int fallback) {
        return Math.toIntExact(WholeNumbers.atLeastOne(section, "http.webSocket", key, fallback));
    }
}
