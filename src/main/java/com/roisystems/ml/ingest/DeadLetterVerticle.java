package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Bus;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.ingest.DeadLetterContract.DeadLetterList;
import com.roisystems.ml.ingest.DeadLetterContract.ListDeadLetters;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayDeadLetters;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayOutcome;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayReport;
import com.roisystems.ml.ingest.DeadLetterContract.ReplayedLetter;
import com.roisystems.ml.ingest.DeadLetterContract.StoredDeadLetter;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Serves the {@link DeadLetterContract} endpoints: list dead letters, replay them after the cause is fixed.
 * Replays validate with this verticle's {@code ingest} settings, so raising {@code ingest.maxFutureSkewSeconds}
 * and redeploying it is how an admin lets a producer's clock-skewed events in.
 *
 * <p>Config: {@code ingest.maxEventBytes}, {@code ingest.maxFutureSkewSeconds}, {@code pg}.
 */
public final class DeadLetterVerticle extends VerticleBase {

    private Pool pool;
    private EventValidator validator;
    private ActivityWriter writer;

    @Override
    public Future<?> start() {
        JsonObject ingest = config().getJsonObject("ingest", new JsonObject());
        pool = PgPools.shared(vertx, config());
        validator = EventValidator.load(ingest.getInteger("maxEventBytes", 64 * 1024),
                Duration.ofSeconds(ingest.getLong("maxFutureSkewSeconds", 300L)));
        writer = new ActivityWriter(pool);
        return Future.all(
                Bus.serve(vertx, DeadLetterContract.LIST, this::list),
                Bus.serve(vertx, DeadLetterContract.REPLAY, this::replay));
    }

    private Future<DeadLetterList> list(ListDeadLetters request) {
        return pool.preparedQuery(IngestQueries.LIST_DEAD_LETTERS)
                .execute(Tuple.of(request.includeReplayed(), request.reason(), request.limit()))
                .map(rows -> {
                    List<StoredDeadLetter> letters = new ArrayList<>();
                    rows.forEach(row -> letters.add(stored(row)));
                    return new DeadLetterList(letters);
                });
    }

    /**
     * One transaction: the letters are locked by {@code FOR UPDATE SKIP LOCKED} until their events are written
     * and they are marked, so two replays at once never take the same letter.
     */
    private Future<ReplayReport> replay(ReplayDeadLetters request) {
        return pool.withTransaction(connection -> connection.preparedQuery(IngestQueries.SELECT_DEAD_LETTERS_FOR_REPLAY)
                .execute(Tuple.of(request.ids().toArray(Long[]::new), request.reason(), request.limit()))
                .compose(rows -> {
                    List<Long> letterIds = new ArrayList<>();
                    List<CheckedEvent> checked = new ArrayList<>();
                    for (Row row : rows) {
                        letterIds.add(row.getLong("dead_letter_id"));
                        checked.add(validator.validate(row.getBuffer("raw").getBytes()));
                    }
                    // A replayed event is held to its tenant like a new one: about another tenant's entity, it stays rejected.
                    return TenantOwnership.confine(connection, checked).compose(confined -> {
                        List<ActivityEvent> valid = confined.stream().filter(CheckedEvent::valid).map(CheckedEvent::event).toList();
                        return writer.write(connection, valid, List.of(), DeadLetter.REPLAY)
                                .compose(outcome -> markReplayed(connection, letterIds, confined, outcome));
                    });
                }));
    }

    private Future<ReplayReport> markReplayed(SqlConnection connection, List<Long> letterIds, List<CheckedEvent> checked, WriteOutcome outcome) {
        List<Tuple> updates = new ArrayList<>();
        List<ReplayedLetter> results = new ArrayList<>();
        for (int i = 0; i < letterIds.size(); i++) {
            CheckedEvent event = checked.get(i);
            ReplayOutcome status = !event.valid() ? ReplayOutcome.REJECTED
                    : outcome.accepted().contains(event.event().eventId()) ? ReplayOutcome.ACCEPTED : ReplayOutcome.DUPLICATE;
            updates.add(Tuple.of(letterIds.get(i), status.name()));
            results.add(new ReplayedLetter(letterIds.get(i), status, event.valid() ? null : event.rejection().describe()));
        }
        ReplayReport report = new ReplayReport(results);
        if (updates.isEmpty()) {
            return Future.succeededFuture(report);
        }
        return connection.preparedQuery(IngestQueries.MARK_REPLAYED).executeBatch(updates).map(ignored -> report);
    }

    private static StoredDeadLetter stored(Row row) {
        return new StoredDeadLetter(row.getLong("dead_letter_id"), row.getString("source"), row.getString("topic"),
                row.getInteger("kafka_partition"), row.getLong("kafka_offset"), row.getString("event_id"), row.getString("event_type"),
                row.getString("reason"), row.getString("field"), row.getBuffer("raw").getBytes(), row.getOffsetDateTime("received_at"),
                row.getString("replay_outcome"), row.getOffsetDateTime("replayed_at"));
    }
}
