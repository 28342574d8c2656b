package com.roisystems.ml.importer;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rows of a JSON Lines table: one flat JSON object per line, its keys the columns. The first row's keys are
 * the columns a mapping may name (later rows may leave some out: absent is unknown). Blank lines are skipped.
 *
 * <p>{@code RowSource rows = JsonRows.open(file);}
 */
final class JsonRows implements RowSource {

    private final ByteLines lines;
    private final String origin;
    private final List<String> columns;
    private SourceRow peeked;
    private long rows;

    private JsonRows(ByteLines lines, String origin) throws IOException {
        this.lines = lines;
        this.origin = origin;
        this.peeked = read();
        this.columns = peeked != null && peeked.malformed() == null ? new ArrayList<>(peeked.cells().keySet()) : List.of();
    }

    static JsonRows open(InputFile file) throws IOException {
        return new JsonRows(new ByteLines(file.stream()), "the first row of " + file.path().getFileName());
    }

    @Override
    public List<String> columns() {
        return columns;
    }

    @Override
    public String columnsOrigin() {
        return origin;
    }

    @Override
    public SourceRow next() throws IOException {
        if (peeked != null) {
            SourceRow row = peeked;
            peeked = null;
            return row;
        }
        return read();
    }

    private SourceRow read() throws IOException {
        byte[] line = lines.next();
        if (line == null) {
            return null;
        }
        rows++;
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(line)).toString();
        } catch (CharacterCodingException e) {
            return new SourceRow(rows, lines.lineNumber(), Map.of(), new String(line, StandardCharsets.UTF_8), "the line is not valid UTF-8");
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException e) {
            return new SourceRow(rows, lines.lineNumber(), Map.of(), text, "the line is not valid JSON");
        }
        if (!(parsed instanceof JsonObject object)) {
            return new SourceRow(rows, lines.lineNumber(), Map.of(), text, "the line must be a JSON object of column values");
        }
        return new SourceRow(rows, lines.lineNumber(), object.getMap(), object, null);
    }
}
