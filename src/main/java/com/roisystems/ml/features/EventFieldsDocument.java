package com.roisystems.ml.features;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The section of {@code docs/events.md} that says, for every event type, each payload field's type, whether it is
 * required, and which features it feeds: generated from the contract's JSON Schemas and the catalog's
 * {@link FeatureDefinition#sources()}, and checked by a test to be current, as {@code FEATURE_CATALOG.md} is.
 * Deterministic: the same contract and catalog give the same text.
 *
 * <p>{@code String section = EventFieldsDocument.markdown(EventValidator.contract(), FeatureCatalog.standard());}
 */
public final class EventFieldsDocument {

    /** The lines that delimit the generated section inside {@code docs/events.md}. */
    public static final String BEGIN = "<!-- BEGIN payload fields: generated from the contract and the feature catalog; do not edit -->";
    public static final String END = "<!-- END payload fields -->";

    private EventFieldsDocument() {
    }

    /** The section, from {@link #BEGIN} to {@link #END} inclusive, ending with a newline. */
    public static String markdown(JsonObject contract, FeatureCatalog catalog) {
        JsonObject types = contract.getJsonObject("types");
        StringBuilder md = new StringBuilder(BEGIN).append("\n\n## Payload fields and the features they feed\n\n")
                .append("Optional fields may be absent or JSON `null`: either means *unknown*, is stored as SQL NULL and never ")
                .append("replaced by a placeholder. A feature computed from an unknown field is null with status `MISSING` in ")
                .append("`GET /v1/features/{entity_type}/{entity_id}`; status `NULL` means there was nothing to compute from ")
                .append("(no property, no email opened). The mortgage fields are the exception: their absence means *no mortgage*. ")
                .append("`occurred_at` (envelope) lists the features that count or time events of the type.\n");
        for (String type : types.fieldNames().stream().sorted().toList()) {
            JsonObject payload = types.getJsonObject(type).getJsonObject("payload");
            Set<String> required = new LinkedHashSet<>(strings(payload.getJsonArray("required", new JsonArray())));
            md.append("\n### `").append(type).append("` (").append(types.getJsonObject(type).getString("entity_type")).append(")\n\n")
                    .append("| Field | Type | Required | Feeds |\n|---|---|---|---|\n");
            JsonObject properties = payload.getJsonObject("properties", new JsonObject());
            for (String field : properties.fieldNames()) {
                md.append("| `").append(field).append("` | ").append(typeOf(properties.getJsonObject(field))).append(" | ")
                        .append(required.contains(field) ? "required" : "optional").append(" | ")
                        .append(features(feeds(catalog, type, field))).append(" |\n");
            }
            List<String> timed = feeds(catalog, type, SourceField.OCCURRED_AT);
            if (!timed.isEmpty()) {
                md.append("| `occurred_at` (envelope) | RFC 3339 | required | ").append(features(timed)).append(" |\n");
            }
        }
        return md.append('\n').append(END).append('\n').toString();
    }

    /** The features reading {@code field} of events of {@code eventType}, in catalog order. */
    public static List<String> feeds(FeatureCatalog catalog, String eventType, String field) {
        List<String> names = new ArrayList<>();
        for (FeatureDefinition definition : catalog.all()) {
            for (SourceField source : definition.sources()) {
                if (source.field().equals(field) && source.record().eventTypes().contains(eventType)) {
                    names.add(definition.name());
                    break;
                }
            }
        }
        return names;
    }

    /**
     * The source fields of the catalog that no event type of their record carries: each is a definition naming a
     * field the contract does not have (a typo, or a field removed from the schema). Empty when the two agree.
     */
    public static Map<String, SourceField> unknownSources(JsonObject contract, FeatureCatalog catalog) {
        JsonObject types = contract.getJsonObject("types");
        Map<String, SourceField> unknown = new LinkedHashMap<>();
        for (FeatureDefinition definition : catalog.all()) {
            for (SourceField source : definition.sources()) {
                boolean carried = source.field().equals(SourceField.OCCURRED_AT)
                        ? source.record().eventTypes().stream().anyMatch(types::containsKey)
                        : source.record().eventTypes().stream().anyMatch(type -> types.containsKey(type)
                                && types.getJsonObject(type).getJsonObject("payload").getJsonObject("properties").containsKey(source.field()));
                if (!carried) {
                    unknown.put(definition.name() + " reads " + source.name(), source);
                }
            }
        }
        return unknown;
    }

    private static String features(List<String> names) {
        return names.isEmpty() ? "—" : String.join(", ", names.stream().map(name -> "`" + name + "`").toList());
    }

    /** The schema type in a few words: {@code integer 0–20}, {@code one of SINGLE_FAMILY, CONDO, ...}. */
    private static String typeOf(JsonObject schema) {
        Object type = schema.getValue("type");
        List<String> types = new ArrayList<>();
        if (type instanceof JsonArray array) {
            array.forEach(item -> {
                if (!"null".equals(item)) {
                    types.add(String.valueOf(item));
                }
            });
        } else {
            types.add(String.valueOf(type));
        }
        StringBuilder text = new StringBuilder(String.join(" or ", types));
        if (schema.containsKey("enum")) {
            List<String> values = new ArrayList<>();
            schema.getJsonArray("enum").forEach(value -> {
                if (value != null) {
                    values.add("`" + value + "`");
                }
            });
            return "one of " + String.join(", ", values);
        }
        if ("date-time".equals(schema.getString("format"))) {
            text.append(", RFC 3339");
        } else if (schema.getString("pattern", "").equals("^\\d{4}-\\d{2}-\\d{2}$")) {
            text.append(", date YYYY-MM-DD");
        }
        Object min = schema.containsKey("minimum") ? schema.getValue("minimum") : schema.getValue("exclusiveMinimum");
        Object max = schema.getValue("maximum");
        if (min != null || max != null) {
            text.append(' ').append(schema.containsKey("exclusiveMinimum") ? "> " + number(min) + (max == null ? "" : ", ≤ " + number(max))
                    : (min == null ? "≤ " + number(max) : max == null ? "≥ " + number(min) : number(min) + "–" + number(max)));
        }
        if (schema.containsKey("maxLength")) {
            text.append(", ≤ ").append(schema.getValue("maxLength")).append(" chars");
        }
        return text.toString();
    }

    private static String number(Object value) {
        double number = ((Number) value).doubleValue();
        return number == Math.rint(number) && Math.abs(number) < 1e15 ? String.format(java.util.Locale.ROOT, "%,d", (long) number) : Double.toString(number);
    }

    private static List<String> strings(JsonArray array) {
        List<String> out = new ArrayList<>();
        array.forEach(item -> out.add(String.valueOf(item)));
        return out;
    }
}
