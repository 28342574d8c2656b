package com.roisystems.ml.importer;

import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.ingest.CheckedEvent;
import com.roisystems.ml.ingest.EventValidator;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.roisystems.ml.importer.ImportFiles.HEADER;
import static com.roisystems.ml.importer.ImportFiles.jsonLines;
import static com.roisystems.ml.importer.ImportFiles.mapping;
import static com.roisystems.ml.importer.ImportFiles.run;
import static com.roisystems.ml.importer.ImportFiles.write;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(RealServers.class)
@DisplayName("import: a customer's history through the live path's validation, by COPY")
class ImportCommandTest {

    private static TestServers servers;

    @TempDir
    Path directory;

    @BeforeAll
    static void setUp(TestServers testServers) {
        servers = testServers;
    }

    @Test
    @DisplayName("a CSV with quoted fields (commas, doubled quotes, a line break) and blank cells is stored as written; blank is NULL")
    void csvWithQuotesAndBlankCells() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,\"12 Folsom St, Apt 3\",CONDO,2,1.5,980,,1962,2023-03-14,1185000\n"
                + "2,C2,50_64,94114,\"\"\"The Castro\"\"\r\n401 Noe St\",TOWNHOUSE,3,2.5,1820,1200,1925,2023-06-21,2050000.50\r\n"
                + "\n");
        Path map = write(directory, "map.json", mapping("csv").encode());
        Path report = directory.resolve("report.json");

        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--report", report.toString());

        assertThat(exit).isEqualTo(0);
        JsonObject json = new JsonObject(Files.readString(report));
        assertThat(json.getLong("rows_read")).isEqualTo(2);
        assertThat(json.getLong("events_built")).isEqualTo(6);
        assertThat(json.getLong("accepted")).isEqualTo(6);
        assertThat(json.getLong("rejected")).isZero();
        List<Map<String, Object>> homes = servers.jdbc().queryForList(
                "SELECT property_id, address, lot_sqft, bathrooms::float8 AS baths, purchase_price::float8 AS price, tenant_id FROM properties "
                        + "WHERE property_id LIKE 'csv-%' ORDER BY property_id");
        assertThat(homes).hasSize(2);
        assertThat(homes.get(0)).containsEntry("address", "12 Folsom St, Apt 3").containsEntry("lot_sqft", null)
                .containsEntry("baths", 1.5).containsEntry("tenant_id", "acme");
        assertThat(homes.get(1)).containsEntry("address", "\"The Castro\"\r\n401 Noe St").containsEntry("lot_sqft", 1200)
                .containsEntry("price", 2050000.5);
        assertThat(servers.jdbc().count("SELECT count(*) FROM users WHERE user_id LIKE 'csv-owner-%' AND tenant_id = 'acme'")).isEqualTo(2);
        assertThat(servers.jdbc().count("SELECT count(*) FROM property_valuations WHERE property_id LIKE 'csv-%' AND source = 'SALE'"))
                .isEqualTo(2);
        assertThat(servers.jdbc().count("SELECT count(*) FROM ingested_events WHERE entity_id LIKE 'csv-%' AND source = 'IMPORT'"))
                .as("entity events are in the ledger; activity (valuations) is keyed by its own event id").isEqualTo(4);
    }

    @Test
    @DisplayName("importing the same table again stores nothing twice: every event is a duplicate")
    void reimportIsAllDuplicates() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,1 A St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "2,C2,35_49,94110,2 A St,CONDO,2,1,900,500,1960,2023-01-11,910000\n");
        Path map = write(directory, "map.json", mapping("again").encode());
        Path first = directory.resolve("first.json");
        Path second = directory.resolve("second.json");

        assertThat(run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--report", first.toString())).isZero();
        assertThat(run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--report", second.toString())).isZero();

        assertThat(new JsonObject(Files.readString(first)).getLong("accepted")).isEqualTo(6);
        JsonObject again = new JsonObject(Files.readString(second));
        assertThat(again.getLong("accepted")).isZero();
        assertThat(again.getLong("duplicates")).isEqualTo(6);
        assertThat(servers.jdbc().count("SELECT count(*) FROM property_valuations WHERE property_id LIKE 'again-%'")).isEqualTo(2);
        assertThat(servers.jdbc().count("SELECT count(*) FROM ingested_events WHERE entity_id LIKE 'again-%'")).isEqualTo(4);
    }

    @Test
    @DisplayName("JSON Lines events keep their ids, get the tenant when they name none, and are rejected when they name another")
    void jsonLinesEvents() throws Exception {
        String id1 = "5a9e2d3c-0000-4000-8000-000000000001";
        String id2 = "5a9e2d3c-0000-4000-8000-000000000002";
        String id3 = "5a9e2d3c-0000-4000-8000-000000000003";
        Path events = write(directory, "history.jsonl", String.join("\n",
                "{\"event_id\":\"" + id1 + "\",\"event_type\":\"user.registered\",\"entity_type\":\"USER\",\"entity_id\":\"jl-user-1\","
                        + "\"occurred_at\":\"2024-01-01T10:00:00Z\",\"schema_version\":1,\"payload\":{\"region_id\":\"R1\",\"age_band\":\"35_49\"}}",
                "",
                "{\"event_id\":\"" + id2 + "\",\"event_type\":\"document.viewed\",\"entity_type\":\"USER\",\"entity_id\":\"jl-user-1\","
                        + "\"occurred_at\":\"2024-01-02T10:00:00Z\",\"schema_version\":1,\"tenant_id\":\"acme\","
                        + "\"payload\":{\"document_id\":\"d1\",\"document_type\":\"DEED\"}}",
                "{\"event_id\":\"" + id3 + "\",\"event_type\":\"document.viewed\",\"entity_type\":\"USER\",\"entity_id\":\"jl-user-1\","
                        + "\"occurred_at\":\"2024-01-03T10:00:00Z\",\"schema_version\":1,\"tenant_id\":\"globex\","
                        + "\"payload\":{\"document_id\":\"d2\",\"document_type\":\"DEED\"}}",
                "not json at all") + "\n");
        Path rejected = directory.resolve("rejected.jsonl");
        Path report = directory.resolve("report.json");

        int exit = run(servers, "--tenant", "acme", "--events", events.toString(), "--rejected", rejected.toString(), "--report", report.toString());

        assertThat(exit).isEqualTo(2);
        JsonObject json = new JsonObject(Files.readString(report));
        assertThat(json.getLong("rows_read")).isEqualTo(4);
        assertThat(json.getLong("accepted")).isEqualTo(2);
        assertThat(json.getJsonObject("rejected_by_reason").getJsonObject("tenant_mismatch").getLong("count")).isEqualTo(1);
        assertThat(json.getJsonObject("rejected_by_reason").getJsonObject("malformed_json").getLong("count")).isEqualTo(1);
        List<JsonObject> lines = jsonLines(rejected);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0).getLong("line")).isEqualTo(4);
        assertThat(lines.get(0).getString("reason")).isEqualTo("tenant_mismatch");
        assertThat(lines.get(0).getString("field")).isEqualTo("tenant_id");
        assertThat(lines.get(0).getJsonObject("original").getString("event_id")).isEqualTo(id3);
        assertThat(lines.get(1).getLong("line")).isEqualTo(5);
        assertThat(lines.get(1).getString("original")).isEqualTo("not json at all");
        assertThat(servers.jdbc().queryForObject("SELECT tenant_id FROM users WHERE user_id = 'jl-user-1'", String.class)).isEqualTo("acme");
        assertThat(servers.jdbc().count("SELECT count(*) FROM document_access WHERE user_id = 'jl-user-1'")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT count(*) FROM document_access WHERE event_id = '" + id2 + "'")).isEqualTo(1);
    }

    @Test
    @DisplayName("rejected rows (bad enum, control character, another tenant's owner, wrong field count) are counted by reason and written "
            + "to the rejected file, never to the database")
    void rejectedRows() throws Exception {
        servers.jdbc().execute("INSERT INTO regions (region_id, name, state) VALUES ('94999', 'Elsewhere', 'CA') ON CONFLICT DO NOTHING");
        servers.jdbc().execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) "
                + "VALUES ('rej-owner-G1', '94999', '35_49', now(), 'globex')");
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,1 Good St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "2,C2,35_49,94110,2 Dup St,DUPLEX,2,1,900,,1960,2023-01-10,900000\n"
                + "3,C3,35_49,94110,3 Bell\u0007 St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "4,G1,35_49,94110,4 Other St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "5,C5,35_49,94110,5 Short St,CONDO\n");
        Path map = write(directory, "map.json", mapping("rej").encode());
        Path rejected = directory.resolve("rejected.jsonl");
        Path report = directory.resolve("report.json");

        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--rejected", rejected.toString(),
                "--report", report.toString());

        assertThat(exit).isEqualTo(2);
        JsonObject json = new JsonObject(Files.readString(report));
        JsonObject reasons = json.getJsonObject("rejected_by_reason");
        assertThat(reasons.getJsonObject("schema_violation").getLong("count")).as("the DUPLEX and the control character").isEqualTo(2);
        // The owner G1 belongs to globex: its user.registered, the property naming it as owner, and (the property being
        // refused) nothing else: the valuation is about the property, whose owner the check does not see.
        assertThat(reasons.getJsonObject("tenant_mismatch").getLong("count")).isEqualTo(2);
        assertThat(reasons.getJsonObject("malformed_row").getLong("count")).isEqualTo(1);
        assertThat(json.getLong("rejected")).isEqualTo(5);
        assertThat(json.getLong("rows_read")).isEqualTo(5);

        List<JsonObject> lines = jsonLines(rejected);
        assertThat(lines).hasSize(5);
        JsonObject duplex = lines.get(0);
        assertThat(duplex.getLong("row")).isEqualTo(2);
        assertThat(duplex.getInteger("mapping_entry")).isEqualTo(1);
        assertThat(duplex.getString("event_type")).isEqualTo("property.created");
        assertThat(duplex.getString("field")).isEqualTo("payload.property_type");
        assertThat(duplex.getString("message")).contains("SINGLE_FAMILY");
        assertThat(duplex.getJsonObject("original").getString("property_type")).isEqualTo("DUPLEX");
        JsonObject bell = lines.get(1);
        assertThat(bell.getLong("row")).isEqualTo(3);
        assertThat(bell.getString("field")).isEqualTo("payload.address");
        assertThat(lines.get(2).getString("reason")).isEqualTo("tenant_mismatch");
        assertThat(lines.get(4).getString("reason")).isEqualTo("malformed_row");
        assertThat(lines.get(4).getString("message")).contains("6 fields").contains("13");

        assertThat(servers.jdbc().count("SELECT count(*) FROM properties WHERE property_id IN ('rej-home-2', 'rej-home-3', 'rej-home-4', 'rej-home-5')"))
                .isZero();
        assertThat(servers.jdbc().queryForObject("SELECT tenant_id FROM users WHERE user_id = 'rej-owner-G1'", String.class)).isEqualTo("globex");
        assertThat(servers.jdbc().count("SELECT count(*) FROM properties WHERE property_id = 'rej-home-1'")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT count(*) FROM dead_letters")).as("an import's rejections are its report, not dead letters")
                .isZero();
    }

    @Test
    @DisplayName("--dry-run validates and reports without writing anything")
    void dryRunWritesNothing() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,1 Dry St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "2,C2,35_49,94110,2 Dry St,DUPLEX,2,1,900,,1960,2023-01-10,900000\n");
        Path map = write(directory, "map.json", mapping("dry").encode());
        Path report = directory.resolve("report.json");

        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--dry-run", "--report", report.toString());

        assertThat(exit).isEqualTo(2);
        JsonObject json = new JsonObject(Files.readString(report));
        assertThat(json.getBoolean("dry_run")).isTrue();
        assertThat(json.getLong("valid")).isEqualTo(5);
        assertThat(json.getLong("rejected")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT count(*) FROM users WHERE user_id LIKE 'dry-%'")).isZero();
        assertThat(servers.jdbc().count("SELECT count(*) FROM properties WHERE property_id LIKE 'dry-%'")).isZero();
        assertThat(servers.jdbc().count("SELECT count(*) FROM property_valuations WHERE property_id LIKE 'dry-%'")).isZero();
        assertThat(servers.jdbc().count("SELECT count(*) FROM ingested_events WHERE entity_id LIKE 'dry-%'")).isZero();
    }

    @Test
    @DisplayName("--emit writes the valid events as JSON Lines that pass the live validator as they are")
    void emittedEventsValidate() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER
                + "1,C1,35_49,94110,1 Emit St,CONDO,2,1,900,,1960,2023-01-10,900000\n"
                + "2,C2,35_49,94110,2 Emit St,DUPLEX,2,1,900,,1960,2023-01-10,900000\n"
                + "3,C3,65_PLUS,94110,3 Emit St,SINGLE_FAMILY,4,2.5,2100,4000,1930,2023-02-10,1900000\n");
        Path map = write(directory, "map.json", mapping("emit").encode());
        Path emitted = directory.resolve("events.jsonl");

        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--dry-run", "--emit", emitted.toString());

        assertThat(exit).isEqualTo(2);
        List<String> lines = Files.readAllLines(emitted, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(8);
        EventValidator validator = EventValidator.load(64 * 1024, Duration.ofMinutes(5));
        for (String line : lines) {
            CheckedEvent checked = validator.validate(line.getBytes(StandardCharsets.UTF_8));
            assertThat(checked.valid()).as(line + " -> " + checked.rejection()).isTrue();
            assertThat(checked.event().tenantId()).isEqualTo("acme");
        }
        JsonObject created = new JsonObject(lines.get(1));
        assertThat(created.getString("event_type")).isEqualTo("property.created");
        assertThat(created.getJsonObject("payload").containsKey("lot_sqft")).as("a blank cell is left out, not filled in").isFalse();
        assertThat(created.getJsonObject("payload").getValue("bedrooms")).as("typed by the contract: an integer").isEqualTo(2);
    }

    @Test
    @DisplayName("mapping mistakes (unknown event type, unknown column, field not in the contract) name the entry and field; nothing is written")
    void mappingMistakes() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER + "1,C1,35_49,94110,1 Map St,CONDO,2,1,900,,1960,2023-01-10,900000\n");

        JsonObject unknownType = mapping("map");
        unknownType.getJsonArray("events").getJsonObject(1).put("event_type", "property.bought");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m1.json", unknownType.encode()).toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[1].event_type").hasMessageContaining("unknown event type 'property.bought'");

        JsonObject unknownColumn = mapping("map");
        unknownColumn.getJsonArray("events").getJsonObject(1).getJsonObject("payload").put("bedrooms", new JsonObject().put("column", "bedroomz"));
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m2.json", unknownColumn.encode()).toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[1] (property.created) payload.bedrooms").hasMessageContaining("column 'bedroomz' is not in the header");

        JsonObject unknownTemplateColumn = mapping("map");
        unknownTemplateColumn.getJsonArray("events").getJsonObject(0).put("entity_id", "owner-{owner}");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m3.json", unknownTemplateColumn.encode()).toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[0] (user.registered) entity_id").hasMessageContaining("column 'owner'");

        JsonObject unknownField = mapping("map");
        unknownField.getJsonArray("events").getJsonObject(1).getJsonObject("payload").put("colour", new JsonObject().put("value", "red"));
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m4.json", unknownField.encode()).toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[1] (property.created) payload.colour").hasMessageContaining("not a field of property.created");

        JsonObject badSource = mapping("map");
        badSource.getJsonArray("events").getJsonObject(2).getJsonObject("payload").put("estimated_value", new JsonObject().put("col", "sale_price"));
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m6.json", badSource.encode()).toString()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("events[2] (property.valued) payload.estimated_value").hasMessageContaining("{\"column\": \"name\"}");

        JsonObject ownId = mapping("map");
        ownId.getJsonArray("events").getJsonObject(0).put("event_id", "{sale_id}");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m7.json", ownId.encode()).toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("events[0] (user.registered) event_id: not a key of a mapping entry");

        JsonObject openBrace = mapping("map");
        openBrace.getJsonArray("events").getJsonObject(1).put("entity_id", "home-{sale_id");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m8.json", openBrace.encode()).toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("events[1] (property.created) entity_id").hasMessageContaining("'{' without '}'");

        JsonObject noTime = mapping("map");
        noTime.getJsonArray("events").getJsonObject(1).remove("occurred_at");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m9.json", noTime.encode()).toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("events[1] (property.created) occurred_at: is required");

        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping",
                write(directory, "m5.json", "{\"events\": [").toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("m5.json is not a JSON object");

        assertThat(servers.jdbc().count("SELECT count(*) FROM users WHERE user_id LIKE 'map-%'")).isZero();
    }

    @Test
    @DisplayName("usage mistakes name the flag or file: no tenant, no input or two, a missing file, a table without a mapping")
    void usageMistakes() throws Exception {
        Path csv = write(directory, "sales.csv", HEADER);
        Path map = write(directory, "map.json", mapping("use").encode());
        assertThatThrownBy(() -> run(servers, "--csv", csv.toString(), "--mapping", map.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--tenant");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--mapping", map.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--events, --csv or --rows");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--events", csv.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("not [--events, --csv]");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", directory.resolve("missing.csv").toString(), "--mapping", map.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--csv").hasMessageContaining("missing.csv");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--csv needs --mapping");
        assertThatThrownBy(() -> run(servers, "--tenant", "not a tenant!", "--csv", csv.toString(), "--mapping", map.toString()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--tenant");
        assertThatThrownBy(() -> run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", map.toString(), "--delimiter", ";;"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("--delimiter");
    }

    @Test
    @DisplayName("JSON Lines rows map like CSV rows; a CSV with another delimiter is read with --delimiter")
    void jsonRowsAndDelimiter() throws Exception {
        Path rows = write(directory, "rows.jsonl", String.join("\n",
                new JsonObject().put("sale_id", 1).put("owner_id", "C1").put("owner_age_band", "35_49").put("zip", "94110").put("address", "1 Row St")
                        .put("property_type", "CONDO").put("beds", 2).put("baths", 1.5).put("sqft", 900).putNull("lot_sqft").put("year_built", 1960)
                        .put("sale_date", "2023-01-10").put("sale_price", 900000).encode(),
                "[1, 2]") + "\n");
        Path report = directory.resolve("report.json");
        int exit = run(servers, "--tenant", "acme", "--rows", rows.toString(), "--mapping", write(directory, "m.json", mapping("rows").encode()).toString(),
                "--report", report.toString());
        assertThat(exit).isEqualTo(2);
        JsonObject json = new JsonObject(Files.readString(report));
        assertThat(json.getLong("accepted")).isEqualTo(3);
        assertThat(json.getJsonObject("rejected_by_reason").getJsonObject("malformed_row").getLong("count")).isEqualTo(1);
        assertThat(servers.jdbc().queryForObject("SELECT bathrooms::float8 FROM properties WHERE property_id = 'rows-home-1'", Double.class))
                .isEqualTo(1.5);

        Path semicolons = write(directory, "semi.csv", HEADER.replace(',', ';') + "1;C1;35_49;94110;1 Semi St, Apt 1;CONDO;2;1;900;;1960;2023-01-10;900000\n");
        assertThat(run(servers, "--tenant", "acme", "--csv", semicolons.toString(), "--delimiter", ";", "--mapping",
                write(directory, "m2.json", mapping("semi").encode()).toString())).isZero();
        assertThat(servers.jdbc().queryForObject("SELECT address FROM properties WHERE property_id = 'semi-home-1'", String.class))
                .isEqualTo("1 Semi St, Apt 1");
    }

    @Test
    @DisplayName("records as customers have them: optional fields the table lacks stay NULL, region.updated upserts the region")
    void optionalFieldsAndRegions() throws Exception {
        Path csv = write(directory, "blocks.csv", "block,county,lat,lon,rooms,value\n"
                + "1,Alameda,37.88,-122.23,6.98,452600\n"
                + "2,Alameda,37.86,-122.22,,358500\n");
        JsonObject map = new JsonObject("""
                {"events": [
                  {"event_type": "region.updated", "entity_id": "opt-{county}", "occurred_at": {"value": "1990-01-01T00:00:00Z"},
                   "payload": {"name": {"column": "county"}, "state": {"value": "CA"}}},
                  {"event_type": "user.registered", "entity_id": "opt-owner-{row}", "occurred_at": {"value": "1990-01-01T00:00:00Z"},
                   "payload": {"region_id": "opt-{county}"}},
                  {"event_type": "property.created", "entity_id": "opt-block-{block}", "occurred_at": {"value": "1990-01-01T00:00:00Z"},
                   "payload": {"owner_user_id": "opt-owner-{row}", "region_id": "opt-{county}", "rooms": {"column": "rooms"},
                               "latitude": {"column": "lat"}, "longitude": {"column": "lon"}}},
                  {"event_type": "property.valued", "entity_id": "opt-block-{block}", "occurred_at": {"value": "1990-04-01T00:00:00Z"},
                   "payload": {"estimated_value": {"column": "value"}, "source": {"value": "APPRAISAL"}}}
                ]}""");
        Path report = directory.resolve("report.json");

        int exit = run(servers, "--tenant", "acme", "--csv", csv.toString(), "--mapping", write(directory, "m.json", map.encode()).toString(),
                "--report", report.toString());

        assertThat(exit).as(Files.readString(report)).isZero();
        JsonObject json = new JsonObject(Files.readString(report));
        assertThat(json.getLong("events_built")).isEqualTo(8);
        assertThat(json.getLong("accepted")).as("the region is described twice with the same id and time: one event").isEqualTo(7);
        assertThat(json.getLong("duplicates")).isEqualTo(1);
        Map<String, Object> first = servers.jdbc().queryForList("SELECT bedrooms, address, purchase_date, rooms::float8 AS rooms, "
                + "latitude::float8 AS latitude FROM properties WHERE property_id = 'opt-block-1'").get(0);
        assertThat(first).containsEntry("bedrooms", null).containsEntry("address", null).containsEntry("purchase_date", null)
                .containsEntry("rooms", 7.0).containsEntry("latitude", 37.88);  // rooms is numeric(5, 1), on every path
        assertThat(servers.jdbc().count("SELECT count(*) FROM properties WHERE property_id = 'opt-block-2' AND rooms IS NULL")).isEqualTo(1);
        assertThat(servers.jdbc().count("SELECT count(*) FROM users WHERE user_id = 'opt-owner-1' AND age_band IS NULL")).isEqualTo(1);
        assertThat(servers.jdbc().queryForObject("SELECT name FROM regions WHERE region_id = 'opt-Alameda'", String.class)).isEqualTo("Alameda");
    }
}
