package com.roisystems.ml.predictionlog;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Consumes the {@link PredictionJournal} for the prediction log: hands out the next batch of whole lines after each
 * segment's committed offset, and, once the batch is in PostgreSQL, commits the new offsets to a checkpoint file
 * ({@code checkpoint.json}, replaced atomically) and deletes the segments written to their end. A crash between the
 * insert and the checkpoint hands the same lines out again, which the insert ignores (prediction ids are unique): the
 * log is written at least once and stored once. The last line of a dead run's segment may be torn (the process died
 * mid-write, before answering); it is skipped and counted. Blocking file work: run it on a worker, one call at a time.
 *
 * <p>{@code JournalReader.Batch batch = reader.next(1_000); ... insert ...; reader.commit(batch);}
 */
final class JournalReader {

    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);
    private static final String CHECKPOINT = "checkpoint.json";
    /** Bytes read per segment and batch; a line longer than this is read whole all the same. */
    private static final int CHUNK_BYTES = 4 << 20;

    /** Predictions to write, with the offsets they end at. */
    record Batch(List<LoggedPrediction> predictions, Map<String, Long> endOffsets, long bytes, int lines) {
        boolean isEmpty() {
            return endOffsets.isEmpty();
        }
    }

    private final PredictionJournal journal;
    private final Map<String, Long> committed = new HashMap<>();
    private long torn;
    private long unreadable;

    JournalReader(PredictionJournal journal) {
        this.journal = journal;
    }

    /**
     * Reads the checkpoint and counts what earlier runs left unwritten into the journal's backlog; the number of
     * predictions they left.
     */
    long recover() {
        Path checkpoint = journal.directory().resolve(CHECKPOINT);
        if (Files.exists(checkpoint)) {
            try {
                new JsonObject(Files.readString(checkpoint)).forEach(entry -> committed.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
            } catch (IOException | DecodeException | ClassCastException e) {
                // Without offsets every segment is read from its start; the inserts skip what is already stored.
                log.warn("Prediction journal checkpoint {} unreadable, re-reading every segment: {}", checkpoint, e.getMessage());
            }
        }
        long leftBytes = 0;
        long leftPredictions = 0;
        List<Path> segments = journal.segments();
        for (Path segment : segments) {
            String name = segment.getFileName().toString();
            if (journal.isOpen(name)) {
                continue;
            }
            long from = committed.getOrDefault(name, 0L);
            byte[] rest = read(segment, from, Long.MAX_VALUE);
            leftBytes += rest.length;
            for (byte b : rest) {
                if (b == '\n') {
                    leftPredictions++;
                }
            }
        }
        committed.keySet().retainAll(segments.stream().map(path -> path.getFileName().toString()).toList());
        journal.appended(leftBytes, (int) leftPredictions);
        return leftPredictions;
    }

    /** Up to {@code maxPredictions} predictions after the committed offsets, segments in writing order. */
    Batch next(int maxPredictions) {
        List<LoggedPrediction> predictions = new ArrayList<>();
        Map<String, Long> ends = new LinkedHashMap<>();
        long bytes = 0;
        int lines = 0;
        for (Path segment : journal.segments()) {
            if (lines >= maxPredictions) {
                break;
            }
            String name = segment.getFileName().toString();
            // Whether the segment is complete is read before its size: a complete segment's size is final.
            boolean complete = !journal.isOpen(name);
            long size = size(segment);
            long from = committed.getOrDefault(name, 0L);
            if (from >= size) {
                if (complete) {
                    ends.put(name, from);
                }
                continue;
            }
            byte[] chunk = read(segment, from, CHUNK_BYTES);
            if (chunk.length == CHUNK_BYTES && indexOf(chunk, (byte) '\n') < 0) {
                // One line longer than a chunk: read on to its end.
                chunk = read(segment, from, Long.MAX_VALUE);
            }
            int consumed = 0;
            boolean stoppedEarly = false;
            for (int i = 0; i < chunk.length; i++) {
                if (chunk[i] == '\n') {
                    if (lines >= maxPredictions) {
                        stoppedEarly = true;
                        break;
                    }
                    parse(name, from + consumed, new String(chunk, consumed, i - consumed, StandardCharsets.UTF_8), predictions);
                    lines++;
                    consumed = i + 1;
                }
            }
            if (complete && !stoppedEarly && consumed < chunk.length && from + chunk.length >= size) {
                // A complete segment ending without a newline: the writer died mid-line, before that prediction was answered.
                torn++;
                log.warn("Prediction journal segment {} ends with {} bytes of a torn line (the process died writing it); skipped",
                        name, chunk.length - consumed);
                consumed = chunk.length;
            }
            if (consumed > 0) {
                ends.put(name, from + consumed);
                bytes += consumed;
            }
        }
        return new Batch(predictions, ends, bytes, lines);
    }

    /**
     * Records the batch as written: offsets to the checkpoint; segments written to their end and complete are deleted
     * (a rolled-over segment completes a little after its last line is read, so any committed one may be due).
     */
    void commit(Batch batch) {
        if (!batch.isEmpty()) {
            committed.putAll(batch.endOffsets());
            journal.written(batch.bytes(), batch.lines());
        }
        if (deleteWrittenSegments() || !batch.isEmpty()) {
            writeCheckpoint();
        }
    }

    private boolean deleteWrittenSegments() {
        boolean deleted = false;
        for (Map.Entry<String, Long> end : List.copyOf(committed.entrySet())) {
            Path segment = journal.directory().resolve(end.getKey());
            if (!journal.isOpen(end.getKey()) && end.getValue() >= size(segment)) {
                try {
                    Files.deleteIfExists(segment);
                    committed.remove(end.getKey());
                    deleted = true;
                } catch (IOException e) {
                    log.warn("Prediction journal segment {} written but not deleted: {}", segment, e.getMessage());
                }
            }
        }
        return deleted;
    }

    long torn() {
        return torn;
    }

    long unreadable() {
        return unreadable;
    }

    private void parse(String segment, long offset, String line, List<LoggedPrediction> into) {
        try {
            into.add(LoggedPrediction.fromJson(new JsonObject(line)));
        } catch (RuntimeException e) {
            // Not a line this journal's writers write (a damaged disk block, an edited file): kept in the file's history only.
            unreadable++;
            log.error("Prediction journal {} at byte {}: unreadable line skipped: {}", segment, offset, e.getMessage());
        }
    }

    private void writeCheckpoint() {
        Path checkpoint = journal.directory().resolve(CHECKPOINT);
        Path next = journal.directory().resolve(CHECKPOINT + ".next");
        try {
            Files.writeString(next, new JsonObject(new LinkedHashMap<>(committed)).encode());
            Files.move(next, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The offsets stay in memory; a restart before the next checkpoint re-reads lines the insert then skips.
            log.warn("Prediction journal checkpoint not written: {}", e.getMessage());
        }
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private static long size(Path segment) {
        try {
            return Files.size(segment);
        } catch (NoSuchFileException e) {
            return 0;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path segment, long from, long atMost) {
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.READ)) {
            long available = channel.size() - from;
            if (available <= 0) {
                return new byte[0];
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) Math.min(available, Math.min(atMost, Integer.MAX_VALUE - 8)));
            while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
                // reads until the buffer is full or the end of the file
            }
            return buffer.flip().remaining() == buffer.capacity() ? buffer.array() : java.util.Arrays.copyOf(buffer.array(), buffer.remaining());
        } catch (NoSuchFileException e) {
            return new byte[0];
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the prediction journal segment " + segment, e);
        }
    }
}
