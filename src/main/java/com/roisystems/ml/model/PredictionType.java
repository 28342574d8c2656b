package com.roisystems.ml.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The four predictions, with the URL slug and the registry model name each is served under (fixed by
 * the API), and whether its model is a classifier or a regressor. Training, the registry and serving
 * all speak in these.
 */
public enum PredictionType {
    MOVE_PROBABILITY("move-probability", "move_probability_model", "CLASSIFICATION"),
    TRANSACTION_TYPE("transaction-type", "transaction_type_model", "CLASSIFICATION"),
    CONTACT_TIMING("contact-timing", "contact_timing_model", "CLASSIFICATION"),
    PROPERTY_VALUE("property-value", "property_value_model", "REGRESSION");

    private final String slug;
    private final String modelName;
    private final String modelType;

    PredictionType(String slug, String modelName, String modelType) {
        this.slug = slug;
        this.modelName = modelName;
        this.modelType = modelType;
    }

    /** {@code CLASSIFICATION} or {@code REGRESSION}: the registry's model type. */
    public String modelType() {
        return modelType;
    }

    /**
     * Reads a type in any case; anything else fails with a message naming {@code prediction_type} and the
     * accepted values. {@code PredictionType.parse("move_probability")}
     */
    public static PredictionType parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("prediction_type: required; one of " + Arrays.toString(values()));
        }
        return fromName(text).orElseThrow(() -> new IllegalArgumentException(
                "prediction_type: unknown '" + text + "'; one of " + Arrays.toString(values())));
    }

    public String slug() {
        return slug;
    }

    public String modelName() {
        return modelName;
    }

    public static Optional<PredictionType> fromSlug(String slug) {
        return Arrays.stream(values()).filter(type -> type.slug.equals(slug)).findFirst();
    }

    public static Optional<PredictionType> fromName(String name) {
        if (name == null) {
            return Optional.empty();
        }
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        return Arrays.stream(values()).filter(type -> type.name().equals(normalized)).findFirst();
    }

    public static Optional<PredictionType> fromModelName(String modelName) {
        return Arrays.stream(values()).filter(type -> type.modelName.equals(modelName)).findFirst();
    }
}
