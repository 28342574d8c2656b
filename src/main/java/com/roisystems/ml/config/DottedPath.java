package com.roisystems.ml.config;

import io.vertx.core.json.JsonObject;

/**
 * A path of object keys joined by dots into nested JSON: {@code http.port} in the configuration, Keycloak's
 * {@code realm_access.roles} in a token's claims.
 *
 * <p>{@code DottedPath.of("realm_access.roles").read(claims)}
 */
public record DottedPath(String[] parts) {

    public static DottedPath of(String dotted) {
        return new DottedPath(dotted.split("\\."));
    }

    /** The value at the path, or null when any step is missing or not an object. */
    public Object read(JsonObject root) {
        Object current = root;
        for (String part : parts) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.getValue(part);
        }
        return current;
    }

    /** Puts {@code value} at the path, creating the objects on the way. */
    public void write(JsonObject root, Object value) {
        JsonObject current = root;
        for (int i = 0; i < parts.length - 1; i++) {
            JsonObject next = current.getJsonObject(parts[i]);
            if (next == null) {
                next = new JsonObject();
                current.put(parts[i], next);
            }
            current = next;
        }
        current.put(parts[parts.length - 1], value);
    }
}
