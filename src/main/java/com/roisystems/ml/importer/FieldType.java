package com.roisystems.ml.importer;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The JSON type a contract field takes, read from its schema's {@code type} ({@code "integer"} or
 * {@code ["integer", "null"]}), and how a cell of a customer's table becomes a value of it. A cell that does not
 * read as the type is passed on as the text it was, so the validator refuses it with the same message an HTTP
 * producer gets.
 *
 * <p>{@code FieldType.of(schema).convert("3")  // 3 for an integer field, "3" for a string field}
 */
enum FieldType {

    STRING, INTEGER, NUMBER, BOOLEAN, OTHER;

    /** The type a field's JSON schema names; {@link #OTHER} (values passed on as they are) when it names none we convert to. */
    static FieldType of(JsonObject fieldSchema) {
        Object type = fieldSchema == null ? null : fieldSchema.getValue("type");
        if (type instanceof JsonArray types) {
            for (Object one : types) {
                if (!"null".equals(one)) {
                    return named(String.valueOf(one));
                }
            }
            return OTHER;
        }
        return type instanceof String name ? named(name) : OTHER;
    }

    private static FieldType named(String name) {
        return switch (name) {
            case "string" -> STRING;
            case "integer" -> INTEGER;
            case "number" -> NUMBER;
            case "boolean" -> BOOLEAN;
            default -> OTHER;
        };
    }

    /**
     * {@code raw} (a CSV cell's text, or a JSON row's value) as a value of this type. Text for a number is trimmed;
     * an integer may be written {@code 3.0} (spreadsheets and pandas write whole numbers so); a boolean is
     * {@code true/false}, {@code t/f}, {@code yes/no} or {@code 1/0}. What does not read stays as given.
     */
    Object convert(Object raw) {
        if (!(raw instanceof String text)) {
            return this == STRING && (raw instanceof Number || raw instanceof Boolean) ? String.valueOf(raw) : raw;
        }
        String trimmed = text.trim();
        return switch (this) {
            case STRING, OTHER -> text;
            case INTEGER -> integer(trimmed, text);
            case NUMBER -> number(trimmed, text);
            case BOOLEAN -> bool(trimmed, text);
        };
    }

    private static Object integer(String trimmed, String text) {
        try {
            BigDecimal value = new BigDecimal(trimmed);
            BigDecimal whole = value.stripTrailingZeros();
            if (whole.scale() > 0) {
                return text;
            }
            return whole.toBigInteger().bitLength() < 64 ? (Object) whole.longValueExact() : text;
        } catch (NumberFormatException | ArithmeticException e) {
            return text;
        }
    }

    private static Object number(String trimmed, String text) {
        try {
            // BigDecimal refuses NaN and Infinity, which JSON has no way to write either.
            BigDecimal exact = new BigDecimal(trimmed);
            double value = exact.doubleValue();
            if (!Double.isFinite(value)) {
                return text;
            }
            // A whole amount stays whole in the event (1185000, not 1185000.0), as a producer would write it.
            BigDecimal whole = exact.stripTrailingZeros();
            return whole.scale() <= 0 && whole.toBigInteger().bitLength() < 64 ? (Object) whole.longValueExact() : value;
        } catch (NumberFormatException e) {
            return text;
        }
    }

    private static Object bool(String trimmed, String text) {
        return switch (trimmed.toLowerCase(Locale.ROOT)) {
            case "true", "t", "yes", "y", "1" -> Boolean.TRUE;
            case "false", "f", "no", "n", "0" -> Boolean.FALSE;
            default -> text;
        };
    }
}
