package com.roisystems.ml.importer;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The import's progress line on stderr, rewritten in place at most four times a second: how much of the input file
 * has been read, rows and events so far, and events per second. (The simulator's bar counts users per phase; this
 * one counts bytes of a file, so they share the idea, not the code.)
 *
 * <p>{@code ReadProgress bar = new ReadProgress(System.err, file.size()); bar.update(file.bytesRead(), rows, events); bar.finish();}
 */
public final class ReadProgress {

    /** Draws nothing: tests, and output that is not a terminal's. */
    public static final ReadProgress NONE = new ReadProgress(null, 0);

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final long totalBytes;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public ReadProgress(PrintStream out, long totalBytes) {
        this.out = out;
        this.totalBytes = totalBytes;
    }

    /** A bar for a file of {@code totalBytes} on the same stream. */
    ReadProgress forFile(long totalBytes) {
        return out == null ? NONE : new ReadProgress(out, totalBytes);
    }

    void update(long bytesRead, long rows, long events, boolean last) {
        long now = System.nanoTime();
        if (out == null || !last && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double fraction = totalBytes == 0 ? 1 : Math.min(1, bytesRead / (double) totalBytes);
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        out.printf(Locale.ROOT, "\rimport [%s%s] %5.1f%% %,d/%,d KB  %,d rows  %,d events  %,.0f events/s ", "#".repeat(filled),
                " ".repeat(WIDTH - filled), fraction * 100, bytesRead >> 10, totalBytes >> 10, rows, events, events / seconds);
        out.flush();
        drawn = true;
    }

    /** Ends the line so the report starts on a fresh one. */
    public void finish() {
        if (drawn) {
            out.println();
        }
    }
}
