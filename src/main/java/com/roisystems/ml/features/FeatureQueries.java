package com.roisystems.ml.features;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Every SQL statement of the feature store. Vector queries are assembled from the catalog: one
 * {@code LEFT JOIN LATERAL} per feature group over the user row, so a whole vector is one round trip
 * and the same text serves one user ({@code = $1}), many ({@code = ANY($1)}) or a backfill grid
 * ({@code INSERT ... SELECT} over users x as-of times). Assembled texts are cached, so prepared
 * statements are reused.
 *
 * <p>{@code String sql = FeatureQueries.vectorForUser(definitions);  // $1 user_id, $2 as_of}
 */
final class FeatureQueries {

    /** Each feature's importance, from its most recently profiled version. */
    static final String IMPORTANCE = """
            SELECT DISTINCT ON (name) name, importance FROM ml_features ORDER BY name, stats_updated_at DESC NULLS LAST, version DESC""";

    static final String SYNC_LOCK = "SELECT pg_advisory_xact_lock(hashtext('roi.ml_features.sync'))";

    static final String LATEST_DEFINITIONS = """
            SELECT DISTINCT ON (name) name, version, definition_hash, deprecated
            FROM ml_features ORDER BY name, version DESC""";

    static final String INSERT_DEFINITION = """
            INSERT INTO ml_features (name, version, category, feature_type, entity_type, data_type, description,
                                     computation_logic, definition_hash, window_days, valid_min, valid_max, default_value, nullable)
            VALUES ($1, $2, $3::feature_category, 'AGGREGATED', $4::entity_type, $5::data_type, $6, $7, $8, $9, $10, $11, $12, $13)""";

    static final String DEPRECATE_MISSING = """
            UPDATE ml_features SET deprecated = true, updated_at = now()
            WHERE NOT deprecated AND NOT (name = ANY($1::text[]))""";

    static final String UPSERT_LAYOUT = """
            INSERT INTO ml_feature_layouts (layout_hash, feature_names, feature_versions) VALUES ($1, $2, $3)
            ON CONFLICT (layout_hash) DO UPDATE SET layout_hash = EXCLUDED.layout_hash
            RETURNING layout_id""";

    static final String USER_EXISTS = "SELECT 1 FROM users WHERE user_id = $1";


    /** The latest stored vector at or before $2 from the offline store, with its layout. */
    static final String STORED_VECTOR = """
            SELECT v.as_of, v."values", l.layout_id, l.layout_hash, l.feature_names, l.feature_versions
            FROM ml_feature_values v JOIN ml_feature_layouts l USING (layout_id)
            WHERE v.entity_type = 'USER' AND v.entity_id = $1 AND v.as_of <= $2
            ORDER BY v.as_of DESC LIMIT 1""";

    private static final Map<String, String> CACHE = new ConcurrentHashMap<>();

    private FeatureQueries() {
    }

    /** {@code $1} user id, {@code $2} as-of; one row (user_id, tenant_id, v) or none for an unknown (or, in a tenant scope, invisible) user. */
    static String vectorForUser(List<FeatureDefinition> definitions) {
        return CACHE.computeIfAbsent("one:" + key(definitions), ignored ->
                "SELECT u.user_id, u.tenant_id, " + arraySql(definitions) + " AS v\nFROM users u\n" + lateralsSql(definitions, "$2::timestamptz")
                        + "WHERE u.user_id = $1");
    }

    /** {@code $1} text[] of user ids, {@code $2} as-of; one row per existing user. */
    static String vectorsForUsers(List<FeatureDefinition> definitions) {
        return CACHE.computeIfAbsent("many:" + key(definitions), ignored ->
                "SELECT u.user_id, u.tenant_id, " + arraySql(definitions) + " AS v\nFROM users u\n" + lateralsSql(definitions, "$2::timestamptz")
                        + "WHERE u.user_id = ANY($1::text[])");
    }

    /**
     * Computes and stores a grid in one statement: {@code $1} user ids, {@code $2} first as-of,
     * {@code $3} last as-of, {@code $4} step (interval text), {@code $5} layout id, {@code $6} run id.
     * Re-running overwrites (idempotent). Returns the number of vectors written.
     */
    static String backfill(List<FeatureDefinition> definitions) {
        return CACHE.computeIfAbsent("backfill:" + key(definitions), ignored ->
                "INSERT INTO ml_feature_values (entity_type, entity_id, as_of, layout_id, \"values\", run_id, tenant_id)\n"
                        + "SELECT 'USER'::entity_type, u.user_id, ts.as_of, $5::int, " + arraySql(definitions) + ", $6::bigint, u.tenant_id\n"
                        + "FROM users u\nCROSS JOIN generate_series($2::timestamptz, $3::timestamptz, $4::interval) AS ts(as_of)\n"
                        + lateralsSql(definitions, "ts.as_of")
                        + "WHERE u.user_id = ANY($1::text[])\n"
                        + "ON CONFLICT (entity_type, entity_id, as_of) DO UPDATE\n"
                        + "SET layout_id = EXCLUDED.layout_id, \"values\" = EXCLUDED.\"values\", run_id = EXCLUDED.run_id, computed_at = now()");
    }

    /**
     * {@code $1} user id, {@code $2} as-of; one row (user_id, u) whose bool array {@code u} says, per definition, whether
     * an input of a row that exists is null ({@link FeatureDefinition#unknownInputSql()}). Every definition must have one.
     */
    static String unknownInputsForUser(List<FeatureDefinition> definitions) {
        return CACHE.computeIfAbsent("unknown:" + key(definitions), ignored -> {
            Map<FeatureGroup, String> aliases = aliases(definitions);
            StringJoiner elements = new StringJoiner(", ", "ARRAY[", "]::bool[]");
            definitions.forEach(definition -> elements.add("coalesce(" + aliases.get(definition.group()) + "." + definition.name() + ", false)"));
            return "SELECT u.user_id, " + elements + " AS u\nFROM users u\n"
                    + lateralsSql(definitions, "$2::timestamptz", definition -> "(" + definition.unknownInputSql() + ")")
                    + "WHERE u.user_id = $1";
        });
    }

    /** One group's query on its own, for the catalog document. */
    static String groupSql(FeatureGroup group, List<FeatureDefinition> definitions) {
        return groupSelect(group, definitions);
    }

    private static String arraySql(List<FeatureDefinition> definitions) {
        Map<FeatureGroup, String> aliases = aliases(definitions);
        StringJoiner elements = new StringJoiner(", ", "ARRAY[", "]::float8[]");
        definitions.forEach(definition -> elements.add(definition.elementSql(aliases.get(definition.group()))));
        return elements.toString();
    }

    private static String lateralsSql(List<FeatureDefinition> definitions, String asOf) {
        return lateralsSql(definitions, asOf, FeatureDefinition::selectSql);
    }

    private static String lateralsSql(List<FeatureDefinition> definitions, String asOf, Function<FeatureDefinition, String> item) {
        Map<FeatureGroup, List<FeatureDefinition>> byGroup = new LinkedHashMap<>();
        definitions.forEach(definition -> byGroup.computeIfAbsent(definition.group(), group -> new ArrayList<>()).add(definition));
        Map<FeatureGroup, String> aliases = aliases(definitions);
        StringBuilder sql = new StringBuilder();
        byGroup.forEach((group, members) -> sql.append("LEFT JOIN LATERAL (").append(groupSelect(group, members, item).replace(":as_of", asOf))
                .append(") ").append(aliases.get(group)).append(" ON true\n"));
        return sql.toString();
    }

    private static String groupSelect(FeatureGroup group, List<FeatureDefinition> members) {
        return groupSelect(group, members, FeatureDefinition::selectSql);
    }

    private static String groupSelect(FeatureGroup group, List<FeatureDefinition> members, Function<FeatureDefinition, String> item) {
        StringJoiner items = new StringJoiner(",\n       ", "SELECT ", "");
        members.forEach(definition -> items.add(item.apply(definition) + " AS " + definition.name()));
        return items + (group.fromSql().isEmpty() ? "" : "\n  " + group.fromSql().replace("\n", "\n  "));
    }

    private static Map<FeatureGroup, String> aliases(List<FeatureDefinition> definitions) {
        Map<FeatureGroup, String> aliases = new LinkedHashMap<>();
        definitions.forEach(definition -> aliases.computeIfAbsent(definition.group(), group -> "g_" + group.name()));
        return aliases;
    }

    private static String key(List<FeatureDefinition> definitions) {
        StringJoiner key = new StringJoiner(",");
        definitions.forEach(definition -> key.add(definition.name()));
        return key.toString();
    }
}
