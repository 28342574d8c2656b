package com.roisystems.ml.features;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.StringJoiner;

/**
 * One feature, declared: what it means, how it is computed as of a timestamp (an SQL expression over
 * its {@link FeatureGroup}'s rows, where {@code :as_of} is the cut-off), its window, valid range,
 * null policy and max age, and the contract fields it reads ({@link #sources()}). {@link #hash()} identifies the definition: change anything that affects
 * values and the hash changes, so {@code ml_features} gets a new version row.
 *
 * <p>{@code FeatureDefinition.numeric("email_opens_30d", BEHAVIORAL, EMAIL, "count(*) FILTER (...)", "Emails opened").window(30).range(0, 1e5)}
 */
public record FeatureDefinition(String name, FeatureCategory category, String entityType, FeatureDataType dataType,
                                FeatureGroup group, String expression, String description, Integer windowDays,
                                double validMin, double validMax, NullPolicy nullPolicy, Double defaultValue,
                                Duration maxAge, List<SourceField> ownSources) {

    public static final String USER = "USER";

    public FeatureDefinition {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("feature name must be snake_case: " + name);
        }
        if (nullPolicy == NullPolicy.DEFAULT && defaultValue == null) {
            throw new IllegalArgumentException(name + ": DEFAULT null policy needs a default value");
        }
        ownSources = List.copyOf(ownSources);
    }

    /** A numeric feature with the group's window, range [0, +inf), nullable, max age one day. */
    public static FeatureDefinition numeric(String name, FeatureCategory category, FeatureGroup group, String expression, String description) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.NUMERIC, group, expression, description,
                group.windowDays(), 0, Double.POSITIVE_INFINITY, NullPolicy.NULLABLE, null, Duration.ofDays(1), List.of());
    }

    /** A count: never null (0 without rows). */
    public static FeatureDefinition count(String name, FeatureCategory category, FeatureGroup group, String expression, String description) {
        return numeric(name, category, group, expression, description).defaults(0);
    }

    /** A 0/1 flag; {@code expression} is an SQL boolean, null counts as false. */
    public static FeatureDefinition flag(String name, FeatureCategory category, FeatureGroup group, String condition, String description) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.BOOLEAN, group,
                "CASE WHEN " + condition + " THEN 1 ELSE 0 END", description, group.windowDays(), 0, 1,
                NullPolicy.DEFAULT, 0.0, Duration.ofDays(1), List.of());
    }

    /** A categorical code; the description must document the codes. */
    public static FeatureDefinition categorical(String name, FeatureCategory category, FeatureGroup group, String expression,
                                                String description, int maxCode) {
        return new FeatureDefinition(name, category, USER, FeatureDataType.CATEGORICAL, group, expression, description,
                group.windowDays(), 0, maxCode, NullPolicy.NULLABLE, null, Duration.ofDays(1), List.of());
    }

    public FeatureDefinition window(Integer days) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, days,
                validMin, validMax, nullPolicy, defaultValue, maxAge, ownSources);
    }

    public FeatureDefinition range(double min, double max) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                min, max, nullPolicy, defaultValue, maxAge, ownSources);
    }

    public FeatureDefinition defaults(double value) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, NullPolicy.DEFAULT, value, maxAge, ownSources);
    }

    public FeatureDefinition required() {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, NullPolicy.REQUIRED, null, maxAge, ownSources);
    }

    public FeatureDefinition maxAge(Duration age) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, nullPolicy, defaultValue, age, ownSources);
    }

    /** This definition reading the contract fields named ({@code property.sqft}), instead of its group's. */
    public FeatureDefinition reads(String... fields) {
        return new FeatureDefinition(name, category, entityType, dataType, group, expression, description, windowDays,
                validMin, validMax, nullPolicy, defaultValue, maxAge, Arrays.stream(fields).map(SourceField::of).toList());
    }

    /** The contract fields the value is computed from: the definition's own, else its group's. */
    public List<SourceField> sources() {
        return ownSources.isEmpty() ? group.reads() : ownSources;
    }

    /**
     * An SQL boolean over the group's row, true when a source field of a row that exists is null — an input the
     * producer did not send, so a null value is MISSING rather than NULL; null when no source can be unknown here
     * (counts over activity, calendar features, fields of rows the group does not hold as one row).
     */
    public String unknownInputSql() {
        StringJoiner unknown = new StringJoiner(" OR ");
        for (SourceField source : sources()) {
            String alias = group.rows().get(source.record());
            // Payload fields are their table's columns; the envelope's occurred_at is always known (and stored under other names).
            if (alias != null && !source.field().equals(SourceField.OCCURRED_AT) && source.record().nullIsUnknown(source.field())) {
                unknown.add("(" + alias + "." + source.record().keyColumn() + " IS NOT NULL AND " + alias + "." + source.field() + " IS NULL)");
            }
        }
        return unknown.length() == 0 ? null : unknown.toString();
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
