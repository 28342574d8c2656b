package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.ControlCharacters;
import com.roisystems.ml.bus.EventTypes;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputFormat;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Validates raw activity events against the versioned contract in {@code schemas/activity-events.json}:
 * size, UTF-8, JSON, the envelope schema, the event type's payload schema, the entity type the event
 * type is about, and a clock-skew bound on {@code occurred_at}. Thread-safe; one instance per verticle.
 *
 * <p>{@code CheckedEvent result = EventValidator.load(64 * 1024, Duration.ofMinutes(5)).validate(bytes);}
 */
public final class EventValidator {

    private static final Logger log = LoggerFactory.getLogger(EventValidator.class);

    public static final String CONTRACT_RESOURCE = "/schemas/activity-events.json";

    private static final Pattern SCHEMA_WRAPPER = Pattern.compile("Property \".*\" does not match (additional properties )?schema");
    private static final Pattern MISSING_PROPERTY = Pattern.compile("required property \"([^\"]+)\"");

    private final Map<String, Validator> payloads;
    private final Map<String, Validator> payloadDiagnostics;
    private final Map<String, JsonObject> payloadSchemas;
    private final Map<String, String> entityTypes;
    private final int maxEventBytes;
    private final Duration maxFutureSkew;

    private EventValidator(Map<String, Validator> payloads, Map<String, Validator> payloadDiagnostics, Map<String, JsonObject> payloadSchemas,
                           Map<String, String> entityTypes, int maxEventBytes, Duration maxFutureSkew) {
        this.payloads = payloads;
        this.payloadDiagnostics = payloadDiagnostics;
        this.payloadSchemas = payloadSchemas;
        this.entityTypes = entityTypes;
        this.maxEventBytes = maxEventBytes;
        this.maxFutureSkew = maxFutureSkew;
    }

    /** Reads the contract from the class path (blocking, once at start-up). */
    public static EventValidator load(int maxEventBytes, Duration maxFutureSkew) {
        JsonObject contract = contract();
        // Valid events are the common case: check them with the cheap boolean output, and run the
        // detailed output only to explain a failure.
        JsonSchemaOptions fast = schemaOptions(OutputFormat.Flag);
        JsonSchemaOptions detailed = schemaOptions(OutputFormat.Basic);
        Map<String, Validator> payloads = new HashMap<>();
        Map<String, Validator> diagnostics = new HashMap<>();
        Map<String, String> entityTypes = new HashMap<>();
        Map<String, JsonObject> schemas = new HashMap<>();
        JsonObject types = contract.getJsonObject("types");
        for (String type : types.fieldNames()) {
            JsonObject definition = types.getJsonObject(type);
            payloads.put(type, Validator.create(JsonSchema.of(definition.getJsonObject("payload")), fast));
            diagnostics.put(type, Validator.create(JsonSchema.of(definition.getJsonObject("payload")), detailed));
            entityTypes.put(type, definition.getString("entity_type"));
            schemas.put(type, definition.getJsonObject("payload"));
        }
        return new EventValidator(Map.copyOf(payloads), Map.copyOf(diagnostics), Map.copyOf(schemas), Map.copyOf(entityTypes),
                maxEventBytes, maxFutureSkew);
    }

    private static JsonSchemaOptions schemaOptions(OutputFormat format) {
        return new JsonSchemaOptions().setDraft(Draft.DRAFT202012)
                .setBaseUri("https://schemas.roisystems.com/activity/v1/").setOutputFormat(format);
    }

