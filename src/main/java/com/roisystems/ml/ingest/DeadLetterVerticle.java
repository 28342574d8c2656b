package com.roisystems.ml.ingest;

import com.roisystems.ml.api.ServiceFailures;
import com.roisystems.ml.db.PgPools;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Serves the {@link DeadLetterAdmin} addresses: list dead letters, replay them after the cause is fixed. */
public final class DeadLetterVerticle extends VerticleBase {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterVerticle.class);

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
                vertx.eventBus().<JsonObject>consumer(DeadLetterAdmin.LIST, this::list).completion(),
                vertx.eventBus().<JsonObject>consumer(DeadLetterAdmin.REPLAY, this::replay).completion());
    }

    private void list(Message<JsonObject> message) {
        JsonObject request = message.body() == null ? new JsonObject() : message.body();
        Integer limit = limit(message, request, 100);
        if (limit == null) {
            return;
        }
        pool.preparedQuery(IngestQueries.LIST_DEAD_LETTERS)
                .execute(Tuple.of(request.getBoolean("include_replayed", false), request.getString("reason"), limit))
                .onSuccess(rows -> {
                    JsonArray letters = new JsonArray();
                    rows.forEach(row -> letters.add(toJson(row)));
                    message.reply(new JsonObject().put("dead_letters", letters));
                })
                .onFailure(failure -> message.fail(ServiceFailures.UNAVAILABLE, "dead letters cannot be read: " + failure.getMessage()));
    }

    private void replay(Message<JsonObject> message) {
        JsonObject request = message.body() == null ? new JsonObject() : message.body();
        Integer limit = limit(message, request, 1_000);
        if (limit == null) {
            return;
        }
        Long[] ids;
        try {
            JsonArray requested = request.getJsonArray("ids", new JsonArray());
            ids = requested.stream().map(id -> ((Number) id).longValue()).toArray(Long[]::new);
        } catch (ClassCastException e) {
            message.fail(ServiceFailures.BAD_REQUEST, "ids: must be an array of dead-letter ids (numbers)");
            return;
        }
        pool.preparedQuery(IngestQueries.SELECT_DEAD_LETTERS_FOR_REPLAY)
                .execute(Tuple.of(ids, request.getString("reason"), limit))
                .compose(rows -> {
                    List<Long> letterIds = new ArrayList<>();
                    List<CheckedEvent> results = new ArrayList<>();
                    for (Row row : rows) {
                        letterIds.add(row.getLong("dead_letter_id"));
                        results.add(validator.validate(row.getBuffer("raw").getBytes()));
                    }
                    List<ActivityEvent> valid = results.stream().filter(CheckedEvent::valid).map(CheckedEvent::event).toList();
                    return writer.write(valid, List.of(), DeadLetter.REPLAY)
                            .compose(outcome -> markReplayed(letterIds, results, outcome));
                })
                .onSuccess(message::reply)
                .onFailure(failure -> {
                    log.warn("Dead-letter replay failed: {}", failure.getMessage());
                    message.fail(ServiceFailures.UNAVAILABLE, "replay failed: " + failure.getMessage());
                });
    }

    private Future<JsonObject> markReplayed(List<Long> letterIds, List<CheckedEvent> results, WriteOutcome outcome) {
        List<Tuple> updates = new ArrayList<>();
        JsonArray items = new JsonArray();
        int accepted = 0;
        int duplicates = 0;
        int rejected = 0;
        for (int i = 0; i < letterIds.size(); i++) {
            CheckedEvent result = results.get(i);
            String status;
            if (!result.valid()) {
                status = "REJECTED";
                rejected++;
            } else if (outcome.accepted().contains(result.event().eventId())) {
                status = "ACCEPTED";
                accepted++;
            } else {
                status = "DUPLICATE";
                duplicates++;
            }
            updates.add(Tuple.of(letterIds.get(i), status));
            JsonObject item = new JsonObject().put("dead_letter_id", letterIds.get(i)).put("outcome", status);
            if (!result.valid()) {
                item.put("reason", result.rejection().describe());
            }
            items.add(item);
        }
        JsonObject summary = new JsonObject().put("replayed", letterIds.size()).put("accepted", accepted)
                .put("duplicates", duplicates).put("rejected", rejected).put("results", items);
        if (updates.isEmpty()) {
            return Future.succeededFuture(summary);
        }
        return pool.preparedQuery(IngestQueries.MARK_REPLAYED).executeBatch(updates).map(ignored -> summary);
    }

    private static Integer limit(Message<JsonObject> message, JsonObject request, int fallback) {
        Object value = request.getValue("limit", fallback);
        if (!(value instanceof Number number) || number.intValue() < 1 || number.intValue() > DeadLetterAdmin.MAX_LIMIT) {
            message.fail(ServiceFailures.BAD_REQUEST, "limit: must be a number from 1 to " + DeadLetterAdmin.MAX_LIMIT);
            return null;
        }
        return number.intValue();
    }

    private static JsonObject toJson(Row row) {
        byte[] raw = row.getBuffer("raw").getBytes();
        JsonObject json = new JsonObject()
                .put("dead_letter_id", row.getLong("dead_letter_id"))
                .put("source", row.getString("source"))
                .put("topic", row.getString("topic"))
                .put("partition", row.getInteger("kafka_partition"))
                .put("offset", row.getLong("kafka_offset"))
                .put("event_id", row.getString("event_id"))
                .put("event_type", row.getString("event_type"))
                .put("reason", row.getString("reason"))
                .put("field", row.getString("field"))
                .put("raw_base64", Base64.getEncoder().encodeToString(raw))
                .put("received_at", String.valueOf(row.getOffsetDateTime("received_at")))
                .put("replay_outcome", row.getString("replay_outcome"));
        if (row.getOffsetDateTime("replayed_at") != null) {
            json.put("replayed_at", row.getOffsetDateTime("replayed_at").toString());
        }
        String text = utf8OrNull(raw);
        if (text != null) {
            json.put("raw", text);
        }
        return json;
    }

    private static String utf8OrNull(byte[] raw) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }
}
