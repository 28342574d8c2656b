package com.roisystems.ml.importer;

import java.nio.file.Path;

/**
 * One import: whose history it is, the input and how to read it, and how to write it.
 *
 * @param tenant    every event is stored under this tenant; a JSON Lines event naming another is rejected
 * @param format    {@link Format#EVENTS} (event envelopes), {@link Format#CSV} or {@link Format#ROWS} (tables with a mapping)
 * @param mapping   the mapping file for CSV and rows, null for events
 * @param delimiter the CSV field separator
 * @param batchSize events per transaction
 * @param dryRun    validate and report without writing
 *
 * <p>{@code new ImportRequest("acme", Format.CSV, Path.of("sales.csv"), Path.of("sales-mapping.json"), ',', 50_000, false)}
 */
public record ImportRequest(String tenant, Format format, Path input, Path mapping, char delimiter, int batchSize, boolean dryRun) {

    /** Events per transaction unless told otherwise: large enough for COPY to pay, small enough to keep memory flat. */
    public static final int DEFAULT_BATCH_SIZE = 50_000;

    /** How the input is written. */
    public enum Format {
        /** JSON Lines of event envelopes, one per line. */
        EVENTS,
        /** CSV with a header row, mapped to events by a mapping file. */
        CSV,
        /** JSON Lines of flat objects (one table row per line), mapped to events by a mapping file. */
        ROWS
    }

    public ImportRequest {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        if ((format == Format.EVENTS) != (mapping == null)) {
            throw new IllegalArgumentException(format == Format.EVENTS ? "events are read as they are: no mapping" : "a table needs a mapping");
        }
    }
}
