package com.roisystems.ml.features;

import java.util.List;

/**
 * The outcome of validating a vector: valid when there are no errors; each error names the feature
 * and the rule it broke ({@code type}, {@code range}, {@code null_policy}, {@code unknown}).
 *
 * <p>{@code if (!result.valid()) result.errors().forEach(e -> log.warn("{}: {}", e.feature(), e.message()));}
 */
public record ValidationResult(boolean valid, List<Error> errors) {

    public static final String RULE_TYPE = "type";
    public static final String RULE_RANGE = "range";
    public static final String RULE_NULL_POLICY = "null_policy";
    public static final String RULE_UNKNOWN = "unknown";

    public ValidationResult {
        errors = List.copyOf(errors);
    }

    /** One broken rule. */
    public record Error(String feature, String rule, String message) {
    }
}
