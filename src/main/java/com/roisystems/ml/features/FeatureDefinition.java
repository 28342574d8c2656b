package com.roisystems.ml.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;

/**
 * One feature, declared: what it means, how it is computed as of a timestamp (an SQL expression over
 * its {@link FeatureGroup}'s rows, where {@code :as_of} is the cut-off), its window, valid range,
 * null policy and max age. {@link #hash()} identifies the definition: change anything that affects
 * values and the hash changes, so {@code ml_features} gets a new version row.
 *
 * <p>{@code FeatureDefinition.numeric("email_opens_30d", BEHAVIORAL, EMAIL, "count(*) FILTER (...)", "Emails opened").window(30).range(0, 1e5)}
 */
public record FeatureDefinition(String name, FeatureCategory category, String entityType, FeatureDataType dataType,
                                FeatureGroup group, String expression, String description, Integer windowDays,
                                double validMin, double validMax, NullPolicy nullPolicy, Double defaultValue,
                                Duration maxAge) {

    public static final String USER = "USER";

    public FeatureDefinition {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("feature name must be snake_case: " + name);
        }
        if (nullPolicy == NullPolicy.DEFAULT && defaultValue == null) {
            throw new IllegalArgumentException(name + ": DEFAULT null policy needs a default value");
        }
    }

    /** A numeric feature with the group's window, range [0, +inf), nullable, max age one day. */
    public static FeatureDefinition numeric(String name, FeatureCategory category, FeatureGroup group, String expression, String description) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.NUMERIC, group, expression, description,
                group.windowDays(), 0, Double.POSITIVE_INFINITY, NullPolicy.NULLABLE, null, Duration.ofDays(1));
    }

    /** A count: never null (0 without rows). */
    public static FeatureDefinition count(String name, FeatureCategory category, FeatureGroup group, String expression, String description) {
        return numeric(name, category, group, expression, description).defaults(0);
    }

    /** A 0/1 flag; {@code expression} is an SQL boolean, null counts as false. */
    public static FeatureDefinition flag(String name, FeatureCategory category, FeatureGroup group, String condition, String description) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.BOOLEAN, group,
                "CASE WHEN " + condition + " THEN 1 ELSE 0 END", description, group.windowDays(), 0, 1,
                NullPolicy.DEFAULT, 0.0, Duration.ofDays(1));
    }

    /** A categorical code; the description must document the codes. */
    public static FeatureDefinition categorical(String name, FeatureCategory category, FeatureGroup group, String expression,
                                                String description, int maxCode) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.CATEGORICAL, group, expression, description,
                group.windowDays(), 0, maxCode, NullPolicy.NULLABLE, null, Duration.ofDays(1));
    }

    public FeatureDefinition window(Integer days) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, days,
                validMin, validMax, nullPolicy, defaultValue, maxAge);
    }

    public FeatureDefinition range(double min, double max) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                min, max, nullPolicy, defaultValue, maxAge);
    }

    public FeatureDefinition defaults(double value) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, NullPolicy.DEFAULT, value, maxAge);
    }

    public FeatureDefinition required() {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, NullPolicy.REQUIRED, null, maxAge);
    }

    public FeatureDefinition maxAge(Duration age) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, nullPolicy, defaultValue, age);
    }

    /** The select-list item of the group query: the expression as a double. */
    public String selectSql() {
        return "(" + expression + ")::float8";
    }

    /**
     * The vector element read from the group's lateral row {@code alias}. The default is applied here,
     * outside the group query, because a group with no row at all (no property) yields null too.
     */
    public String elementSql(String alias) {
        String column = alias + "." + name;
        return nullPolicy == NullPolicy.DEFAULT ? "coalesce(" + column + ", " + defaultValue + ")" : column;
    }

    /** The full computation for people: the select item over its group's FROM, with the null policy. */
    public String computationSql() {
        String item = nullPolicy == NullPolicy.DEFAULT ? "coalesce(" + selectSql() + ", " + defaultValue + ")" : selectSql();
        return "SELECT " + item + " AS " + name + (group.fromSql().isEmpty() ? "" : "\n" + group.fromSql());
    }

    /** SHA-256 of everything that affects values or their interpretation, first 16 hex digits. */
    public String hash() {
        String canonical = String.join("\u0001", name, category.name(), entityType, dataType.name(), group.name(),
                computationSql(), String.valueOf(windowDays), Double.toString(validMin), Double.toString(validMax),
                nullPolicy.name(), String.valueOf(defaultValue), maxAge.toString());
        return sha256(canonical).substring(0, 16);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
