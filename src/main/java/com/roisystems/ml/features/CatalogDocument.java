package com.roisystems.ml.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * The catalog for people: {@code FEATURE_CATALOG.md} (generated, checked by a test to be current) and
 * the JSON of {@code GET /v1/features/catalog}. Deterministic: the same catalog gives the same bytes.
 *
 * <p>{@code Files.writeString(Path.of("FEATURE_CATALOG.md"), CatalogDocument.markdown(FeatureCatalog.standard()));}
 */
public final class CatalogDocument {

    private CatalogDocument() {
    }

    public static String markdown(FeatureCatalog catalog) {
        StringBuilder md = new StringBuilder();
        md.append("# Feature catalog\n\n")
                .append("<!-- Generated from the code by `java -jar target/roi-ml.jar catalog --output FEATURE_CATALOG.md`; do not edit. -->\n\n")
                .append("Every feature is computed **as of a timestamp** `:as_of` from rows that existed before it (activity by ")
                .append("`occurred_at`, valuations by `valued_at`, transactions by `opened_at`/`closed_at`, agents by `assigned_at`, ")
                .append("market data by `published_at`). Entity: the user (`u`); property and market features resolve through the ")
                .append("user's primary property (owned before as_of — since its purchase date, else since the platform learned of it — ")
                .append("primary residence first, then the latest owned) and its region. ")
                .append("Values are doubles: CATEGORICAL is the documented code, BOOLEAN is 0/1, null (NaN in a vector) means no value: ")
                .append("served MISSING when a contract field it reads was not sent (docs/events.md lists which fields feed which feature), else NULL. ")
                .append("Null policy DEFAULT replaces null by the default; NULLABLE serves status NULL; REQUIRED makes null a validation error. ")
                .append("Max age: older online values are served with status STALE.\n\n")
                .append(catalog.all().size()).append(" features in ").append(catalog.groups().size()).append(" groups (one SQL query each).\n\n")
                .append("| Category | Features |\n|---|---|\n");
        for (FeatureCategory category : FeatureCategory.values()) {
            md.append("| ").append(category).append(" | ").append(catalog.inCategory(category).size()).append(" |\n");
        }
        for (FeatureCategory category : FeatureCategory.values()) {
            md.append("\n## ").append(category).append("\n\n")
                    .append("| Feature | Entity | Type | Window | Range | Nulls | Max age | Version | Description |\n")
                    .append("|---|---|---|---|---|---|---|---|---|\n");
            for (FeatureDefinition d : catalog.inCategory(category)) {
                md.append("| `").append(d.name()).append("` | ").append(d.entityType()).append(" | ").append(d.dataType())
                        .append(" | ").append(d.windowDays() == null ? "all history" : d.windowDays() + " d")
                        .append(" | ").append(range(d)).append(" | ").append(nulls(d)).append(" | ").append(d.maxAge())
                        .append(" | `").append(d.hash()).append("` | ").append(d.description().replace("|", "\\|")).append(" |\n");
            }
        }
        md.append("\n## Computation\n\nOne query per group; `u` is the user row, `:as_of` the cut-off. Each feature's expression:\n");
        for (FeatureGroup group : catalog.groups()) {
            List<FeatureDefinition> members = catalog.all().stream().filter(d -> d.group().equals(group)).toList();
            md.append("\n### ").append(group.name()).append("\n\nSource: ").append(group.source())
                    .append(group.windowDays() == null ? "" : ", window " + group.windowDays() + " days").append(".\n\n```sql\n")
                    .append(FeatureQueries.groupSql(group, members)).append("\n```\n");
        }
        return md.toString();
    }

    public static JsonObject toJson(FeatureCatalog catalog) {
        JsonArray features = new JsonArray();
        for (FeatureDefinition d : catalog.all()) {
            features.add(new JsonObject().put("name", d.name()).put("category", d.category().name()).put("entity_type", d.entityType())
                    .put("data_type", d.dataType().name()).put("description", d.description()).put("window_days", d.windowDays())
                    .put("valid_min", finite(d.validMin())).put("valid_max", finite(d.validMax())).put("null_policy", d.nullPolicy().name())
                    .put("default_value", d.defaultValue()).put("max_age", d.maxAge().toString()).put("version", d.hash())
                    .put("group", d.group().name()).put("computation", d.computationSql())
                    .put("sources", new JsonArray(d.sources().stream().map(SourceField::name).toList())));
        }
        return new JsonObject().put("count", catalog.all().size()).put("features", features);
    }

    private static Double finite(double value) {
        return Double.isInfinite(value) ? null : value;
    }

    private static String range(FeatureDefinition d) {
        return "[" + number(d.validMin()) + ", " + number(d.validMax()) + "]";
    }

    private static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+inf" : "-inf";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? Long.toString((long) value) : Double.toString(value);
    }

    private static String nulls(FeatureDefinition d) {
        return d.nullPolicy() == NullPolicy.DEFAULT ? "DEFAULT " + number(d.defaultValue()) : d.nullPolicy().name();
    }
}
