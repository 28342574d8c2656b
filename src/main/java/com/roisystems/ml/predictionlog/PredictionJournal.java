package com.roisystems.ml.predictionlog;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.StandardOpenOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * The write-ahead journal of answered predictions: a directory of append-only segment files of binary records, one
 * {@link LoggedPrediction} per record ({@link JournalRecord}). A scorer appends a prediction ({@link JournalWriter}) before it answers, so a
 * prediction that was answered survives the process dying right after; the prediction log consumes the segments into
 * {@code ml_predictions} ({@link JournalReader}, idempotent by prediction id) and deletes what it has written. One
 * journal per directory and Vert.x instance, shared by the scorers and the log ({@link #shared}).
 *
 * <p>Bounded by bytes: when what is journaled but not yet written reaches {@code predictionLog.journalMaxBytes}
 * ({@link #full()}) scorers refuse new predictions with 503 rather than drop logged ones. Segment names sort in
 * writing order: {@code <run>-<writer>-<sequence>.journal}, the run being this process's start, so a new process never
 * appends to a dead one's segment. The directory is locked ({@code journal.lock}) while a journal uses it: a second
 * process (or Vert.x instance) on the same directory would read the first one's open segments as complete and delete
 * them, so it fails to start instead, naming the directory. Users {@link #release()} it when they stop.
 *
 * <p>{@code PredictionJournal journal = PredictionJournal.shared(vertx, config());}
 */
public final class PredictionJournal implements Shareable {

    static final String SUFFIX = ".journal";
    /** Segments of JSON lines, written by versions before the binary records. */
    static final String LEGACY_SUFFIX = ".jsonl";
    private static final Logger log = LoggerFactory.getLogger(PredictionJournal.class);
    private static final String SHARED_MAP = "roi.prediction-journal";

    private final Path directory;
    private final long maxBytes;
    private final long segmentBytes;
    private final String run;
    private final AtomicInteger writers = new AtomicInteger();
    /** Bytes journaled and not yet written to PostgreSQL (or skipped as torn), over every segment. */
    private final AtomicLong pendingBytes = new AtomicLong();
    /** Predictions journaled and not yet written, for the log's backlog. */
    private final AtomicLong pendingPredictions = new AtomicLong();
    /** Segments a live writer still appends to: the others are complete. */
    private final Set<String> open = ConcurrentHashMap.newKeySet();
    private final Set<JournalWriter> liveWriters = ConcurrentHashMap.newKeySet();
    private final ExecutorService retiring = Executors.newSingleThreadExecutor(runnable -> {
        Thread thread = new Thread(runnable, "prediction-journal-segments");
        thread.setDaemon(true);
        return thread;
    });
    private final FileChannel lockFile;
    private final FileLock lock;
    private int users;
    private Vertx mapOwner;

    PredictionJournal(Path directory, long maxBytes, long segmentBytes) {
        this.directory = directory;
        this.maxBytes = maxBytes;
        this.segmentBytes = segmentBytes;
        this.run = String.format("%013d", System.currentTimeMillis());
        try {
            Files.createDirectories(directory);
            lockFile = FileChannel.open(directory.resolve("journal.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock acquired;
            try {
                acquired = lockFile.tryLock();
            } catch (OverlappingFileLockException e) {
                acquired = null;
            }
            if (acquired == null) {
                lockFile.close();
                throw new IllegalStateException("the prediction journal " + directory + " is in use by another instance; give each "
                        + "instance its own DATA_DIR (or predictionLog.journalDir)");
            }
            lock = acquired;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the prediction journal's directory " + directory, e);
        }
    }

    /**
     * The journal of this Vert.x instance configured by {@code predictionLog} ({@code journalDir}, by default
     * {@code <dataDir>/prediction-journal}; {@code journalMaxBytes}; {@code journalSegmentBytes}).
     */
    public static PredictionJournal shared(Vertx vertx, JsonObject config) {
        JsonObject settings = config.getJsonObject("predictionLog", new JsonObject());
        String configured = settings.getString("journalDir", "");
        Path directory = (configured.isBlank() ? Path.of(config.getString("dataDir", "./data")).resolve("prediction-journal")
                : Path.of(configured)).toAbsolutePath().normalize();
        long maxBytes = settings.getLong("journalMaxBytes", 512L << 20);
        long segmentBytes = settings.getLong("journalSegmentBytes", 16L << 20);
        if (maxBytes <= 0 || segmentBytes <= 0) {
            throw new IllegalArgumentException("predictionLog.journalMaxBytes and predictionLog.journalSegmentBytes must be positive");
        }
        synchronized (PredictionJournal.class) {
            PredictionJournal journal = vertx.sharedData().<String, PredictionJournal>getLocalMap(SHARED_MAP)
                    .computeIfAbsent(directory.toString(), key -> new PredictionJournal(directory, maxBytes, segmentBytes));
            journal.users++;
            journal.mapOwner = vertx;
            return journal;
        }
    }

    /** One user of {@link #shared} is done with it; the last one unlocks the directory for the next instance. */
    public void release() {
        synchronized (PredictionJournal.class) {
            if (--users > 0) {
                return;
            }
            if (mapOwner != null) {
                mapOwner.sharedData().getLocalMap(SHARED_MAP).remove(directory.toString());
            }
            retiring.shutdown();
            try {
                if (!retiring.awaitTermination(30, TimeUnit.SECONDS)) {
                    log.warn("Prediction journal {}: rolled-over segments still being forced after 30 s", directory);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            try {
                lock.release();
                lockFile.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot unlock the prediction journal " + directory, e);
            }
        }
    }

    /** A new writer with segments of its own; one per scorer instance (a writer is not safe for concurrent use). */
    public JournalWriter writer() {
        JournalWriter writer = new JournalWriter(this, String.format("%s-w%03d", run, writers.incrementAndGet()));
        liveWriters.add(writer);
        return writer;
    }

    /** Whether what waits to be written has reached the bound: new predictions are refused until the log catches up. */
    public boolean full() {
        return pendingBytes.get() >= maxBytes;
    }

    public long pendingBytes() {
        return pendingBytes.get();
    }

    public long pendingPredictions() {
        return pendingPredictions.get();
    }

    public long maxBytes() {
        return maxBytes;
    }

    Path directory() {
        return directory;
    }

    long segmentBytes() {
        return segmentBytes;
    }

    void appended(long bytes, int predictions) {
        pendingBytes.addAndGet(bytes);
        pendingPredictions.addAndGet(predictions);
    }

    void written(long bytes, int predictions) {
        pendingBytes.addAndGet(-bytes);
        pendingPredictions.addAndGet(-predictions);
    }

    void opened(String segment) {
        open.add(segment);
    }

    void completed(String segment) {
        open.remove(segment);
    }

    /**
     * A writer rolled over from {@code segment}: it is forced to the disk, closed and marked complete on the journal's
     * own thread, in the order segments were retired.
     */
    void retire(String segment, FileChannel channel) {
        retiring.execute(() -> {
            try (channel) {
                channel.force(false);
            } catch (IOException e) {
                log.warn("Prediction journal segment {} not forced to the disk on completion: {}", segment, e.getMessage());
            } finally {
                completed(segment);
            }
        });
    }

    /** Waits until the segments retired so far are complete. */
    void awaitRetired() throws InterruptedException, ExecutionException {
        retiring.submit(() -> { }).get();
    }

    void closed(JournalWriter writer) {
        liveWriters.remove(writer);
    }

    /** Whether a writer may still append to {@code segment}: a segment of another run, or rolled over, is complete. */
    boolean isOpen(String segment) {
        return open.contains(segment);
    }

    /** Forces what the live writers appended to the disk, so a machine crash loses at most the time since the last sync. */
    void sync() {
        for (JournalWriter writer : liveWriters) {
            writer.sync();
        }
    }

    static boolean isLegacy(String segment) {
        return segment.endsWith(LEGACY_SUFFIX);
    }

    /** The segment files in writing order. */
    List<Path> segments() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(SUFFIX) || isLegacy(file.getFileName().toString()))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the prediction journal " + directory, e);
        }
    }
}
