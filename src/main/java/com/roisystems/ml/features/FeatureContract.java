package com.roisystems.ml.features;

import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.ComponentHealth;
import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.bus.HealthQuery;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The event-bus contract of the feature store.
 *
 * <p>{@link #GET} ({@code features.get}): a {@link GetRequest} → a {@link FeatureVector}. Without
 * {@code as_of} the latest vector is served from the online store (memory, then Redis), computed from
 * PostgreSQL on a miss or while Redis is down; with {@code as_of} it is computed point in time. With
 * {@code mark_missing} a null whose input the producer did not send is served MISSING, not NULL. Fails with
 * a {@link ServiceFailure}:
 * <ul>
 *   <li>{@code INVALID_REQUEST} naming the field — {@code names} (unknown feature), {@code categories}
 *   (unknown category), {@code as_of} (not RFC 3339, or in the future), {@code entity_type} (only USER has
 *   features), {@code entity_id} (missing);</li>
 *   <li>{@code NOT_FOUND} — the entity does not exist, or belongs to another tenant than the request's;</li>
 *   <li>{@code UNAVAILABLE} — PostgreSQL is unreachable, or the store did not answer within
 *   {@link #TIMEOUT_MS} (Redis being down is not a failure, only slower);</li>
 *   <li>{@code INTERNAL} — anything else, logged by the verticle.</li>
 * </ul>
 * <p>{@link #HEALTH} ({@code features.health}): the online store's health, {@code UP} or {@code DEGRADED}.
 * <p>{@link #IMPORTANCE} ({@code features.importance}): each feature's {@code ml_features.importance}.
 *
 * <p>{@code Bus.request(vertx, FeatureContract.GET, new GetRequest(EntityRef.user("u1"), null, List.of("equity"), List.of()))}
 */
public final class FeatureContract {

    /** How long a caller waits for a vector; a timeout is a 503 naming the feature store. */
    public static final long TIMEOUT_MS = 5_000;

    public static final Endpoint<GetRequest, FeatureVector> GET =
            Endpoint.nodeLocal("features.get", "the feature store", TIMEOUT_MS, GetRequest.FORMAT, FeatureVector.FORMAT);
    public static final Endpoint<HealthQuery, ComponentHealth> HEALTH =
            Endpoint.nodeLocal("features.health", "the feature store", 1_500, HealthQuery.FORMAT, ComponentHealth.FORMAT);
    /** Each feature's importance from {@code ml_features} ({@link FeatureImportances}); UNAVAILABLE when PostgreSQL is. */
    public static final Endpoint<FeatureImportances.Query, FeatureImportances> IMPORTANCE =
            Endpoint.of("features.importance", "the feature store", TIMEOUT_MS, FeatureImportances.Query.FORMAT, FeatureImportances.FORMAT);

    private FeatureContract() {
    }

    /**
     * A request for one entity's features; {@code asOf} null means "latest"; empty names and categories
     * mean the whole catalog. {@code tenant} is the caller's ({@code tenant_id} on the wire; null: every tenant): an
     * entity of another tenant is {@code NOT_FOUND}. Routes fill it from the verified caller, never from a body.
     * {@code markMissing} ({@code mark_missing} on the wire) asks the store to serve a null computed from an input the
     * producer did not send with status MISSING instead of NULL; it costs one more query when the vector has such
     * nulls, so the people-facing route asks for it and scoring, which only needs the numbers, does not.
     */
    public record GetRequest(EntityRef entity, Instant asOf, List<String> names, List<String> categories, String tenant,
                             boolean markMissing) {

        public static final WireFormat<GetRequest> FORMAT = WireFormat.of(GetRequest.class, GetRequest::toJson, GetRequest::fromJson);

        /** A platform-wide request (every tenant). */
        public GetRequest(EntityRef entity, Instant asOf, List<String> names, List<String> categories) {
            this(entity, asOf, names, categories, null);
        }

        /** A request whose unknown-input nulls stay NULL (the scoring path). */
        public GetRequest(EntityRef entity, Instant asOf, List<String> names, List<String> categories, String tenant) {
            this(entity, asOf, names, categories, tenant, false);
        }

        public GetRequest {
            ControlCharacters.requireNone("entity_id", entity.entityId());
            names = names == null ? List.of() : List.copyOf(names);
            categories = categories == null ? List.of() : List.copyOf(categories);
        }

        public JsonObject toJson() {
            return new JsonObject().put("entity_type", entity.entityType()).put("entity_id", entity.entityId())
                    .put("as_of", asOf == null ? null : asOf.toString())
                    .put("names", new JsonArray(names)).put("categories", new JsonArray(categories)).put("tenant_id", tenant)
                    .put("mark_missing", markMissing);
        }

        /** Decodes a request; a malformed field fails with {@code INVALID_REQUEST} naming it. */
        public static GetRequest fromJson(JsonObject json) {
            String entityId = json.getValue("entity_id") instanceof String text ? text : null;
            if (entityId == null || entityId.isBlank()) {
                throw ServiceFailure.invalid("entity_id", "required");
            }
            return new GetRequest(new EntityRef(json.getString("entity_type", "USER"), entityId),
                    parseAsOf(json.getValue("as_of")), strings(json, "names"), strings(json, "categories"),
                    json.getValue("tenant_id") instanceof String tenant ? tenant : null,
                    Boolean.TRUE.equals(json.getValue("mark_missing")));
        }

        /** Parses an RFC 3339 instant ({@code 2024-06-15T12:00:00Z}) or fails naming {@code as_of}. */
        public static Instant parseAsOf(Object raw) {
            if (raw == null) {
                return null;
            }
            try {
                return OffsetDateTime.parse(raw.toString()).toInstant();
            } catch (DateTimeParseException e) {
                throw ServiceFailure.invalid("as_of", "not an RFC 3339 timestamp: '" + raw + "'");
            }
        }

        private static List<String> strings(JsonObject json, String field) {
            Object value = json.getValue(field);
            if (value == null) {
                return List.of();
            }
            if (!(value instanceof JsonArray array) || array.stream().anyMatch(item -> !(item instanceof String))) {
                throw ServiceFailure.invalid(field, "must be an array of strings");
            }
            return array.stream().map(String.class::cast).toList();
        }
    }
}
