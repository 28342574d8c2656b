package com.roisystems.ml.ingest;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("The event validator")
class EventValidatorTest {

    private final EventValidator validator = EventValidator.load(4_096, Duration.ofMinutes(5));

    @Test
    @DisplayName("accepts the documented example of every event type, and every type has a raw table")
    void acceptsEveryExample() {
        assertThat(TestEvents.EXAMPLES.fieldNames()).containsExactlyInAnyOrderElementsOf(validator.eventTypes());
        assertThat(RawTables.eventTypes()).containsExactlyInAnyOrderElementsOf(validator.eventTypes());
        for (String type : TestEvents.EXAMPLES.fieldNames()) {
            CheckedEvent result = validator.validate(TestEvents.EXAMPLES.getJsonObject(type).toBuffer().getBytes());
            assertThat(result.valid()).as(type + ": " + (result.rejection() == null ? "" : result.rejection().describe())).isTrue();
            assertThat(result.event().eventType()).isEqualTo(type);
        }
    }

    @Test
    @DisplayName("rejects malformed JSON, non-UTF-8 bytes and a JSON value that is not an object")
    void rejectsUnreadableBytes() {
        assertThat(validator.validate("{\"event_id\": ".getBytes(StandardCharsets.UTF_8)).rejection().code()).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(validator.validate(new byte[]{'{', (byte) 0xC3, (byte) 0x28, '}'}).rejection().code()).isEqualTo(Rejection.NOT_UTF8);
        assertThat(validator.validate("[1, 2]".getBytes(StandardCharsets.UTF_8)).rejection().code()).isEqualTo(Rejection.MALFORMED_JSON);
        assertThat(validator.validate(new byte[0]).rejection().code()).isEqualTo(Rejection.MALFORMED_JSON);
    }

    @Test
    @DisplayName("rejects a NUL or other control character in any string, naming the field; payload text may keep tabs and newlines")
    void rejectsControlCharacters() {
        JsonObject nulInPayload = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        nulInPayload.getJsonObject("payload").put("document_type", "DEED\u0000");
        assertThat(reject(nulInPayload)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(Rejection.SCHEMA_VIOLATION);
            assertThat(r.field()).isEqualTo("payload.document_type");
            assertThat(r.message()).isEqualTo("must not contain control characters (U+0000 at position 4)");
        });

        JsonObject bellInEntity = TestEvents.documentViewed(UUID.randomUUID(), "user\u0007_1");
        assertThat(reject(bellInEntity).field()).isEqualTo("entity_id");

        JsonObject tabInEntity = TestEvents.documentViewed(UUID.randomUUID(), "user\t1");
        assertThat(reject(tabInEntity).field()).as("identifiers take no tabs").isEqualTo("entity_id");

