package com.roisystems.ml.predictionlog;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The journal's files on a real directory: what is read, committed, deleted and recovered, and what a crash leaves. */
@DisplayName("Prediction journal")
class PredictionJournalTest {

    @Test
    @DisplayName("hands out appended lines in order, commits offsets, rolls segments and deletes those written to their end")
    void appendReadCommit(@TempDir Path dir) throws Exception {
        PredictionJournal journal = new PredictionJournal(dir, 1 << 20, 500);
        JournalReader reader = new JournalReader(journal);
        reader.recover();
        JournalWriter writer = journal.writer();
        for (int i = 0; i < 10; i++) {
            writer.append(prediction("p" + i));
        }
        assertThat(journal.pendingPredictions()).isEqualTo(10);
        assertThat(segments(dir)).as("rolled past 500 bytes").hasSizeGreaterThan(1);

        JournalReader.Batch first = reader.next(4);
        assertThat(ids(first)).containsExactly("p0", "p1", "p2", "p3");
        reader.commit(first);
        journal.awaitRetired();
        JournalReader.Batch rest = reader.next(100);
        assertThat(ids(rest)).containsExactly("p4", "p5", "p6", "p7", "p8", "p9");
        reader.commit(rest);
        assertThat(journal.pendingPredictions()).isZero();
        assertThat(journal.pendingBytes()).isZero();
        assertThat(segments(dir)).as("only the segment the writer still appends to").hasSize(1);

        writer.close();
        reader.commit(reader.next(100));
        assertThat(segments(dir)).isEmpty();
        assertThat(reader.next(100).predictions()).isEmpty();
    }

    @Test
    @DisplayName("a new run writes what a dead run journaled and did not commit, skips its torn last line, and counts an unreadable one")
    void recoversWhatADeadRunLeft(@TempDir Path dir) throws Exception {
        PredictionJournal dead = new PredictionJournal(dir, 1 << 20, 1 << 20);
        JournalReader deadReader = new JournalReader(dead);
        deadReader.recover();
        JournalWriter writer = dead.writer();
        for (int i = 0; i < 5; i++) {
            writer.append(prediction("d" + i));
        }
        deadReader.commit(deadReader.next(2));
        Path segment = segments(dir).get(0);
        // The process died: the record it was writing is torn, and a damaged one (a flipped byte) sits before it.
        ByteBuffer damaged = JournalRecord.encode(prediction("damaged"), ByteBuffer.allocate(64));
        byte[] damagedBytes = Arrays.copyOf(damaged.array(), damaged.limit());
        damagedBytes[damagedBytes.length - 20] ^= 0x55;
        ByteBuffer torn = JournalRecord.encode(prediction("torn"), ByteBuffer.allocate(64));
        Files.write(segment, damagedBytes, StandardOpenOption.APPEND);
        Files.write(segment, Arrays.copyOf(torn.array(), torn.limit() - 7), StandardOpenOption.APPEND);
        dead.release();

        Thread.sleep(2);
        PredictionJournal next = new PredictionJournal(dir, 1 << 20, 1 << 20);
        JournalReader reader = new JournalReader(next);
        assertThat(reader.recover()).as("three predictions and the damaged record").isEqualTo(4);
        JournalReader.Batch batch = reader.next(100);
        assertThat(ids(batch)).containsExactly("d2", "d3", "d4");
        reader.commit(batch);
        assertThat(reader.torn()).isEqualTo(1);
        assertThat(reader.unreadable()).isEqualTo(1);
        assertThat(next.pendingBytes()).isZero();
        assertThat(next.pendingPredictions()).isZero();
        assertThat(segments(dir)).as("the dead run's segment, written to its end").isEmpty();
    }

    @Test
    @DisplayName("reads the JSON-line segments an earlier version left, so an upgrade loses nothing")
    void readsLegacyJsonLines(@TempDir Path dir) throws Exception {
        Path legacy = dir.resolve("0000000000001-w001-000001" + PredictionJournal.LEGACY_SUFFIX);
        Files.writeString(legacy, prediction("old1").toJson().encode() + "\n" + prediction("old2").toJson().encode() + "\n",
                StandardCharsets.UTF_8);
        PredictionJournal journal = new PredictionJournal(dir, 1 << 20, 1 << 20);
        JournalReader reader = new JournalReader(journal);
        assertThat(reader.recover()).isEqualTo(2);
        JournalWriter writer = journal.writer();
        writer.append(prediction("new1"));
        JournalReader.Batch batch = reader.next(100);
        assertThat(ids(batch)).containsExactly("old1", "old2", "new1");
        assertThat(batch.predictions().get(0)).isEqualTo(prediction("old1"));
        reader.commit(batch);
        assertThat(Files.exists(legacy)).isFalse();
        writer.close();
        journal.release();
    }

