package com.roisystems.ml.features;

import java.util.ArrayList;
import java.util.List;

/**
 * Checks values against their definitions: BOOLEAN is 0 or 1, CATEGORICAL a whole code within range,
 * every value finite and within [valid_min, valid_max], and REQUIRED features not null.
 * STALE and MISSING values are not the validator's concern; their status already says so.
 */
final class FeatureValidator {

    ValidationResult validate(FeatureCatalog catalog, FeatureVector vector) {
        List<ValidationResult.Error> errors = new ArrayList<>();
        for (FeatureValue value : vector.values()) {
            FeatureDefinition definition = catalog.get(value.name());
            if (definition == null) {
                errors.add(new ValidationResult.Error(value.name(), ValidationResult.RULE_UNKNOWN, "not in the catalog"));
                continue;
            }
            if (value.status() == FeatureStatus.MISSING) {
                continue;
            }
            check(definition, value.value(), errors);
        }
        return new ValidationResult(errors.isEmpty(), errors);
    }

    private static void check(FeatureDefinition definition, Double value, List<ValidationResult.Error> errors) {
        String name = definition.name();
        if (value == null || value.isNaN()) {
            if (definition.nullPolicy() != NullPolicy.NULLABLE) {
                errors.add(new ValidationResult.Error(name, ValidationResult.RULE_NULL_POLICY,
                        "null not allowed (policy " + definition.nullPolicy() + ")"));
            }
            return;
        }
        if (value.isInfinite()) {
            errors.add(new ValidationResult.Error(name, ValidationResult.RULE_TYPE, "not a finite number: " + value));
            return;
        }
        switch (definition.dataType()) {
            case BOOLEAN -> {
                if (value != 0.0 && value != 1.0) {
                    errors.add(new ValidationResult.Error(name, ValidationResult.RULE_TYPE, "BOOLEAN must be 0 or 1, got " + value));
                    return;
                }
            }
            case CATEGORICAL -> {
                if (value != Math.rint(value)) {
                    errors.add(new ValidationResult.Error(name, ValidationResult.RULE_TYPE, "CATEGORICAL must be a whole code, got " + value));
                    return;
                }
            }
            case NUMERIC -> {
                // any finite double is a number
            }
        }
        if (value < definition.validMin() || value > definition.validMax()) {
            errors.add(new ValidationResult.Error(name, ValidationResult.RULE_RANGE,
                    value + " outside [" + definition.validMin() + ", " + definition.validMax() + "]"));
        }
    }
}
