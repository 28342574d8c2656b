package com.roisystems.ml.importer;

import java.io.IOException;
import java.util.List;

/**
 * The rows of a customer's table, read once from start to end: CSV with a header ({@link CsvRows}) or JSON Lines of
 * flat objects ({@link JsonRows}).
 *
 * <p>{@code for (SourceRow row; (row = rows.next()) != null; ) builder.build(row);}
 */
interface RowSource {

    /** The column names a mapping may name: the CSV header, or the keys of the first JSON row. */
    List<String> columns();

    /** Where the columns were read from, for messages ("the header of sales.csv"). */
    String columnsOrigin();

    /** The next row, or null at the end. */
    SourceRow next() throws IOException;
}
