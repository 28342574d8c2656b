package com.roisystems.ml.importer;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * An input file opened for one pass, counting the bytes read so the progress bar can say how far through it the
 * import is.
 *
 * <p>{@code try (InputFile file = InputFile.open(path)) { ... file.bytesRead() / file.size() ... }}
 */
final class InputFile implements AutoCloseable {

    private final Path path;
    private final long size;
    private final Counting stream;

    private InputFile(Path path, long size, Counting stream) {
        this.path = path;
        this.size = size;
        this.stream = stream;
    }

    static InputFile open(Path path) throws IOException {
        return new InputFile(path, Files.size(path), new Counting(new BufferedInputStream(Files.newInputStream(path), 1 << 16)));
    }

    Path path() {
        return path;
    }

    long size() {
        return size;
    }

    long bytesRead() {
        return stream.count;
    }

    InputStream stream() {
        return stream;
    }

    @Override
    public void close() throws IOException {
        stream.close();
    }

    private static final class Counting extends FilterInputStream {
        long count;

        Counting(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) throws IOException {
            int n = super.read(buffer, offset, length);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