    @Test
    @DisplayName("a record reads back as the prediction written: strings, numbers, nulls, nested documents, non-ASCII text")
    void recordRoundTrip() {
        JsonObject features = new JsonObject()
                .put("values", new JsonObject().put("age", 41.0).put("tiny", 4.9e-324).put("nan_free", -0.0).put("count", 7)
                        .put("big", 1L << 40).put("missing", null).put("flag", true).put("city", "Zürich ☃"))
                .put("statuses", new JsonObject().put("age", "ok")).put("list", new io.vertx.core.json.JsonArray().add(1.5).add("x").addNull());
        LoggedPrediction written = new LoggedPrediction("id-é", "USER", "user_1", "TRANSACTION_TYPE", "transaction_type_model", 12,
                new JsonObject().put("entity_id", "user_1").put("as_of", "2026-11-26T00:00:00Z"), features, null, "SELL", 0.61,
                new JsonObject().put("base_value", 0.1).put("contributions", new JsonObject().put("age", -0.02)), 0.75,
                Instant.parse("2026-11-26T01:02:03.456789Z"), null);
        ByteBuffer frame = JournalRecord.encode(written, ByteBuffer.allocate(16));
        byte[] bytes = Arrays.copyOf(frame.array(), frame.limit());
        int length = JournalRecord.payloadLength(bytes, 0);
        assertThat(length + JournalRecord.HEADER_BYTES).isEqualTo(bytes.length);
        assertThat(JournalRecord.intact(bytes, 0, length)).isTrue();
        assertThat(JournalRecord.decode(bytes, JournalRecord.HEADER_BYTES, length)).isEqualTo(written);
        assertThat(JournalRecord.decode(bytes, JournalRecord.HEADER_BYTES, length).featuresUsed().encode()).isEqualTo(features.encode());
        bytes[bytes.length - 1] ^= 1;
        assertThat(JournalRecord.intact(bytes, 0, length)).isFalse();
    }

    @Test
    @DisplayName("without a checkpoint (a crash before it was written) reads every line again: the insert, idempotent by id, keeps one each")
    void rereadsWithoutCheckpoint(@TempDir Path dir) throws Exception {
        PredictionJournal dead = new PredictionJournal(dir, 1 << 20, 1 << 20);
        JournalWriter writer = dead.writer();
        writer.append(prediction("a"));
        writer.append(prediction("b"));
        Files.deleteIfExists(dir.resolve("checkpoint.json"));
        dead.release();

        Thread.sleep(2);
        JournalReader reader = new JournalReader(new PredictionJournal(dir, 1 << 20, 1 << 20));
        assertThat(reader.recover()).isEqualTo(2);
        assertThat(ids(reader.next(10))).containsExactly("a", "b");
    }

    @Test
    @DisplayName("refuses a second instance on the same directory, naming it, until the first releases it")
    void oneInstancePerDirectory(@TempDir Path dir) {
        PredictionJournal first = new PredictionJournal(dir, 1 << 20, 1 << 20);
        assertThatThrownBy(() -> new PredictionJournal(dir, 1 << 20, 1 << 20))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining(dir.toString()).hasMessageContaining("DATA_DIR");
        first.release();
        new PredictionJournal(dir, 1 << 20, 1 << 20).release();
    }

    @Test
    @DisplayName("is full once the bytes waiting reach the bound, and has room again when they are written")
    void boundedByBytes(@TempDir Path dir) {
        PredictionJournal journal = new PredictionJournal(dir, 1_000, 1 << 20);
        JournalReader reader = new JournalReader(journal);
        reader.recover();
        JournalWriter writer = journal.writer();
        while (!journal.full()) {
            writer.append(prediction("f" + journal.pendingPredictions()));
        }
        assertThat(journal.pendingBytes()).isGreaterThanOrEqualTo(1_000);
        reader.commit(reader.next(1_000));
        assertThat(journal.full()).isFalse();
    }

    private static LoggedPrediction prediction(String id) {
        return new LoggedPrediction(id, "USER", "user_1", "MOVE_PROBABILITY", "move_probability_model", 3,
                new JsonObject().put("entity_id", "user_1"), new JsonObject().put("values", new JsonObject().put("age", 41.0)),
                0.25, null, 0.25, new JsonObject(), 1.5, Instant.parse("2026-11-26T00:00:00Z"), "acme");
    }

    private static List<String> ids(JournalReader.Batch batch) {
        List<String> ids = new ArrayList<>();
        batch.predictions().forEach(prediction -> ids.add(prediction.predictionId()));
        return ids;
    }

    private static List<Path> segments(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.toString().endsWith(PredictionJournal.SUFFIX)).sorted().toList();
        }
    }
}
