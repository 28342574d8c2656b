package com.roisystems.ml.scoring;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The four predictions, with the URL slug and the registry model name each is served under. */
public enum PredictionType {
    MOVE_PROBABILITY("move-probability", "move_probability_model"),
    TRANSACTION_TYPE("transaction-type", "transaction_type_model"),
    CONTACT_TIMING("contact-timing", "contact_timing_model"),
    PROPERTY_VALUE("property-value", "property_value_model");

    private final String slug;
    private final String modelName;

    PredictionType(String slug, String modelName) {
        this.slug = slug;
        this.modelName = modelName;
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
