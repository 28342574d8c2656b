package com.roisystems.ml.features;

import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The event-bus contract of the feature store. JSON on the bus, so it works clustered.
 *
 * <p>{@link #GET_ADDRESS} ({@code features.get}): request {@link GetRequest}, reply a {@link FeatureVector}
 * as JSON. Without {@code as_of} the latest vector is served from the online store (memory, then Redis),
 * computed from PostgreSQL on a miss or while Redis is down; with {@code as_of} it is computed point in
 * time. Failure codes ({@link ServiceFailures}):
 * <ul>
 *   <li>{@code 400} — a malformed request; the message starts with the field: {@code "names: unknown
 *   feature 'foo'"}, {@code "categories: unknown category 'x'"}, {@code "as_of: not an RFC 3339
 *   timestamp"}, {@code "as_of: must not be in the future"}, {@code "entity_type: only USER has features"};</li>
 *   <li>{@code 404} — the entity does not exist ({@code "entity_id: unknown user 'u9'"});</li>
 *   <li>{@code 503} — PostgreSQL is unreachable (Redis being down is not a failure, only slower);</li>
 *   <li>{@code 500} — anything else, logged by the verticle.</li>
 * </ul>
 * <p>{@link #HEALTH_ADDRESS} ({@code features.health}): any body; replies the online store's health
 * ({@code {"status": "UP" | "DEGRADED"}}).
 *
 * <p>{@code FeatureService.get(vertx, new GetRequest(EntityRef.user("u1"), null, List.of("equity"), List.of()))}
 */
public final class FeatureService {

    public static final String GET_ADDRESS = "features.get";
    public static final String HEALTH_ADDRESS = "features.health";

    /** How long a caller waits for a vector; a timeout is a 503 at the HTTP edge. */
    public static final long TIMEOUT_MS = 5_000;

    private FeatureService() {
    }

    /** Sends a request and decodes the reply. */
    public static Future<FeatureVector> get(Vertx vertx, GetRequest request) {
        return vertx.eventBus().<JsonObject>request(GET_ADDRESS, request.toJson(), new DeliveryOptions().setSendTimeout(TIMEOUT_MS))
                .map(reply -> FeatureVector.fromJson(reply.body()));
    }

    /**
     * A request for one entity's features; {@code asOf} null means "latest"; empty names and categories
     * mean the whole catalog.
     */
    public record GetRequest(EntityRef entity, Instant asOf, List<String> names, List<String> categories) {

        public GetRequest {
            names = names == null ? List.of() : List.copyOf(names);
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public JsonObject toJson() {
            return new JsonObject().put("entity_type", entity.entityType()).put("entity_id", entity.entityId())
                    .put("as_of", asOf == null ? null : asOf.toString())
                    .put("names", new JsonArray(names)).put("categories", new JsonArray(categories));
        }

        /** Decodes a request; malformed fields fail with a 400 {@link FeatureException} naming the field. */
        public static GetRequest fromJson(JsonObject json) {
            String entityId = json.getString("entity_id");
            if (entityId == null || entityId.isBlank()) {
                throw FeatureException.badRequest("entity_id: required");
            }
            return new GetRequest(new EntityRef(json.getString("entity_type", "USER"), entityId),
                    parseAsOf(json.getValue("as_of")), strings(json, "names"), strings(json, "categories"));
        }

        /** Parses an RFC 3339 instant ({@code 2024-06-15T12:00:00Z}) or fails with {@code "as_of: ..."}. */
        public static Instant parseAsOf(Object raw) {
            if (raw == null) {
                return null;
            }
            try {
                return java.time.OffsetDateTime.parse(raw.toString()).toInstant();
            } catch (DateTimeParseException e) {
                throw FeatureException.badRequest("as_of: not an RFC 3339 timestamp: '" + raw + "'");
            }
        }

        private static List<String> strings(JsonObject json, String field) {
            Object value = json.getValue(field);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof JsonArray array) || array.stream().anyMatch(item -> !(item instanceof String))) {
                throw FeatureException.badRequest(field + ": must be an array of strings");
            }
            return array.stream().map(String.class::cast).toList();
        }
    }
}
