package com.roisystems.ml.features;

/**
 * Features that share a source table and window: computed together by one SQL query, a correlated
 * subquery over the user row {@code u} whose {@code FROM} part is {@link #fromSql()}. The token
 * {@code :as_of} stands for the cut-off and is bound by {@link FeatureQueries}.
 *
 * <p>{@code new FeatureGroup("email_events_90d", "email_events", 90, "FROM email_events e WHERE ...")}
 */
public record FeatureGroup(String name, String source, Integer windowDays, String fromSql) {

    public FeatureGroup {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("group name must be snake_case: " + name);
        }
        fromSql = fromSql.strip();
    }
}
