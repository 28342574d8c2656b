package com.roisystems.ml.importer;

import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ImportCommand;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The import tests' inputs: a small home-sales table and its mapping, with ids prefixed per test; and the command run. */
final class ImportFiles {

    static final String HEADER = "sale_id,owner_id,owner_age_band,zip,address,property_type,beds,baths,sqft,lot_sqft,year_built,sale_date,sale_price\n";

    private ImportFiles() {
    }

    /** user.registered, property.created and property.valued per row, every id starting with {@code prefix}. */
    static JsonObject mapping(String prefix) {
        return new JsonObject("""
                {"events": [
                  {"event_type": "user.registered", "entity_id": "%1$s-owner-{owner_id}", "occurred_at": "{sale_date}T00:00:00Z",
                   "payload": {"region_id": "{zip}", "age_band": {"column": "owner_age_band"}}},
                  {"event_type": "property.created", "entity_id": "%1$s-home-{sale_id}", "occurred_at": "{sale_date}T00:00:00Z",
                   "payload": {"owner_user_id": "%1$s-owner-{owner_id}", "region_id": "{zip}", "address": {"column": "address"},
                               "property_type": {"column": "property_type"}, "bedrooms": {"column": "beds"}, "bathrooms": {"column": "baths"},
                               "sqft": {"column": "sqft"}, "lot_sqft": {"column": "lot_sqft"}, "year_built": {"column": "year_built"},
                               "purchase_date": "{sale_date}", "purchase_price": {"column": "sale_price"}}},
                  {"event_type": "property.valued", "entity_id": "%1$s-home-{sale_id}", "occurred_at": "{sale_date}T00:00:00Z",
                   "payload": {"estimated_value": {"column": "sale_price"}, "source": {"value": "SALE"}}}
                ]}""".formatted(prefix));
    }

    static Path write(Path directory, String name, String content) throws IOException {
        Path file = directory.resolve(name);
        Files.writeString(file, content, StandardCharsets.UTF_8);
        return file;
    }

    /** Runs {@code import} with these arguments against the test database; its exit code. */
    static int run(TestServers servers, String... args) throws Exception {
        return new ImportCommand().run(CommandLine.parse(List.of(args), ImportCommand.VALUE_OPTIONS, ImportCommand.FLAG_OPTIONS),
                servers.config());
    }

    static List<JsonObject> jsonLines(Path file) throws IOException {
        return Files.readAllLines(file, StandardCharsets.UTF_8).stream().filter(line -> !line.isBlank()).map(JsonObject::new).toList();
    }
}
