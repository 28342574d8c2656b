package com.roisystems.ml.importer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The lines of a JSON Lines file as bytes, not yet decoded: the validator decides whether they are UTF-8, as it does
 * for a Kafka record, instead of a decoder silently replacing what it cannot read. A trailing {@code \r} is dropped.
 *
 * <p>{@code ByteLines lines = new ByteLines(in); for (byte[] line; (line = lines.next()) != null; ) { ... lines.lineNumber() ... }}
 */
final class ByteLines {

    private final InputStream in;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(1024);
    private long lineNumber;

    ByteLines(InputStream in) {
        this.in = in;
    }

    /** The next line that is not blank (spaces and tabs only), without its end; null at the end of the file. */
    byte[] next() throws IOException {
        byte[] line;
        do {
            line = nextLine();
        } while (line != null && blank(line));
        return line;
    }

    private byte[] nextLine() throws IOException {
        line.reset();
        int b = in.read();
        if (b < 0) {
            return null;
        }
        while (b >= 0 && b != '\n') {
            line.write(b);
            b = in.read();
        }
        lineNumber++;
        byte[] bytes = line.toByteArray();
        int length = bytes.length;
        if (length > 0 && bytes[length - 1] == '\r') {
            byte[] trimmed = new byte[length - 1];
            System.arraycopy(bytes, 0, trimmed, 0, length - 1);
            return trimmed;
        }
        return bytes;
    }

    /** The 1-based number of the line {@link #next()} returned last, blank lines counted. */
    long lineNumber() {
        return lineNumber;
    }

    private static boolean blank(byte[] line) {
        for (byte b : line) {
            if (b != ' ' && b != '\t') {
                return false;
            }
        }
        return true;
    }
}