        JsonObject newlineInText = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        newlineInText.getJsonObject("payload").put("document_id", "scan 1\n\tpage 2");
        assertThat(validator.validate(newlineInText.toBuffer().getBytes()).valid()).as("payload text keeps newlines").isTrue();
    }

    @Test
    @DisplayName("refuses an integer beyond its column's range instead of letting PostgreSQL fail the batch, naming the field")
    void refusesIntegersBeyondTheirColumn() {
        JsonObject search = TestEvents.of("search.performed", UUID.randomUUID(), "user_1", java.time.Instant.parse("2024-01-15T10:30:00Z"));
        search.getJsonObject("payload").put("results_count", 3_000_000_000L);
        assertThat(reject(search)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(Rejection.SCHEMA_VIOLATION);
            assertThat(r.field()).isEqualTo("payload.results_count");
        });
        search.getJsonObject("payload").put("results_count", 2_147_483_647L);
        assertThat(validator.validate(search.toBuffer().getBytes()).valid()).isTrue();
    }

    @Test
    @DisplayName("reports every problem of a payload at once, an enum's allowed values included, naming the first field")
    void reportsEveryProblemAtOnce() {
        JsonObject property = TestEvents.EXAMPLES.getJsonObject("property.created").copy();
        property.getJsonObject("payload").put("property_type", "DUPLEX").put("bedrooms", -1).remove("owner_user_id");
        Rejection rejection = reject(property);
        assertThat(rejection.code()).isEqualTo(Rejection.SCHEMA_VIOLATION);
        assertThat(rejection.message()).isEqualTo("payload.owner_user_id: is required; "
                + "payload.property_type: must be one of [\"SINGLE_FAMILY\",\"CONDO\",\"TOWNHOUSE\",\"MULTI_FAMILY\",null]; "
                + "payload.bedrooms: -1 is less than 0");
        assertThat(rejection.field()).isEqualTo("payload.owner_user_id");
    }

    @Test
    @DisplayName("accepts the optional fields of property, user and market events absent or null; region.updated needs only a name")
    void acceptsUnknownOptionalFields() {
        JsonObject bare = event("property.created", new JsonObject().put("owner_user_id", "user_1").put("region_id", "region_1"));
        assertThat(validator.validate(bare.toBuffer().getBytes()).valid()).as("only the required fields").isTrue();

        JsonObject nulls = TestEvents.EXAMPLES.getJsonObject("property.updated").copy();
        for (String field : new String[]{"address", "property_type", "bedrooms", "bathrooms", "sqft", "lot_sqft", "rooms", "year_built",
                "latitude", "longitude", "purchase_date", "purchase_price", "mortgage_rate", "mortgage_principal", "mortgage_term_years",
                "is_primary_residence"}) {
            nulls.getJsonObject("payload").putNull(field);
        }
        CheckedEvent checked = validator.validate(nulls.toBuffer().getBytes());
        assertThat(checked.valid()).as(checked.rejection() == null ? "" : checked.rejection().describe()).isTrue();

        assertThat(validator.validate(event("user.registered", new JsonObject()).toBuffer().getBytes()).valid()).isTrue();
        assertThat(validator.validate(event("user.registered", new JsonObject().putNull("region_id").putNull("age_band").putNull("email"))
                .toBuffer().getBytes()).valid()).isTrue();
        assertThat(validator.validate(event("market.published", new JsonObject().put("month", "2024-01-01").put("median_price", 410_000)
                .putNull("inventory").putNull("days_on_market")).toBuffer().getBytes()).valid()).isTrue();
        assertThat(validator.validate(event("region.updated", new JsonObject().put("name", "Ames")).toBuffer().getBytes()).valid()).isTrue();
    }

    @Test
    @DisplayName("rejects wrong types and out-of-range values of optional fields, naming each field")
    void rejectsBadOptionalValues() {
        JsonObject property = TestEvents.EXAMPLES.getJsonObject("property.created").copy();
        property.getJsonObject("payload").put("sqft", "large").put("rooms", 201).put("latitude", 90.5).put("longitude", -180.01)
                .put("purchase_date", "last spring").put("is_primary_residence", "yes");
        Rejection rejection = reject(property);
        assertThat(rejection.message()).contains("payload.sqft: ", "payload.rooms: ", "payload.latitude: ", "payload.longitude: ",
                "payload.purchase_date: ", "payload.is_primary_residence: ");
        assertThat(rejection.field()).isEqualTo("payload.sqft");

        JsonObject rooms = TestEvents.EXAMPLES.getJsonObject("property.created").copy();
        rooms.getJsonObject("payload").put("rooms", "seven");
        assertThat(reject(rooms).field()).isEqualTo("payload.rooms");

        JsonObject south = TestEvents.EXAMPLES.getJsonObject("property.updated").copy();
        south.getJsonObject("payload").put("latitude", -90.001);
        assertThat(reject(south).field()).isEqualTo("payload.latitude");

        JsonObject market = TestEvents.EXAMPLES.getJsonObject("market.published").copy();
        market.getJsonObject("payload").put("inventory", "many");
        assertThat(reject(market).field()).isEqualTo("payload.inventory");

        JsonObject user = TestEvents.EXAMPLES.getJsonObject("user.registered").copy();
        user.getJsonObject("payload").put("age_band", "40_44");
        assertThat(reject(user).message()).isEqualTo("payload.age_band: must be one of [\"18_34\",\"35_49\",\"50_64\",\"65_PLUS\",null]");

        JsonObject region = TestEvents.EXAMPLES.getJsonObject("region.updated").copy();
        region.getJsonObject("payload").put("population", -1).put("state", 6);
        assertThat(reject(region).message()).contains("payload.population: ", "payload.state: ");
    }

    @Test
    @DisplayName("rejects null or absence for a required field: owner and region of a property, month and price of a market month, a region's name")
    void rejectsNullForRequiredFields() {
        JsonObject property = TestEvents.EXAMPLES.getJsonObject("property.created").copy();
        property.getJsonObject("payload").putNull("region_id");
        assertThat(reject(property).field()).isEqualTo("payload.region_id");

        JsonObject market = TestEvents.EXAMPLES.getJsonObject("market.published").copy();
        market.getJsonObject("payload").putNull("median_price");
        assertThat(reject(market).field()).isEqualTo("payload.median_price");

        JsonObject unnamed = event("region.updated", new JsonObject().put("state", "IA"));
        assertThat(reject(unnamed)).satisfies(r -> {
            assertThat(r.field()).isEqualTo("payload.name");
            assertThat(r.message()).isEqualTo("payload.name: is required");
        });
        assertThat(reject(event("region.updated", new JsonObject().putNull("name"))).field()).isEqualTo("payload.name");
        assertThat(reject(event("region.updated", new JsonObject().put("name", ""))).field()).isEqualTo("payload.name");
        assertThat(reject(TestEvents.EXAMPLES.getJsonObject("region.updated").copy().put("entity_type", "USER")).code())
                .isEqualTo(Rejection.ENTITY_TYPE_MISMATCH);
    }

    /** The example of {@code type} with {@code payload} instead of its own. */
    private static JsonObject event(String type, JsonObject payload) {
        return TestEvents.EXAMPLES.getJsonObject(type).copy().put("event_id", UUID.randomUUID().toString()).put("payload", payload);
    }

    @Test
    @DisplayName("names the missing field, the field of the wrong type and the unknown payload field")
    void namesTheField() {
        JsonObject missing = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        missing.remove("occurred_at");
        assertThat(reject(missing)).satisfies(r -> {
            assertThat(r.code()).isEqualTo(Rejection.SCHEMA_VIOLATION);
            assertThat(r.field()).isEqualTo("occurred_at");
        });

        JsonObject wrongType = TestEvents.of("session.ended", UUID.randomUUID(), "user_1", Instant.parse("2024-01-01T00:00:00Z"));
        wrongType.getJsonObject("payload").put("duration_seconds", "long");
        assertThat(reject(wrongType).field()).isEqualTo("payload.duration_seconds");

        JsonObject missingPayloadField = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        missingPayloadField.getJsonObject("payload").remove("document_id");
        assertThat(reject(missingPayloadField).field()).isEqualTo("payload.document_id");

        JsonObject badId = TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("event_id", "not-a-uuid");
        assertThat(reject(badId).field()).isEqualTo("event_id");
    }

    @Test
    @DisplayName("rejects an unknown event type, a mismatched entity type and a bad timestamp")
    void rejectsContractViolations() {
        assertThat(reject(TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("event_type", "document.eaten")).code())
                .isEqualTo(Rejection.UNKNOWN_EVENT_TYPE);
        assertThat(reject(TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("entity_type", "PROPERTY")).code())
                .isEqualTo(Rejection.ENTITY_TYPE_MISMATCH);
        assertThat(reject(TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("occurred_at", "yesterday")).field())
                .isEqualTo("occurred_at");
        JsonObject transaction = TestEvents.EXAMPLES.getJsonObject("transaction.created").copy();
        transaction.getJsonObject("payload").put("opened_at", "2024-13-45T99:00:00Z");
        assertThat(reject(transaction).field()).startsWith("payload");
    }

    @Test
    @DisplayName("rejects occurred_at beyond the allowed clock skew and an oversize event")
    void rejectsFutureAndOversize() {
        JsonObject future = TestEvents.of("document.viewed", UUID.randomUUID(), "user_1", Instant.now().plus(Duration.ofHours(1)));
        assertThat(reject(future).code()).isEqualTo(Rejection.FUTURE_TIMESTAMP);

        JsonObject soon = TestEvents.of("document.viewed", UUID.randomUUID(), "user_1", Instant.now().plus(Duration.ofMinutes(1)));
        assertThat(validator.validate(soon.toBuffer().getBytes()).valid()).isTrue();

        JsonObject oversize = TestEvents.of("page.viewed", UUID.randomUUID(), "user_1", Instant.parse("2024-01-01T00:00:00Z"));
        oversize.getJsonObject("payload").put("page", "x".repeat(5_000));
        assertThat(reject(oversize).code()).isEqualTo(Rejection.OVERSIZE);

        // An element of an HTTP or WebSocket array is held to the same bound, and its dead letter keeps only the limit's bytes.
        byte[] raw = oversize.toBuffer().getBytes();
        CheckedEvent element = validator.validate(oversize, raw);
        assertThat(element.rejection().code()).isEqualTo(Rejection.OVERSIZE);
        assertThat(element.rejection().message()).isEqualTo("event is " + raw.length + " bytes, the limit is 4096");
        assertThat(element.eventId()).isEqualTo(oversize.getString("event_id"));
        assertThat(element.raw()).hasSize(4_096);
        assertThat(validator.validate(raw).raw()).hasSize(4_096);
    }

    @Test
    @DisplayName("checks the envelope in code exactly as the published envelope schema does")
    void envelopeCheckAgreesWithTheSchema() {
        io.vertx.json.schema.Validator schema = io.vertx.json.schema.Validator.create(
                io.vertx.json.schema.JsonSchema.of(EventValidator.contract().getJsonObject("envelope")),
                new io.vertx.json.schema.JsonSchemaOptions().setDraft(io.vertx.json.schema.Draft.DRAFT202012)
                        .setBaseUri("https://schemas.roisystems.com/activity/v1/"));
        JsonObject valid = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        java.util.List<JsonObject> cases = java.util.List.of(valid,
                valid.copy().put("event_id", "nope"), valid.copy().put("event_id", 42), valid.copy().put("entity_type", "CAT"),
                valid.copy().put("entity_id", ""), valid.copy().put("entity_id", "x".repeat(129)), valid.copy().put("schema_version", 2),
                valid.copy().put("schema_version", "1"), valid.copy().put("payload", "text"), valid.copy().put("extra", true),
                valid.copy().put("occurred_at", 12), valid.copy().put("tenant_id", ""), valid.copy().put("tenant_id", 7),
                valid.copy().put("tenant_id", "_unattributed"), valid.copy().put("tenant_id", "a b"), valid.copy().put("tenant_id", "x".repeat(65)),
                valid.copy().put("tenant_id", "globex-2.eu_west"));
        for (JsonObject candidate : cases) {
            boolean schemaSaysValid = schema.validate(candidate).getValid();
            assertThat(EnvelopeCheck.check(candidate) == null).as(candidate.encode()).isEqualTo(schemaSaysValid);
        }
        JsonObject missing = valid.copy();
        missing.remove("entity_id");
        assertThat(schema.validate(missing).getValid()).isFalse();
        assertThat(EnvelopeCheck.check(missing).field()).isEqualTo("entity_id");
    }

    @Test
    @DisplayName("rejects an event without a tenant_id, or with a malformed one, naming tenant_id")
    void requiresATenant() {
        JsonObject missing = TestEvents.documentViewed(UUID.randomUUID(), "user_1");
        missing.remove("tenant_id");
        assertThat(reject(missing).field()).isEqualTo("tenant_id");
        assertThat(reject(TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("tenant_id", "")).field()).isEqualTo("tenant_id");
        CheckedEvent accepted = validator.validate(TestEvents.documentViewed(UUID.randomUUID(), "user_1").put("tenant_id", "globex").toBuffer().getBytes());
        assertThat(accepted.event().tenantId()).isEqualTo("globex");
    }

    private Rejection reject(JsonObject event) {
        CheckedEvent result = validator.validate(event.toBuffer().getBytes());
        assertThat(result.valid()).as("expected a rejection for " + event.encode()).isFalse();
        return result.rejection();
    }
}
