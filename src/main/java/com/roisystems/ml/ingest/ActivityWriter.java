package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.EntityRef;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Writes a batch of validated events and its dead letters in one transaction, idempotently: an event id
 * already stored is a duplicate and is not applied again, whether it was sent twice in this batch, in
 * an earlier batch, or replayed after a crash. Activity is keyed by event id in its own table; entity
 * events (users, properties, transactions, market months) are upserts, made idempotent by the
 * {@code ingested_events} ledger. Returns only after the transaction committed.
 *
 * <p>{@code writer.write(events, deadLetters, DeadLetter.KAFKA).onSuccess(outcome -> commitOffsets());}
 */
public final class ActivityWriter {

    private final Pool pool;

    public ActivityWriter(Pool pool) {
        this.pool = pool;
    }

    public Future<WriteOutcome> write(List<ActivityEvent> events, List<DeadLetter> deadLetters, String source) {
        if (events.isEmpty() && deadLetters.isEmpty()) {
            return Future.succeededFuture(new WriteOutcome(Set.of(), Set.of(), 0, List.of()));
        }
        return pool.withTransaction(connection -> write(connection, events, deadLetters, source));
    }

    /**
     * The same write inside a transaction the caller holds, so it commits or rolls back with the caller's
     * other statements (a dead-letter replay marks its letters in the same transaction).
     */
    public Future<WriteOutcome> write(SqlConnection connection, List<ActivityEvent> events, List<DeadLetter> deadLetters, String source) {
        Map<UUID, ActivityEvent> unique = new LinkedHashMap<>();
        Set<UUID> duplicates = new LinkedHashSet<>();
        for (ActivityEvent event : events) {
            if (unique.putIfAbsent(event.eventId(), event) != null) {
                duplicates.add(event.eventId());
            }
        }
        if (unique.isEmpty() && deadLetters.isEmpty()) {
            return Future.succeededFuture(new WriteOutcome(Set.of(), duplicates, 0, List.of()));
        }
        return writeUnique(connection, unique, duplicates, deadLetters, source);
    }

    private Future<WriteOutcome> writeUnique(SqlConnection connection, Map<UUID, ActivityEvent> unique, Set<UUID> duplicates,
                                             List<DeadLetter> deadLetters, String source) {
        List<ActivityEvent> activity = new ArrayList<>();
        List<ActivityEvent> entities = new ArrayList<>();
        unique.values().forEach(event -> (RawTables.forEventType(event.eventType()).appendOnly() ? activity : entities).add(event));
        return append(connection, activity)
                .compose(appended -> claim(connection, entities, source)
                        .compose(claimed -> apply(connection, unique, claimed).map(ignored -> {
                            Set<UUID> accepted = new LinkedHashSet<>(appended);
                            accepted.addAll(claimed);
                            return accepted;
                        })))
                .compose(accepted -> recordDeadLetters(connection, deadLetters)
                        .map(ignored -> outcome(unique, accepted, duplicates, deadLetters.size())));
    }

