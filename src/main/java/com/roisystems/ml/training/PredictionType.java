package com.roisystems.ml.training;

import java.util.Arrays;
import java.util.Locale;

/**
 * What a model predicts, with the registry name each type is published under (fixed by the API) and
 * whether it is a classifier or a regressor.
 *
 * <p>{@code PredictionType type = PredictionType.parse("move_probability"); type.modelName();}
 */
public enum PredictionType {
    MOVE_PROBABILITY("move_probability_model", "CLASSIFICATION"),
    TRANSACTION_TYPE("transaction_type_model", "CLASSIFICATION"),
    CONTACT_TIMING("contact_timing_model", "CLASSIFICATION"),
    PROPERTY_VALUE("property_value_model", "REGRESSION");

    private final String modelName;
    private final String modelType;

    PredictionType(String modelName, String modelType) {
        this.modelName = modelName;
        this.modelType = modelType;
    }

    public String modelName() {
        return modelName;
    }

    public String modelType() {
        return modelType;
    }

    /** Reads a type in any case; anything else is a 400 naming {@code prediction_type} and the accepted values. */
    public static PredictionType parse(String text) {
        if (text == null || text.isBlank()) {
            throw TrainingException.badRequest("prediction_type: required; one of " + Arrays.toString(values()));
        }
        try {
            return valueOf(text.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw TrainingException.badRequest("prediction_type: unknown '" + text + "'; one of " + Arrays.toString(values()));
        }
    }
}
