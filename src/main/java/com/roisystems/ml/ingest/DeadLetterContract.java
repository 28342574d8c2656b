package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Dead-letter administration on the event bus (the HTTP admin routes forward to it): list the events
 * validation refused, and replay them once the cause is fixed. A replay re-validates each pending dead
 * letter's raw bytes with the current contract and settings, writes the ones now valid (idempotently)
 * and marks each ACCEPTED, DUPLICATE or REJECTED, so a letter is replayed at most once.
 *
 * <p>Failures ({@link ServiceFailure}) of {@link #LIST} and {@link #REPLAY}: 400 {@code invalid_request} naming
 * the field when {@code limit} is not a number from 1 to {@value #MAX_LIMIT}, {@code ids} is not an array of
 * numbers, {@code reason} is not a string or {@code include_replayed} not a boolean; 503 when the database
 * cannot be reached or the service does not answer within {@link #TIMEOUT_MS}; 500 for a bug (logged).
 *
 * <p>{@code Bus.request(vertx, DeadLetterContract.REPLAY, ReplayDeadLetters.ofIds(List.of(7L))).map(ReplayReport::accepted)}
 */
public final class DeadLetterContract {

    /** How callers know the service in failures: "dead-letter administration did not answer in time". */
    public static final String SERVICE = "dead-letter administration";
    /** A replay re-validates and writes up to {@value #MAX_LIMIT} events in one request. */
    public static final long TIMEOUT_MS = 30_000;
    /** The most dead letters one request lists or replays. */
    public static final int MAX_LIMIT = 10_000;

    public static final Endpoint<ListDeadLetters, DeadLetterList> LIST =
            Endpoint.of("admin.deadletters.list", SERVICE, TIMEOUT_MS, ListDeadLetters.FORMAT, DeadLetterList.FORMAT);
    public static final Endpoint<ReplayDeadLetters, ReplayReport> REPLAY =
            Endpoint.of("admin.deadletters.replay", SERVICE, TIMEOUT_MS, ReplayDeadLetters.FORMAT, ReplayReport.FORMAT);

    private static final int DEFAULT_LIST_LIMIT = 100;
    private static final int DEFAULT_REPLAY_LIMIT = 1_000;
    private static final String LIMIT = "limit";
    private static final String REASON = "reason";
    private static final String INCLUDE_REPLAYED = "include_replayed";
    private static final String IDS = "ids";

    private DeadLetterContract() {
    }

    /**
     * Which dead letters to list: replayed ones too or only pending, those whose reason starts with
     * {@code reason} (a rejection code such as {@code schema_violation}) or all, at most {@code limit}.
     *
     * <p>{@code ListDeadLetters.of(false, "occurred_at_in_future", null)}
     */
    public record ListDeadLetters(boolean includeReplayed, String reason, int limit) {

        public static final WireFormat<ListDeadLetters> FORMAT =
                WireFormat.of(ListDeadLetters.class, ListDeadLetters::toJson, ListDeadLetters::fromJson);

        public ListDeadLetters {
            checkLimit(limit);
        }

        /** {@code limit} null means the default, 100. */
        public static ListDeadLetters of(boolean includeReplayed, String reason, Integer limit) {
            return new ListDeadLetters(includeReplayed, reason, limit == null ? DEFAULT_LIST_LIMIT : limit);
        }

        public JsonObject toJson() {
            return new JsonObject().put(INCLUDE_REPLAYED, includeReplayed).put(REASON, reason).put(LIMIT, limit);
        }

        /** {@code {"include_replayed"?: false, "reason"?, "limit"?: 100}}. */
        public static ListDeadLetters fromJson(JsonObject json) {
            Object included = json.getValue(INCLUDE_REPLAYED);
            if (included != null && !(included instanceof Boolean)) {
                throw ServiceFailure.invalid(INCLUDE_REPLAYED, "must be true or false");
            }
            return new ListDeadLetters(Boolean.TRUE.equals(included), readReason(json), readLimit(json, DEFAULT_LIST_LIMIT));
        }
    }

    /**
     * Which dead letters to replay: the ones named by id, or (without ids) the pending ones whose reason
     * starts with {@code reason}, at most {@code limit}, oldest first. Letters already replayed are skipped.
     *
     * <p>{@code ReplayDeadLetters.fromJson(new JsonObject().put("reason", "occurred_at_in_future"))}
     */
    public record ReplayDeadLetters(List<Long> ids, String reason, int limit) {

        public static final WireFormat<ReplayDeadLetters> FORMAT =
                WireFormat.of(ReplayDeadLetters.class, ReplayDeadLetters::toJson, ReplayDeadLetters::fromJson);

        public ReplayDeadLetters {
            ids = List.copyOf(ids);
            checkLimit(limit);
        }

        public static ReplayDeadLetters ofIds(List<Long> ids) {
            return new ReplayDeadLetters(ids, null, DEFAULT_REPLAY_LIMIT);
        }

        public JsonObject toJson() {
            return new JsonObject().put(IDS, new JsonArray(new ArrayList<>(ids))).put(REASON, reason).put(LIMIT, limit);
        }

        /** {@code {"ids": [1, 2]}} or {@code {"reason"?, "limit"?: 1000}}. */
        public static ReplayDeadLetters fromJson(JsonObject json) {
            Object value = json.getValue(IDS);
            if (value != null && !(value instanceof JsonArray)) {
                throw invalidIds();
            }
            List<Long> ids = new ArrayList<>();
            for (Object id : value == null ? new JsonArray() : (JsonArray) value) {
                if (!(id instanceof Number number)) {
                    throw invalidIds();
                }
                ids.add(number.longValue());
            }
            return new ReplayDeadLetters(ids, readReason(json), readLimit(json, DEFAULT_REPLAY_LIMIT));
        }

        private static ServiceFailure invalidIds() {
            return ServiceFailure.invalid(IDS, "must be an array of dead-letter ids (numbers)");
        }
    }

    /**
     * One dead letter as stored: where it came from (a Kafka position, or an HTTP/WebSocket request or a
     * replay without one), what could be read of it, why it was refused, its raw bytes, and the outcome of
     * its replay once replayed.
     *
     * <p>{@code letter.toJson().getString("raw_base64")}
     */
    public record StoredDeadLetter(long deadLetterId, String source, String topic, Integer partition, Long offset, String eventId,
                                   String eventType, String reason, String field, byte[] raw, OffsetDateTime receivedAt,
                                   String replayOutcome, OffsetDateTime replayedAt) {

        /** The raw bytes always as base64, and also as text when they are UTF-8 (the common case, easier to read). */
        public JsonObject toJson() {
            JsonObject json = new JsonObject()
                    .put("dead_letter_id", deadLetterId)
                    .put("source", source)
                    .put("topic", topic)
                    .put("partition", partition)
                    .put("offset", offset)
                    .put("event_id", eventId)
                    .put("event_type", eventType)
                    .put(REASON, reason)
                    .put("field", field)
                    .put("raw_base64", Base64.getEncoder().encodeToString(raw))
                    .put("received_at", String.valueOf(receivedAt))
                    .put("replay_outcome", replayOutcome);
            if (replayedAt != null) {
                json.put("replayed_at", replayedAt.toString());
            }
            String text = utf8OrNull(raw);
            if (text != null) {
                json.put("raw", text);
            }
            return json;
        }

        public static StoredDeadLetter fromJson(JsonObject json) {
            String replayedAt = json.getString("replayed_at");
            return new StoredDeadLetter(json.getLong("dead_letter_id"), json.getString("source"), json.getString("topic"),
                    json.getInteger("partition"), json.getLong("offset"), json.getString("event_id"), json.getString("event_type"),
                    json.getString(REASON), json.getString("field"), Base64.getDecoder().decode(json.getString("raw_base64")),
                    OffsetDateTime.parse(json.getString("received_at")), json.getString("replay_outcome"),
                    replayedAt == null ? null : OffsetDateTime.parse(replayedAt));
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

    /**
     * The reply to {@link #LIST}, oldest first.
     *
     * <p>{@code list.deadLetters().size()}
     */
    public record DeadLetterList(List<StoredDeadLetter> deadLetters) {

        public static final WireFormat<DeadLetterList> FORMAT = WireFormat.of(DeadLetterList.class, DeadLetterList::toJson, DeadLetterList::fromJson);

        public DeadLetterList {
            deadLetters = List.copyOf(deadLetters);
        }

        public JsonObject toJson() {
            return new JsonObject().put("dead_letters", new JsonArray(deadLetters.stream().map(StoredDeadLetter::toJson).toList()));
        }

        public static DeadLetterList fromJson(JsonObject json) {
            return new DeadLetterList(json.getJsonArray("dead_letters").stream()
                    .map(letter -> StoredDeadLetter.fromJson((JsonObject) letter)).toList());
        }
    }

    /** What a replay did with a dead letter: stored it now, found it stored before, or refused it again. */
    public enum ReplayOutcome { ACCEPTED, DUPLICATE, REJECTED }

    /**
     * One replayed dead letter; {@code reason} says why it was refused again ({@code null} otherwise).
     *
     * <p>{@code new ReplayedLetter(7, ReplayOutcome.ACCEPTED, null)}
     */
    public record ReplayedLetter(long deadLetterId, ReplayOutcome outcome, String reason) {

        public JsonObject toJson() {
            JsonObject json = new JsonObject().put("dead_letter_id", deadLetterId).put("outcome", outcome.name());
            if (reason != null) {
                json.put(REASON, reason);
            }
            return json;
        }

        public static ReplayedLetter fromJson(JsonObject json) {
            return new ReplayedLetter(json.getLong("dead_letter_id"), ReplayOutcome.valueOf(json.getString("outcome")), json.getString(REASON));
        }
    }

    /**
     * The reply to {@link #REPLAY}: one entry per replayed letter, with the counts per outcome.
     *
     * <p>{@code report.replayed() == report.accepted() + report.duplicates() + report.rejected()}
     */
    public record ReplayReport(List<ReplayedLetter> results) {

        public static final WireFormat<ReplayReport> FORMAT = WireFormat.of(ReplayReport.class, ReplayReport::toJson, ReplayReport::fromJson);

        public ReplayReport {
            results = List.copyOf(results);
        }

        public int replayed() {
            return results.size();
        }

        public int accepted() {
            return count(ReplayOutcome.ACCEPTED);
        }

        public int duplicates() {
            return count(ReplayOutcome.DUPLICATE);
        }

        public int rejected() {
            return count(ReplayOutcome.REJECTED);
        }

        private int count(ReplayOutcome outcome) {
            return (int) results.stream().filter(result -> result.outcome() == outcome).count();
        }

        /** {@code {"replayed", "accepted", "duplicates", "rejected", "results": [...]}}. */
        public JsonObject toJson() {
            return new JsonObject().put("replayed", replayed()).put("accepted", accepted()).put("duplicates", duplicates())
                    .put("rejected", rejected()).put("results", new JsonArray(results.stream().map(ReplayedLetter::toJson).toList()));
        }

        public static ReplayReport fromJson(JsonObject json) {
            return new ReplayReport(json.getJsonArray("results").stream().map(result -> ReplayedLetter.fromJson((JsonObject) result)).toList());
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw ServiceFailure.invalid(LIMIT, "must be a number from 1 to " + MAX_LIMIT);
        }
    }

    private static int readLimit(JsonObject json, int fallback) {
        Object value = json.getValue(LIMIT, fallback);
        if (!(value instanceof Number number)) {
            throw ServiceFailure.invalid(LIMIT, "must be a number from 1 to " + MAX_LIMIT);
        }
        return number.intValue();
    }

    private static String readReason(JsonObject json) {
        Object value = json.getValue(REASON);
        if (value != null && !(value instanceof String)) {
            throw ServiceFailure.invalid(REASON, "must be a string, the start of a rejection reason such as schema_violation");
        }
        return (String) value;
    }
}