    /**
     * Activity rows (the bulk of the stream) go straight into their tables: the event id is their primary
     * key, so {@code ON CONFLICT DO NOTHING RETURNING event_id} both dedupes and says which were new,
     * in one statement per table and without a second write to the ledger.
     */
    private static Future<Set<UUID>> append(SqlConnection connection, List<ActivityEvent> activity) {
        Map<RawTable, List<ActivityEvent>> byTable = new LinkedHashMap<>();
        activity.forEach(event -> byTable.computeIfAbsent(RawTables.forEventType(event.eventType()), t -> new ArrayList<>()).add(event));
        Set<UUID> inserted = new LinkedHashSet<>();
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<RawTable, List<ActivityEvent>> entry : byTable.entrySet()) {
            chain = chain.compose(ignored -> connection.preparedQuery(entry.getKey().insertSql())
                    .execute(entry.getKey().parameters(entry.getValue()))
                    .map(rows -> {
                        rows.forEach(row -> inserted.add(row.getUUID(0)));
                        return null;
                    }));
        }
        return chain.map(ignored -> inserted);
    }

    private static Future<Set<UUID>> claim(SqlConnection connection, Collection<ActivityEvent> events, String source) {
        if (events.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        int size = events.size();
        UUID[] ids = new UUID[size];
        String[] types = new String[size];
        String[] entities = new String[size];
        OffsetDateTime[] occurred = new OffsetDateTime[size];
        String[] sources = new String[size];
        String[] tenants = new String[size];
        int i = 0;
        for (ActivityEvent event : events) {
            ids[i] = event.eventId();
            types[i] = event.eventType();
            entities[i] = event.entityId();
            occurred[i] = event.occurredAt().atOffset(ZoneOffset.UTC);
            sources[i] = source;
            tenants[i] = event.tenantId();
            i++;
        }
        return connection.preparedQuery(IngestQueries.CLAIM_EVENTS)
                .execute(Tuple.of(ids, types, entities, occurred, sources, tenants))
                .map(rows -> {
                    Set<UUID> claimed = new LinkedHashSet<>();
                    for (Row row : rows) {
                        claimed.add(row.getUUID(0));
                    }
                    return claimed;
                });
    }

    /** Applies the newly claimed entity events, one statement per table; upserts keep the latest per key. */
    private static Future<Void> apply(SqlConnection connection, Map<UUID, ActivityEvent> unique, Set<UUID> claimed) {
        Map<RawTable, Map<Object, ActivityEvent>> byTable = new LinkedHashMap<>();
        for (UUID id : claimed) {
            ActivityEvent event = unique.get(id);
            RawTable table = RawTables.forEventType(event.eventType());
            Map<Object, ActivityEvent> rows = byTable.computeIfAbsent(table, t -> new LinkedHashMap<>());
            rows.merge(table.rowKey(event), event,
                    (kept, candidate) -> candidate.occurredAt().isBefore(kept.occurredAt()) ? kept : candidate);
        }
        Future<Void> chain = Future.succeededFuture();
        for (Map.Entry<RawTable, Map<Object, ActivityEvent>> entry : byTable.entrySet()) {
            RawTable table = entry.getKey();
            List<ActivityEvent> rows = new ArrayList<>(entry.getValue().values());
            chain = chain.compose(ignored -> connection.preparedQuery(table.insertSql()).execute(table.parameters(rows)).mapEmpty());
        }
        return chain;
    }

    private static Future<Void> recordDeadLetters(SqlConnection connection, List<DeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Future.succeededFuture();
        }
        int size = deadLetters.size();
        String[] sources = new String[size];
        String[] topics = new String[size];
        Integer[] partitions = new Integer[size];
        Long[] offsets = new Long[size];
        String[] eventIds = new String[size];
        String[] eventTypes = new String[size];
        String[] reasons = new String[size];
        String[] fields = new String[size];
        Buffer[] raws = new Buffer[size];
        String[] tenants = new String[size];
        for (int i = 0; i < size; i++) {
            DeadLetter letter = deadLetters.get(i);
            CheckedEvent checked = letter.checked();
            sources[i] = letter.source();
            topics[i] = letter.topic();
            partitions[i] = letter.partition();
            offsets[i] = letter.offset();
            eventIds[i] = storable(truncate(checked.eventId()));
            eventTypes[i] = storable(truncate(checked.eventType()));
            reasons[i] = storable(checked.rejection().code() + ": " + checked.rejection().message());
            fields[i] = storable(checked.rejection().field());
            raws[i] = Buffer.buffer(checked.raw());
            tenants[i] = letter.tenant();
        }
        return connection.preparedQuery(IngestQueries.INSERT_DEAD_LETTERS)
                .execute(Tuple.of(sources, topics, partitions, offsets, eventIds, eventTypes, reasons, fields, raws, tenants))
                .mapEmpty();
    }

    /** Ids sent twice in one batch count once: the first copy is applied (when new), the rest are duplicates. */
    private static WriteOutcome outcome(Map<UUID, ActivityEvent> unique, Set<UUID> claimed, Set<UUID> repeatedInBatch, int deadLetters) {
        Set<UUID> alreadyApplied = new LinkedHashSet<>();
        Set<EntityRef> touched = new LinkedHashSet<>();
        for (ActivityEvent event : unique.values()) {
            if (claimed.contains(event.eventId())) {
                touched.add(touchedEntity(event));
            } else {
                alreadyApplied.add(event.eventId());
            }
        }
        return new WriteOutcome(claimed, alreadyApplied, deadLetters, List.copyOf(touched));
    }

    /** The user whose features an event changes: activity is about the user; entities name their owner. */
    private static EntityRef touchedEntity(ActivityEvent event) {
        return switch (event.entityType()) {
            case "PROPERTY" -> new EntityRef("PROPERTY", event.entityId());
            case "TRANSACTION" -> EntityRef.user(event.payload().getString("user_id"));
            case "REGION" -> new EntityRef("REGION", event.entityId());
            default -> EntityRef.user(event.entityId());
        };
    }

    /**
     * A refused event's id, type or reason may quote a NUL, which PostgreSQL text cannot hold: it would fail the
     * dead letter's insert and with it the batch (a 503 to an HTTP sender, for a refusal no retry can change). The raw
     * bytes keep the original; these columns show the NUL escaped.
     */
    private static String storable(String value) {
        return value == null ? null : value.replace("\u0000", "\\u0000");
    }

    private static String truncate(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 200);
    }
}
