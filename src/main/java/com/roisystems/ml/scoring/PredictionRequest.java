package com.roisystems.ml.scoring;

import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A prediction request in the original design's shape: {@code entity_id}, {@code entity_type}
 * (default USER), {@code prediction_type}, optional {@code features} (name → number) and optional
 * {@code as_of_date} (RFC 3339, not in the future). Parsing fails with {@code INVALID_REQUEST} naming the
 * offending field. {@code tenant} is the caller's (null: every tenant): another tenant's entity is {@code NOT_FOUND}.
 * It never comes from a client's body: {@link #parse} leaves it null and routes set it from the verified caller
 * with {@link #withTenant}; on the bus it travels as {@code tenant_id}.
 *
 * <p>{@code PredictionRequest request = PredictionRequest.parse(body, PredictionType.MOVE_PROBABILITY).withTenant(caller.tenant());}
 */
public record PredictionRequest(String entityId, String entityType, PredictionType predictionType,
                                Map<String, Double> features, Instant asOf, JsonObject raw, String tenant) {

    private static final String TENANT_ID = "tenant_id";

    public static final WireFormat<PredictionRequest> FORMAT = WireFormat.of(PredictionRequest.class, PredictionRequest::toJson,
            json -> parse(json, null).withTenant(json.getValue(TENANT_ID) instanceof String tenant ? tenant : null));

    /** The same request on behalf of a caller of {@code callerTenant} (null: every tenant). */
    public PredictionRequest withTenant(String callerTenant) {
        return new PredictionRequest(entityId, entityType, predictionType, features, asOf, raw, callerTenant);
    }

    /** The request as the client sent it, with its type and tenant made explicit. */
    public JsonObject toJson() {
        boolean complete = raw.getValue("prediction_type") != null && Objects.equals(raw.getValue(TENANT_ID), tenant);
        return complete ? raw : raw.copy().put("prediction_type", predictionType.name()).put(TENANT_ID, tenant);
    }

    /**
     * The request as logged with its prediction: the parsed fields only ({@code entity_id}, {@code entity_type},
     * {@code prediction_type}, {@code features} when given, {@code as_of_date} when given, {@code tenant_id}), never the
     * body as sent, whose unknown fields could be anything up to the body limit.
     */
    public JsonObject loggedFields() {
        JsonObject fields = new JsonObject().put("entity_id", entityId).put("entity_type", entityType)
                .put("prediction_type", predictionType.name());
        if (features != null && !features.isEmpty()) {
            fields.put("features", new JsonObject(new java.util.LinkedHashMap<>(features)));
        }
        if (asOf != null) {
            fields.put("as_of_date", asOf.toString());
        }
        return fields.put(TENANT_ID, tenant);
    }

    /**
     * Reads a request; {@code impliedType} is the type of the route ({@code /v1/predict/move-probability}),
     * or null for batch items, which must name their own.
     */
    public static PredictionRequest parse(JsonObject json, PredictionType impliedType) {
        if (json == null) {
            throw ServiceFailure.invalid("body", "a JSON object is required");
        }
        Object entityId = json.getValue("entity_id");
        if (!(entityId instanceof String id) || id.isBlank() || id.length() > 128) {
            throw ServiceFailure.invalid("entity_id", "a non-empty string of at most 128 characters is required");
        }
        ControlCharacters.requireNone("entity_id", id);
        Object entityType = json.getValue("entity_type", "USER");
        if (!"USER".equals(entityType)) {
            throw ServiceFailure.invalid("entity_type", "predictions are made for USER entities, got " + entityType);
        }
        PredictionType type = predictionType(json.getValue("prediction_type"), impliedType);
        return new PredictionRequest(id, "USER", type, features(json.getValue("features")), asOf(json.getValue("as_of_date")), json, null);
    }

    private static PredictionType predictionType(Object value, PredictionType implied) {
        if (value == null) {
            if (implied == null) {
                throw ServiceFailure.invalid("prediction_type", "required: one of MOVE_PROBABILITY, TRANSACTION_TYPE, CONTACT_TIMING, PROPERTY_VALUE");
            }
            return implied;
        }
        PredictionType named = value instanceof String text ? PredictionType.fromName(text).orElse(null) : null;
        if (named == null) {
            throw ServiceFailure.invalid("prediction_type", "unsupported prediction type '" + value
                    + "'; use MOVE_PROBABILITY, TRANSACTION_TYPE, CONTACT_TIMING or PROPERTY_VALUE");
        }
        if (implied != null && named != implied) {
            throw ServiceFailure.invalid("prediction_type", "this route serves " + implied + ", not " + named);
        }
        return named;
    }

    private static Map<String, Double> features(Object value) {
        if (value == null) {
            return null;
        }
        if (!(value instanceof JsonObject object)) {
            throw ServiceFailure.invalid("features", "must be an object of feature name to number, or null");
        }
        Map<String, Double> features = new LinkedHashMap<>();
        for (String name : object.fieldNames()) {
            Object raw = object.getValue(name);
            if (raw instanceof Boolean flag) {
                features.put(name, flag ? 1.0 : 0.0);
            } else if (raw instanceof Number number) {
                features.put(name, number.doubleValue());
            } else if (raw == null) {
                features.put(name, Double.NaN);
            } else {
                throw ServiceFailure.invalid("features." + name, "must be a number, got " + raw);
            }
        }
        return features;
    }

    private static Instant asOf(Object value) {
        if (value == null) {
            return null;
        }
        Instant instant;
        try {
            instant = OffsetDateTime.parse(value.toString()).toInstant();
        } catch (DateTimeParseException e) {
            throw ServiceFailure.invalid("as_of_date", "must be an RFC 3339 timestamp like 2024-01-15T00:00:00Z");
        }
        if (instant.isAfter(Instant.now().plusSeconds(60))) {
            throw ServiceFailure.invalid("as_of_date", "must not be in the future");
        }
        return instant;
    }
}
