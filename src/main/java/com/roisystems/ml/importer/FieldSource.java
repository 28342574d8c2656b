package com.roisystems.ml.importer;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Where one field of a mapped event takes its value from, as the mapping file writes it:
 * {@code {"column": "beds"}} (the row's cell, typed by the contract's schema for the field), a template string
 * {@code "prop-{row}"} / {@code "{sale_date}T00:00:00Z"} ({@code {column}} placeholders and {@code {row}}, the
 * 1-based data row), or {@code {"value": "SALE"}} (a constant, used as written). A blank cell is unknown: the field is
 * left out, and a template that needs a blank cell is left out as a whole, never filled with a placeholder.
 *
 * <p>{@code FieldSource.parse(json, "events[0].entity_id").resolve(row, FieldType.STRING)}
 */
sealed interface FieldSource {

    /** The value for {@code row}, converted to {@code type}; null when unknown (the field is left out). */
    Object resolve(SourceRow row, FieldType type);

    /** The columns this source reads (for the mapping check against the file's columns). */
    List<String> columns();

    /** The placeholder for the row number in templates. */
    String ROW = "row";

    record Column(String name) implements FieldSource {
        @Override
        public Object resolve(SourceRow row, FieldType type) {
            Object cell = row.cell(name);
            return cell == null ? null : type.convert(cell);
        }

        @Override
        public List<String> columns() {
            return List.of(name);
        }
    }

    record Constant(Object value) implements FieldSource {
        @Override
        public Object resolve(SourceRow row, FieldType type) {
            return value;
        }

        @Override
        public List<String> columns() {
            return List.of();
        }
    }

    /** Literal text and placeholders, alternating: {@code parts[i]} is a column name when {@code placeholder[i]}. */
    record Template(String text, List<String> parts, List<Boolean> placeholder) implements FieldSource {
        @Override
        public Object resolve(SourceRow row, FieldType type) {
            StringBuilder out = new StringBuilder(text.length() + 16);
            for (int i = 0; i < parts.size(); i++) {
                if (!placeholder.get(i)) {
                    out.append(parts.get(i));
                } else if (parts.get(i).equals(ROW)) {
                    out.append(row.number());
                } else {
                    Object cell = row.cell(parts.get(i));
                    if (cell == null) {
                        return null;
                    }
                    out.append(cell instanceof Double d && d == Math.rint(d) && !Double.isInfinite(d) ? String.valueOf(d.longValue()) : cell);
                }
            }
            return type.convert(out.toString());
        }

        @Override
        public List<String> columns() {
            List<String> names = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (placeholder.get(i) && !parts.get(i).equals(ROW)) {
                    names.add(parts.get(i));
                }
            }
            return names;
        }
    }

    /**
     * Reads one source as the mapping file writes it; {@code where} names it in the message of a mistake
     * ({@code events[1] (property.created) payload.bedrooms}).
     */
    static FieldSource parse(Object spec, String where) {
        if (spec instanceof String text) {
            return template(text, where);
        }
        if (spec instanceof JsonObject object) {
            Set<String> keys = object.fieldNames();
            if (keys.equals(Set.of("column")) && object.getValue("column") instanceof String column && !column.isBlank()) {
                return new Column(column);
            }
            if (keys.equals(Set.of("value"))) {
                return new Constant(object.getValue("value"));
            }
        }
        throw new IllegalArgumentException(where + ": must be {\"column\": \"name\"}, {\"value\": constant} or a template string like "
                + "\"prop-{row}\", got " + (spec == null ? "null" : Json.encode(spec)));
    }

    private static Template template(String text, String where) {
        List<String> parts = new ArrayList<>();
        List<Boolean> placeholder = new ArrayList<>();
        int at = 0;
        while (at < text.length()) {
            int open = text.indexOf('{', at);
            int stray = text.indexOf('}', at);
            if (stray >= 0 && (open < 0 || stray < open)) {
                throw new IllegalArgumentException(where + ": '}' without '{' in template \"" + text + "\"");
            }
            if (open < 0) {
                parts.add(text.substring(at));
                placeholder.add(false);
                break;
            }
            int close = text.indexOf('}', open);
            if (close < 0) {
                throw new IllegalArgumentException(where + ": '{' without '}' in template \"" + text + "\"");
            }
            String name = text.substring(open + 1, close);
            if (name.isBlank() || name.indexOf('{') >= 0) {
                throw new IllegalArgumentException(where + ": empty or nested placeholder in template \"" + text + "\"");
            }
            if (open > at) {
                parts.add(text.substring(at, open));
                placeholder.add(false);
            }
            parts.add(name);
            placeholder.add(true);
            at = close + 1;
        }
        return new Template(text, List.copyOf(parts), List.copyOf(placeholder));
    }
}
