package com.roisystems.ml.predictionlog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends predictions to one writer's segments of the {@link PredictionJournal}, rolling to the next segment past
 * {@code journalSegmentBytes} (the journal forces and closes the full one on its own thread). Appending is a plain file write that returns once the operating system holds the bytes:
 * it survives the process dying; {@link PredictionJournal#sync()} forces them to the disk every
 * {@code predictionLog.journalSyncMs} against a machine crash. Blocking: called from worker threads (the scorers are
 * worker verticles), never from an event loop; not for concurrent use.
 *
 * <p>{@code writer.append(prediction); // before the answer is sent}
 */
public final class JournalWriter implements AutoCloseable {

    private final PredictionJournal journal;
    private final String name;
    private int sequence;
    private String segment;
    private FileChannel channel;
    private long segmentSize;
    /** Reused for every record: encoding leaves no garbage on the answer path. */
    private ByteBuffer frame = ByteBuffer.allocate(16 << 10);

    JournalWriter(PredictionJournal journal, String name) {
        this.journal = journal;
        this.name = name;
    }

    /** Writes the prediction as one record; fails (unchecked) when the file cannot be written. */
    public void append(LoggedPrediction prediction) {
        frame = JournalRecord.encode(prediction, frame);
        int length = frame.remaining();
        try {
            if (channel == null || segmentSize >= journal.segmentBytes()) {
                roll();
            }
            while (frame.hasRemaining()) {
                channel.write(frame);
            }
            segmentSize += length;
            journal.appended(length, 1);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to the prediction journal " + segment, e);
        }
    }

    private void roll() throws IOException {
        if (channel != null) {
            // Forcing a full segment takes tens of milliseconds on a busy disk: not on the thread whose answer waits.
            journal.retire(segment, channel);
            channel = null;
        }
        segment = String.format("%s-%06d%s", name, ++sequence, PredictionJournal.SUFFIX);
        Path file = journal.directory().resolve(segment);
        journal.opened(segment);
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentSize = 0;
    }

    private void completeSegment() throws IOException {
        if (channel != null) {
            channel.force(false);
            channel.close();
            channel = null;
            journal.completed(segment);
        }
    }

    void sync() {
        FileChannel current = channel;
        if (current == null) {
            return;
        }
        try {
            current.force(false);
        } catch (IOException e) {
            // Rolled over or closed meanwhile: that path forced the segment itself.
        }
    }

    /** Completes the current segment; the reader may then delete it once written. */
    @Override
    public void close() {
        try {
            completeSegment();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot close the prediction journal segment " + segment, e);
        } finally {
            journal.closed(this);
        }
    }
}
