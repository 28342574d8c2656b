package com.roisystems.ml.db;

import java.math.BigDecimal;

/**
 * One row in PostgreSQL's COPY text format, for the simulator's loader and the history import: tab-separated columns,
 * {@code \N} for null, backslash escapes in text, plain decimals, and array literals for the simulator's truth arrays.
 * Every type has exactly one rendering, which PostgreSQL reads back exactly and which makes two simulator runs
 * byte-identical.
 *
 * <p>{@code CopyText.appendRow(buffer, new Object[]{id, "user_1", null});}
 */
public final class CopyText {

    private CopyText() {
    }

    public static void appendRow(StringBuilder out, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            appendValue(out, values[i]);
        }
        out.append('\n');
    }

    private static void appendValue(StringBuilder out, Object value) {
        if (value == null) {
            out.append("\\N");
        } else if (value instanceof String text) {
            appendEscaped(out, text);
        } else if (value instanceof BigDecimal decimal) {
            out.append(decimal.toPlainString());
        } else if (value instanceof float[] array) {
            out.append('{');
            for (int i = 0; i < array.length; i++) {
                out.append(i == 0 ? "" : ",").append(array[i]);
            }
            out.append('}');
        } else if (value instanceof double[] array) {
            out.append('{');
            for (int i = 0; i < array.length; i++) {
                out.append(i == 0 ? "" : ",").append(array[i]);
            }
            out.append('}');
        } else {
            // Instant, LocalDate, UUID, numbers and booleans print in forms PostgreSQL reads back exactly.
            out.append(value);
        }
    }

    private static void appendEscaped(StringBuilder out, String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
    }
}
