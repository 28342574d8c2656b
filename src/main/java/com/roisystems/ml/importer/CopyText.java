package com.roisystems.ml.importer;

/**
 * One row in PostgreSQL's COPY text format: tab-separated, {@code \N} for null, backslash escapes in text. Values
 * are what {@code RawTable}'s columns produce (text, UUID, numbers, booleans, dates, timestamps), each printed in a
 * form PostgreSQL reads back exactly.
 *
 * <p>{@code CopyText.appendRow(buffer, new Object[]{id, "user_1", null});}
 */
final class CopyText {

    private CopyText() {
    }

    static void appendRow(StringBuilder out, Object[] values) {
        for (int i = 0; i < values.length; i++) {
            if (i > 0) {
                out.append('\t');
            }
            Object value = values[i];
            if (value == null) {
                out.append("\\N");
            } else if (value instanceof String text) {
                appendEscaped(out, text);
            } else {
                // UUID, Integer, Double (1.0E7 is valid numeric and float8 input), Boolean, LocalDate, OffsetDateTime.
                out.append(value);
            }
        }
        out.append('\n');
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
