package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.EntityRef;
import com.roisystems.ml.db.DataRefusals;
import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.BiFunction;

/**
 * Writes a batch so that one record PostgreSQL refuses cannot stall it. A batch is one transaction: a single event the
 * validator passed but the database refuses (a value out of a column's range, a constraint the contract does not
 * know) would roll the whole batch back, and a consumer that retries the batch would retry it forever while
 * ingestion stops for everyone. When the refusal is about the data (SQLSTATE classes 22 and 23, 54), the batch is
 * split in halves and each half written on its own, down to the one event to blame, which is dead-lettered with
 * the refusal's SQLSTATE and constraint; the rest is written. An unavailable database (connection, resources, shutdown) is not
 * about a record: that failure is returned for the caller to retry the whole batch. Halves are separate
 * transactions; the writer's idempotency by event id makes a retry after a partial write store nothing twice.
 *
 * <p>{@code new PoisonIsolation(writer).write(events, deadLetters, DeadLetter.KAFKA, (event, reason) -> letterFor(event, reason))}
 */
final class PoisonIsolation {

    private static final Logger log = LoggerFactory.getLogger(PoisonIsolation.class);
    static final String DATABASE_REFUSED = "database_refused";

    private final ActivityWriter writer;

    PoisonIsolation(ActivityWriter writer) {
        this.writer = writer;
    }

    /**
     * Writes {@code events} and {@code deadLetters}; an event the database refuses becomes the dead letter
     * {@code asDeadLetter} makes of it and the refusal.
     */
    Future<WriteOutcome> write(List<ActivityEvent> events, List<DeadLetter> deadLetters, String source,
                               BiFunction<ActivityEvent, Rejection, DeadLetter> asDeadLetter) {
        return writer.write(events, deadLetters, source).recover(failure -> {
            if (!DataRefusals.refusesData(failure) || events.isEmpty()) {
                return Future.failedFuture(failure);
            }
            if (events.size() == 1) {
                ActivityEvent poison = events.get(0);
                Rejection rejection = new Rejection(DATABASE_REFUSED, DataRefusals.describe((PgException) failure), null);
                log.warn("Event {} ({}) refused by PostgreSQL, dead-lettered: {}", poison.eventId(), poison.eventType(), failure.getMessage());
                List<DeadLetter> letters = new ArrayList<>(deadLetters);
                letters.add(asDeadLetter.apply(poison, rejection));
                return writer.write(List.of(), letters, source);
            }
            int half = events.size() / 2;
            return write(events.subList(0, half), deadLetters, source, asDeadLetter)
                    .compose(first -> write(events.subList(half, events.size()), List.of(), source, asDeadLetter)
                            .map(second -> merge(first, second)));
        });
    }

    private static WriteOutcome merge(WriteOutcome first, WriteOutcome second) {
        Set<UUID> accepted = new LinkedHashSet<>(first.accepted());
        accepted.addAll(second.accepted());
        Set<UUID> duplicates = new LinkedHashSet<>(first.duplicates());
        duplicates.addAll(second.duplicates());
        List<EntityRef> touched = new ArrayList<>(new LinkedHashSet<>(first.touched()));
        second.touched().stream().filter(entity -> !touched.contains(entity)).forEach(touched::add);
        return new WriteOutcome(accepted, duplicates, first.deadLetters() + second.deadLetters(), touched);
    }
}