    public static JsonObject contract() {
        try (InputStream in = EventValidator.class.getResourceAsStream(CONTRACT_RESOURCE)) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("event contract " + CONTRACT_RESOURCE + " is missing from the class path", e);
        }
    }

    public Set<String> eventTypes() {
        return payloads.keySet();
    }

    /**
     * An event over {@code maxEventBytes}, refused with its size; its dead letter keeps the first {@code maxEventBytes}
     * bytes (enough to see what it was), not megabytes.
     */
    private CheckedEvent oversize(byte[] raw, String eventId, String eventType, String tenantId) {
        return CheckedEvent.rejected(new Rejection(Rejection.OVERSIZE, "event is " + raw.length + " bytes, the limit is " + maxEventBytes, null),
                eventId, eventType, java.util.Arrays.copyOf(raw, maxEventBytes), tenantId);
    }

    /** Validates one event as received (a Kafka record value, a WebSocket frame). */
    public CheckedEvent validate(byte[] raw) {
        if (raw == null || raw.length == 0) {
            return CheckedEvent.rejected(new Rejection(Rejection.MALFORMED_JSON, "empty event", null), null, null, new byte[0]);
        }
        if (raw.length > maxEventBytes) {
            return oversize(raw, null, null, null);
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(raw)).toString();
        } catch (CharacterCodingException e) {
            return CheckedEvent.rejected(new Rejection(Rejection.NOT_UTF8, "event is not valid UTF-8", null), null, null, raw);
        }
        Object parsed;
        try {
            parsed = Json.decodeValue(text);
        } catch (DecodeException e) {
            return CheckedEvent.rejected(new Rejection(Rejection.MALFORMED_JSON, "event is not valid JSON", null), null, null, raw);
        }
        if (!(parsed instanceof JsonObject json)) {
            return CheckedEvent.rejected(new Rejection(Rejection.MALFORMED_JSON, "event must be a JSON object", null), null, null, raw);
        }
        return validate(json, raw);
    }

    /** Validates one already-parsed event (an element of an HTTP array); {@code raw} is kept for dead letters. */
    public CheckedEvent validate(JsonObject json, byte[] raw) {
        String eventId = json.getValue(EventTypes.EVENT_ID) instanceof String id ? id : null;
        String eventType = json.getValue(EventTypes.EVENT_TYPE) instanceof String type ? type : null;
        String tenantId = EnvelopeCheck.isTenantId(json.getValue(EventTypes.TENANT_ID)) ? json.getString(EventTypes.TENANT_ID) : null;
        // The same bound as a Kafka record's: an element of an HTTP or WebSocket array is one event too.
        if (raw.length > maxEventBytes) {
            return oversize(raw, eventId, eventType, tenantId);
        }
        if (eventType != null && !payloads.containsKey(eventType)) {
            return CheckedEvent.rejected(new Rejection(Rejection.UNKNOWN_EVENT_TYPE,
                    "unknown event type '" + eventType + "'", EventTypes.EVENT_TYPE), eventId, eventType, raw, tenantId);
        }
        Rejection envelopeError = EnvelopeCheck.check(json);
        if (envelopeError != null) {
            return CheckedEvent.rejected(envelopeError, eventId, eventType, raw, tenantId);
        }
        Rejection controlCharacter = firstControlCharacter(json, "");
        if (controlCharacter != null) {
            return CheckedEvent.rejected(controlCharacter, eventId, eventType, raw, tenantId);
        }
        String expectedEntity = entityTypes.get(eventType);
        if (!expectedEntity.equals(json.getString(EventTypes.ENTITY_TYPE))) {
            return CheckedEvent.rejected(new Rejection(Rejection.ENTITY_TYPE_MISMATCH,
                    eventType + " events are about a " + expectedEntity + ", not a " + json.getString(EventTypes.ENTITY_TYPE),
                    EventTypes.ENTITY_TYPE), eventId, eventType, raw, tenantId);
        }
        JsonObject payload = json.getJsonObject(EventTypes.PAYLOAD);
        if (!Boolean.TRUE.equals(payloads.get(eventType).validate(payload).getValid())) {
            Rejection payloadError = everyError(payloadDiagnostics.get(eventType).validate(payload), payloadSchemas.get(eventType));
            return CheckedEvent.rejected(payloadError, eventId, eventType, raw, tenantId);
        }
        Instant occurredAt;
        try {
            occurredAt = OffsetDateTime.parse(json.getString(EventTypes.OCCURRED_AT)).toInstant();
        } catch (DateTimeParseException e) {
            return CheckedEvent.rejected(new Rejection(Rejection.SCHEMA_VIOLATION,
                    "occurred_at must be an RFC 3339 timestamp with an offset", EventTypes.OCCURRED_AT), eventId, eventType, raw, tenantId);
        }
        if (occurredAt.isAfter(Instant.now().plus(maxFutureSkew))) {
            return CheckedEvent.rejected(new Rejection(Rejection.FUTURE_TIMESTAMP,
                    "occurred_at " + occurredAt + " is more than " + maxFutureSkew.toSeconds() + " s in the future",
                    EventTypes.OCCURRED_AT), eventId, eventType, raw, tenantId);
        }
        ActivityEvent event = new ActivityEvent(UUID.fromString(eventId), eventType, expectedEntity,
                json.getString(EventTypes.ENTITY_ID), occurredAt, json.getInteger(EventTypes.SCHEMA_VERSION), payload, tenantId);
        try {
            // Convert now what the writer will convert, so a value the schema let through (a date-time
            // format is only an annotation in JSON Schema) is refused here and never poisons a batch.
            RawTables.forEventType(eventType).parameters(List.of(event));
        } catch (DateTimeParseException e) {
            // Responses carry no exception text: the parser's message stays in the log.
            log.debug("Event {} ({}): a payload date cannot be read: {}", eventId, eventType, e.getMessage());
            return CheckedEvent.rejected(new Rejection(Rejection.SCHEMA_VIOLATION,
                    "a payload date or timestamp is not a valid ISO 8601 value", EventTypes.PAYLOAD), eventId, eventType, raw, tenantId);
        } catch (RuntimeException e) {
            log.warn("Event {} ({}): a payload value cannot be read: {}", eventId, eventType, e.toString());
            return CheckedEvent.rejected(new Rejection(Rejection.SCHEMA_VIOLATION,
                    "a payload value cannot be read", EventTypes.PAYLOAD), eventId, eventType, raw, tenantId);
        }
        return CheckedEvent.accepted(event, raw);
    }

    /**
     * A control character in any string of the event, named by its path: PostgreSQL refuses U+0000 in text,
     * so letting one through would fail the whole batch it is written with. Payload text may keep tab and newlines.
     */
    private static Rejection firstControlCharacter(JsonObject object, String prefix) {
        for (Map.Entry<String, Object> entry : object) {
            String field = prefix + entry.getKey();
            Rejection found = controlCharacterIn(entry.getValue(), field, !prefix.isEmpty());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    private static Rejection controlCharacterIn(Object value, String field, boolean text) {
        if (value instanceof String string) {
            int index = ControlCharacters.find(string, text);
            return index < 0 ? null : new Rejection(Rejection.SCHEMA_VIOLATION, ControlCharacters.describe(string, index), field);
        }
        if (value instanceof JsonObject nested) {
            return firstControlCharacter(nested, field + ".");
        }
        if (value instanceof JsonArray array) {
            for (int i = 0; i < array.size(); i++) {
                Rejection found = controlCharacterIn(array.getValue(i), field + "[" + i + "]", text);
                if (found != null) {
                    return found;
                }
            }
        }
        return null;
    }

    private static Rejection firstError(OutputUnit output, String prefix) {
        OutputUnit detail = output.getErrors() == null || output.getErrors().isEmpty() ? output : output.getErrors().get(0);
        String location = detail.getInstanceLocation() == null ? "" : detail.getInstanceLocation();
        String field = toField(prefix, location);
        Matcher missing = MISSING_PROPERTY.matcher(String.valueOf(detail.getError()));
        if (missing.find()) {
            field = field.isEmpty() ? missing.group(1) : field + "." + missing.group(1);
        }
        String message = detail.getError() == null ? "does not match the schema" : detail.getError();
        return new Rejection(Rejection.SCHEMA_VIOLATION, message, field.isEmpty() ? null : field);
    }

    /**
     * Every problem of a payload at once, so a customer mapping their records fixes them in one pass: each as
     * {@code payload.field: message}, an enum's message listing the allowed values. The rejection names the first field.
     */
    private static Rejection everyError(OutputUnit output, JsonObject schema) {
        List<OutputUnit> details = output.getErrors() == null || output.getErrors().isEmpty() ? List.of(output) : output.getErrors();
        Map<String, Set<String>> byField = new LinkedHashMap<>();
        for (OutputUnit detail : details) {
            Rejection one = firstError(detail, EventTypes.PAYLOAD);
            String message = detail.getKeywordLocation() != null && detail.getKeywordLocation().endsWith("/enum")
                    ? "must be one of " + allowedValues(schema, detail.getKeywordLocation())
                    : MISSING_PROPERTY.matcher(one.message()).find() ? "is required" : one.message();
            byField.computeIfAbsent(one.field() == null ? "" : one.field(), ignored -> new LinkedHashSet<>()).add(message);
        }
        List<String> problems = new ArrayList<>();
        byField.forEach((field, messages) -> {
            // "Property x does not match schema" only wraps the specific failure beside it.
            List<String> specific = messages.stream().filter(message -> !SCHEMA_WRAPPER.matcher(message).matches()).toList();
            (specific.isEmpty() ? messages : specific).forEach(message -> problems.add(field.isEmpty() ? message : field + ": " + message));
        });
        String firstField = byField.keySet().stream().filter(field -> !field.isEmpty()).findFirst().orElse(null);
        return new Rejection(Rejection.SCHEMA_VIOLATION, String.join("; ", problems), firstField);
    }

    /** The {@code enum} at a keyword location such as {@code #/properties/property_type/enum} of {@code schema}. */
    private static String allowedValues(JsonObject schema, String keywordLocation) {
        Object node = schema;
        String pointer = keywordLocation == null ? "" : keywordLocation.replaceFirst("^#", "").replaceFirst("^/", "");
        for (String part : pointer.split("/")) {
            if (part.isEmpty()) {
                continue;
            }
            if (node instanceof JsonObject object) {
                node = object.getValue(part);
            } else if (node instanceof JsonArray array && part.chars().allMatch(Character::isDigit)) {
                node = array.getValue(Integer.parseInt(part));
            } else {
                return "the values the contract lists";
            }
        }
        return node instanceof JsonArray values ? values.encode() : "the values the contract lists";
    }

    /** JSON pointer ({@code #/payload/x} or {@code /x}) to a dotted field name under {@code prefix}. */
    private static String toField(String prefix, String pointer) {
        String path = pointer.replaceFirst("^#", "").replaceFirst("^/", "").replace('/', '.');
        if (prefix.isEmpty()) {
            return path;
        }
        return path.isEmpty() ? prefix : prefix + "." + path;
    }
}
