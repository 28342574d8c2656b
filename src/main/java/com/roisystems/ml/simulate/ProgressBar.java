package com.roisystems.ml.simulate;

import java.io.PrintStream;

/**
 * The command's progress line on stderr: one line rewritten in place with the phase, a bar, users done
 * and records per second. Redrawn at most a few times a second.
 *
 * <p>{@code ProgressBar bar = new ProgressBar(System.err); Simulation.load(url, params, false, bar); bar.finish();}
 */
public final class ProgressBar implements Progress {

    private static final int WIDTH = 30;
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final long startNanos = System.nanoTime();
    private long lastDraw;
    private boolean drawn;

    public ProgressBar(PrintStream out) {
        this.out = out;
    }

    @Override
    public void update(RecordSink.Phase phase, long usersDone, long usersTotal, long records) {
        long now = System.nanoTime();
        if (usersDone < usersTotal && now - lastDraw < REDRAW_NANOS) {
            return;
        }
        lastDraw = now;
        double fraction = usersTotal == 0 ? 1 : usersDone / (double) usersTotal;
        int filled = (int) Math.round(fraction * WIDTH);
        double seconds = Math.max(1e-9, (now - startNanos) / 1e9);
        out.printf("\r%-10s [%s%s] %5.1f%% %,d/%,d users  %,d records  %,.0f records/s ", phase.name().toLowerCase(),
                "#".repeat(filled), " ".repeat(WIDTH - filled), fraction * 100, usersDone, usersTotal, records, records / seconds);
        out.flush();
        drawn = true;
    }

    /** Ends the line so the next output starts on a fresh one. */
    public void finish() {
        if (drawn) {
            out.println();
        }
    }
}
