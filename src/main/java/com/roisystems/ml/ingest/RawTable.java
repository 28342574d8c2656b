package com.roisystems.ml.ingest;

import io.vertx.sqlclient.Tuple;

import java.lang.reflect.Array;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * How one raw table is written from events: its columns with their PostgreSQL array types and the
 * value each takes from an event, and what a conflict means. A batch becomes one
 * {@code INSERT ... SELECT * FROM unnest($1::uuid[], ...)} statement per table, so a thousand events
 * cost one round trip, not a thousand. The bulk import ({@code importer}) reads the same columns and conflict rule to
 * write through COPY and a staging table instead, so the two paths cannot disagree on what a row is.
 */
public record RawTable(String table, List<Column> columns, String onConflict, List<String> conflictKey) {

    /** A column, its array type for unnest, and how to read it from an event. */
    public record Column(String name, String arrayType, Class<?> javaType, Function<ActivityEvent, Object> value) {
    }

    String insertSql() {
        StringBuilder names = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column column = columns.get(i);
            if (i > 0) {
                names.append(", ");
                arrays.append(", ");
            }
            names.append(column.name());
            arrays.append('$').append(i + 1).append("::").append(column.arrayType());
        }
        return "INSERT INTO " + table + " (" + names + ") SELECT * FROM unnest(" + arrays + ") " + onConflict
                + (appendOnly() ? " RETURNING event_id" : "");
    }

    /** Activity keyed by event id: its own primary key makes a redelivery a no-op, no ledger needed. */
    public boolean appendOnly() {
        return conflictKey.isEmpty();
    }

    /** One array parameter per column, in column order. */
    Tuple parameters(List<ActivityEvent> events) {
        Object[] arrays = new Object[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            Column column = columns.get(c);
            Object[] values = (Object[]) Array.newInstance(column.javaType(), events.size());
            for (int e = 0; e < events.size(); e++) {
                values[e] = column.value().apply(events.get(e));
            }
            arrays[c] = values;
        }
        return Tuple.from(arrays);
    }

    /**
     * The row an event writes, within a batch: for upserts the conflict key's values, so two events for
     * one row collapse to the latest (one statement cannot update a row twice); for appends the event id.
     */
    public Object rowKey(ActivityEvent event) {
        if (conflictKey.isEmpty()) {
            return event.eventId();
        }
        List<Object> key = new ArrayList<>(conflictKey.size());
        for (String name : conflictKey) {
            for (Column column : columns) {
                if (column.name().equals(name)) {
                    key.add(column.value().apply(event));
                }
            }
        }
        return key;
    }
}
