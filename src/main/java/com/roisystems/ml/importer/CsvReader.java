package com.roisystems.ml.importer;

import java.io.IOException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads CSV as RFC 4180 writes it, one record at a time: fields separated by a delimiter (a comma unless told
 * otherwise), records by CRLF or LF, a field in double quotes may hold the delimiter, line breaks and doubled quotes
 * ({@code ""}). A quote inside an unquoted field is kept as text (spreadsheets write {@code 5'10"}). Blank lines are
 * skipped. A record that cannot be read as written (text after a closing quote, a quote left open at the end of the
 * file) comes back with an error instead of stopping the file.
 *
 * <p>{@code CsvReader csv = new CsvReader(reader, ','); for (CsvReader.Record r; (r = csv.next()) != null; ) { r.fields(); }}
 */
final class CsvReader {

    /** A record's fields, the line it starts on, and what is wrong with it (null when nothing is). */
    record Record(List<String> fields, long line, String error) {
    }

    private static final int END = -1;

    private final Reader in;
    private final char delimiter;
    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private long line = 1;
    private boolean first = true;

    CsvReader(Reader in, char delimiter) {
        this.in = in;
        this.delimiter = delimiter;
    }

    /** The next non-blank record, or null at the end of the input. */
    Record next() throws IOException {
        while (true) {
            Record record = read();
            if (record == null) {
                return null;
            }
            if (!(record.fields().size() == 1 && record.fields().get(0).isBlank() && record.error() == null)) {
                return record;
            }
        }
    }

    private Record read() throws IOException {
        int c = nextChar();
        if (c == END) {
            return null;
        }
        if (first) {
            first = false;
            if (c == '\uFEFF') {
                c = nextChar();
                if (c == END) {
                    return null;
                }
            }
        }
        long start = line;
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String error = null;
        boolean quoted = false;
        boolean closed = false;
        while (true) {
            if (quoted) {
                if (c == END) {
                    fields.add(field.toString());
                    return new Record(fields, start, "a quoted field (field " + fields.size() + ") is not closed before the end of the file");
                }
                if (c == '"') {
                    int after = nextChar();
                    if (after == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        closed = true;
                        c = after;
                        continue;
                    }
                } else {
                    if (c == '\n') {
                        line++;
                    }
                    field.append((char) c);
                }
            } else if (c == END || c == '\n' || c == '\r') {
                if (c == '\r') {
                    int after = nextChar();
                    if (after != '\n' && after != END) {
                        position--;
                    }
                }
                if (c != END) {
                    line++;
                }
                fields.add(field.toString());
                return new Record(fields, start, error);
            } else if (c == delimiter) {
                fields.add(field.toString());
                field.setLength(0);
                closed = false;
            } else if (c == '"' && field.isEmpty() && !closed) {
                quoted = true;
            } else if (closed) {
                if (error == null) {
                    error = "text after the closing quote of field " + (fields.size() + 1);
                }
            } else {
                field.append((char) c);
            }
            c = nextChar();
        }
    }

    private int nextChar() throws IOException {
        if (position == limit) {
            limit = in.read(buffer, 0, buffer.length);
            position = 0;
            if (limit <= 0) {
                limit = 0;
                return END;
            }
        }
        return buffer[position++];
    }
}
