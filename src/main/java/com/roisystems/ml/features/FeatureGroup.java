package com.roisystems.ml.features;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Features that share a source table and window: computed together by one SQL query, a correlated
 * subquery over the user row {@code u} whose {@code FROM} part is {@link #fromSql()}. The token
 * {@code :as_of} stands for the cut-off and is bound by {@link FeatureQueries}.
 *
 * <p>{@link #reads()} are the contract fields its members read unless a member names its own;
 * {@link #rows()} the contract records its {@code FROM} holds as one row, by alias ({@code pp} for the primary
 * property): there a null field of an existing row is an unknown input, and the member's null is MISSING.
 *
 * <p>{@code new FeatureGroup("email_events_90d", "email_events", 90, "FROM email_events e WHERE ...").reading("email.email_id")}
 */
public record FeatureGroup(String name, String source, Integer windowDays, String fromSql, List<SourceField> reads,
                           Map<SourceRecord, String> rows) {

    public FeatureGroup {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("group name must be snake_case: " + name);
        }
        fromSql = fromSql.strip();
        reads = List.copyOf(reads);
        rows = Map.copyOf(rows);
    }

    public FeatureGroup(String name, String source, Integer windowDays, String fromSql) {
        this(name, source, windowDays, fromSql, List.of(), Map.of());
    }

    /** This group whose members read {@code fields} ({@code record.field}) unless they name their own. */
    public FeatureGroup reading(String... fields) {
        List<SourceField> all = Stream.concat(reads.stream(), Arrays.stream(fields).map(SourceField::of)).toList();
        return new FeatureGroup(name, source, windowDays, fromSql, all, rows);
    }

    /** This group, whose {@code FROM} holds one row of {@code record} as {@code alias} (or none when it does not exist). */
    public FeatureGroup withRow(SourceRecord record, String alias) {
        Map<SourceRecord, String> all = new LinkedHashMap<>(rows);
        all.put(record, alias);
        return new FeatureGroup(name, source, windowDays, fromSql, reads, all);
    }
}
