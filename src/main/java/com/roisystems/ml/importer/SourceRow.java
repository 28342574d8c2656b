package com.roisystems.ml.importer;

import java.util.Map;

/**
 * One data row of a customer's table: its 1-based number (the header is not a row), the line of the file it starts
 * on, its cells by column, the row as read (for the rejected file), and why it cannot be mapped at all (a CSV record
 * with the wrong number of fields, a JSON line that is not an object), or null.
 *
 * <p>{@code Object beds = row.cell("beds");  // null when blank or absent}
 */
record SourceRow(long number, long line, Map<String, Object> cells, Object original, String malformed) {

    /** The cell of {@code column}; null when the row has none, it is JSON null, or it is blank (unknown, never a placeholder). */
    Object cell(String column) {
        Object value = cells.get(column);
        return value instanceof String text && text.isBlank() ? null : value;
    }
}
