package com.roisystems.ml.importer;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The rows of a CSV file with a header row (UTF-8; a byte-order mark is skipped). A record with another number of
 * fields than the header is malformed and reported, never guessed at.
 *
 * <p>{@code RowSource rows = CsvRows.open(file, ',');}
 */
final class CsvRows implements RowSource {

    private final CsvReader reader;
    private final List<String> header;
    private final String origin;
    private long rows;

    private CsvRows(CsvReader reader, List<String> header, String origin) {
        this.reader = reader;
        this.header = header;
        this.origin = origin;
    }

    /** Reads the header; a file without one, or with a column named twice, cannot be mapped. */
    static CsvRows open(InputFile file, char delimiter) throws IOException {
        // Malformed UTF-8 is replaced rather than reported: the validator's control-character check still refuses NUL,
        // and a CSV row has no raw bytes of its own to dead-letter.
        InputStreamReader text = new InputStreamReader(file.stream(), StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE));
        CsvReader reader = new CsvReader(text, delimiter);
        CsvReader.Record header = reader.next();
        String origin = "the header of " + file.path().getFileName();
        if (header == null) {
            throw ServiceFailure.invalid("--csv", file.path() + " is empty: a header row naming the columns is required");
        }
        Map<String, Integer> seen = new HashMap<>();
        for (String name : header.fields()) {
            if (seen.put(name.trim(), 1) != null) {
                throw ServiceFailure.invalid("--csv", "column '" + name.trim() + "' appears twice in " + origin);
            }
        }
        return new CsvRows(reader, header.fields().stream().map(String::trim).toList(), origin);
    }

    @Override
    public List<String> columns() {
        return header;
    }

    @Override
    public String columnsOrigin() {
        return origin;
    }

    @Override
    public SourceRow next() throws IOException {
        CsvReader.Record record = reader.next();
        if (record == null) {
            return null;
        }
        rows++;
        Map<String, Object> cells = new LinkedHashMap<>();
        JsonObject original = new JsonObject();
        for (int i = 0; i < record.fields().size(); i++) {
            String column = i < header.size() ? header.get(i) : "_" + (i + 1);
            cells.put(column, record.fields().get(i));
            original.put(column, record.fields().get(i));
        }
        String malformed = record.error();
        if (malformed == null && record.fields().size() != header.size()) {
            malformed = "the row has " + record.fields().size() + " fields, the header " + header.size();
        }
        return new SourceRow(rows, record.line(), cells, original, malformed);
    }
}
