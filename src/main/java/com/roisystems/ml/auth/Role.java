package com.roisystems.ml.auth;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What a token allows. {@code client}: predictions over HTTP and WebSocket, feature reads, feedback;
 * {@code producer}: event intake; {@code admin}: registry, training, pipeline, dead letters, erasure, audit;
 * {@code monitor}: health details, metrics, monitoring reads. A token may hold several.
 */
public enum Role {
    CLIENT, PRODUCER, ADMIN, MONITOR;

    /** The name in tokens, config and error messages: {@code client}, {@code producer}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a token claim names, ignoring case; empty for a name this service does not know (other claims' roles). */
    public static Optional<Role> fromWireName(String name) {
        return Arrays.stream(values()).filter(role -> role.wireName().equalsIgnoreCase(name)).findFirst();
    }
}
