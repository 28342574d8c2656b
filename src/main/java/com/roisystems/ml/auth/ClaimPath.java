package com.roisystems.ml.auth;

import io.vertx.core.json.JsonObject;

/**
 * A claim named by a dotted path into a token's claims: {@code roles}, or Keycloak's {@code realm_access.roles}.
 *
 * <p>{@code ClaimPath.of("realm_access.roles").read(claims)}
 */
record ClaimPath(String[] parts) {

    static ClaimPath of(String dotted) {
        return new ClaimPath(dotted.split("\\."));
    }

    /** The value at the path, or null when any step is missing or not an object. */
    Object read(JsonObject claims) {
        Object current = claims;
        for (String part : parts) {
            if (!(current instanceof JsonObject object)) {
                return null;
            }
            current = object.getValue(part);
        }
        return current;
    }

    /** Puts {@code value} at the path, creating the objects on the way. */
    void write(JsonObject claims, Object value) {
        JsonObject current = claims;
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
