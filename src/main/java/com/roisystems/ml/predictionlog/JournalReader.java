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
 * Consumes the {@link PredictionJournal} for the prediction log: hands out the next batch of whole records after each
 * segment's committed offset, and, once the batch is in PostgreSQL, commits the new offsets to a checkpoint file
 * ({@code checkpoint.json}, replaced atomically) and deletes the segments written to their end. A crash between the
 * insert and the checkpoint hands the same records out again, which the insert ignores (prediction ids are unique): the
 * log is written at least once and stored once. The last record of a dead run's segment may be torn (the process died
 * mid-write, before answering); it is skipped and counted, as is a record failing its checksum. Segments of JSON lines
 * left by an earlier version are read too. Blocking file work: run it on a worker, one call at a time.
 *
 * <p>{@code JournalReader.Batch batch = reader.next(1_000); ... insert ...; reader.commit(batch);}
 */
final class JournalReader {

    private static final Logger log = LoggerFactory.getLogger(JournalReader.class);
    private static final String CHECKPOINT = "checkpoint.json";
    /** Bytes read per segment and batch; a record longer than this is read whole all the same. */
    private static final int CHUNK_BYTES = 4 << 20;
    /** Larger than any record a writer writes (a prediction is some 4 KB): a longer length is a damaged header. */
    private static final int MAX_RECORD_BYTES = 64 << 20;

    /** Predictions to write, with the offsets they end at. */
    record Batch(List<LoggedPrediction> predictions, Map<String, Long> endOffsets, long bytes, int records) {
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
            leftPredictions += PredictionJournal.isLegacy(name) ? countLines(rest) : countFrames(rest);
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
        int records = 0;
        for (Path segment : journal.segments()) {
            if (records >= maxPredictions) {
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
            Scan scan = scan(name, from, chunk, maxPredictions - records, predictions);
            if (scan.consumed() == 0 && scan.wholeAt() > chunk.length) {
                // One record longer than a chunk: read on to its end.
                chunk = read(segment, from, scan.wholeAt());
                scan = scan(name, from, chunk, maxPredictions - records, predictions);
            }
            int consumed = scan.consumed();
            records += scan.records();
            if (complete && !scan.stoppedEarly() && consumed < chunk.length && from + chunk.length >= size) {
                // A complete segment ending in part of a record: the writer died writing it, before that prediction was answered.
                torn++;
                log.warn("Prediction journal segment {} ends with {} bytes of a torn record (the process died writing it); skipped",
                        name, chunk.length - consumed);
                consumed = chunk.length;
            }
            if (consumed > 0) {
                ends.put(name, from + consumed);
                bytes += consumed;
            }
        }
        return new Batch(predictions, ends, bytes, records);
    }

    /**
     * Records the batch as written: offsets to the checkpoint; segments written to their end and complete are deleted
     * (a rolled-over segment completes a little after its last record is read, so any committed one may be due).
     */
    void commit(Batch batch) {
        if (!batch.isEmpty()) {
            committed.putAll(batch.endOffsets());
            journal.written(batch.bytes(), batch.records());
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

    /**
     * What a scan of one chunk found: bytes consumed by whole records, how many, whether it stopped for the batch
     * limit, and (when no record was whole) how many bytes the first one needs.
     */
    private record Scan(int consumed, int records, boolean stoppedEarly, long wholeAt) {
    }

    private Scan scan(String segment, long from, byte[] chunk, int maxRecords, List<LoggedPrediction> into) {
        return PredictionJournal.isLegacy(segment) ? scanLines(segment, from, chunk, maxRecords, into)
                : scanFrames(segment, from, chunk, maxRecords, into);
    }

    private Scan scanFrames(String segment, long from, byte[] chunk, int maxRecords, List<LoggedPrediction> into) {
        int consumed = 0;
        int records = 0;
        while (chunk.length - consumed >= JournalRecord.HEADER_BYTES) {
            int length = JournalRecord.payloadLength(chunk, consumed);
            if (length <= 0 || length > MAX_RECORD_BYTES) {
                // Not a frame this journal's writers write: nothing after it can be found, so the rest of what was read goes.
                unreadable++;
                log.error("Prediction journal {} at byte {}: damaged record header (length {}); {} bytes skipped", segment,
                        from + consumed, length, chunk.length - consumed);
                return new Scan(chunk.length, records, false, 0);
            }
            int frameBytes = JournalRecord.HEADER_BYTES + length;
            if (chunk.length - consumed < frameBytes) {
                return new Scan(consumed, records, false, consumed == 0 ? frameBytes : 0);
            }
            if (records >= maxRecords) {
                return new Scan(consumed, records, true, 0);
            }
            if (JournalRecord.intact(chunk, consumed, length)) {
                try {
                    into.add(JournalRecord.decode(chunk, consumed + JournalRecord.HEADER_BYTES, length));
                } catch (IllegalArgumentException e) {
                    unreadable++;
                    log.error("Prediction journal {} at byte {}: unreadable record skipped: {}", segment, from + consumed, e.getMessage());
                }
            } else {
                // A damaged disk block or an edited file: kept in the file's history only.
                unreadable++;
                log.error("Prediction journal {} at byte {}: record fails its checksum; skipped", segment, from + consumed);
            }
            records++;
            consumed += frameBytes;
        }
        // Less than a header left: its length is not known yet.
        return new Scan(consumed, records, false, 0);
    }

    /** A segment of JSON lines, as versions before the binary records wrote: read so an upgrade loses nothing. */
    private Scan scanLines(String segment, long from, byte[] chunk, int maxRecords, List<LoggedPrediction> into) {
        int consumed = 0;
        int records = 0;
        for (int i = 0; i < chunk.length; i++) {
            if (chunk[i] == '\n') {
                if (records >= maxRecords) {
                    return new Scan(consumed, records, true, 0);
                }
                parse(segment, from + consumed, new String(chunk, consumed, i - consumed, StandardCharsets.UTF_8), into);
                records++;
                consumed = i + 1;
            }
        }
        return new Scan(consumed, records, false, consumed == 0 && chunk.length == CHUNK_BYTES ? Long.MAX_VALUE : 0);
    }

    private static long countFrames(byte[] bytes) {
        long frames = 0;
        int at = 0;
        while (bytes.length - at >= JournalRecord.HEADER_BYTES) {
            int length = JournalRecord.payloadLength(bytes, at);
            if (length <= 0 || length > MAX_RECORD_BYTES || bytes.length - at < JournalRecord.HEADER_BYTES + length) {
                break;
            }
            frames++;
            at += JournalRecord.HEADER_BYTES + length;
        }
        return frames;
    }

    private static long countLines(byte[] bytes) {
        long lines = 0;
        for (byte b : bytes) {
            if (b == '\n') {
                lines++;
            }
        }
        return lines;
    }

    private void writeCheckpoint() {
        Path checkpoint = journal.directory().resolve(CHECKPOINT);
        Path next = journal.directory().resolve(CHECKPOINT + ".next");
        try {
            Files.writeString(next, new JsonObject(new LinkedHashMap<>(committed)).encode());
            Files.move(next, checkpoint, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            // The offsets stay in memory; a restart before the next checkpoint re-reads records the insert then skips.
            log.warn("Prediction journal checkpoint not written: {}", e.getMessage());
        }
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
