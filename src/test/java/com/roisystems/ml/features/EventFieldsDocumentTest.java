package com.roisystems.ml.features;

import com.roisystems.ml.ingest.EventValidator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("docs/events.md, payload fields")
class EventFieldsDocumentTest {

    private static final Path DOCUMENT = Path.of("docs/events.md");
    private static final JsonObject CONTRACT = EventValidator.contract();

    @Test
    @DisplayName("is current: regenerating the section from the contract and the catalog gives the committed text")
    void current() throws Exception {
        String expected = EventFieldsDocument.markdown(CONTRACT, FeatureCatalog.standard());
        String committed = Files.readString(DOCUMENT);
        if (Boolean.getBoolean("docs.write")) {
            // mvn test -Dtest=EventFieldsDocumentTest -Ddocs.write=true rewrites the section in place
            Files.writeString(DOCUMENT, committed.substring(0, committed.indexOf(EventFieldsDocument.BEGIN)) + expected
                    + committed.substring(committed.indexOf(EventFieldsDocument.END) + EventFieldsDocument.END.length() + 1));
            committed = Files.readString(DOCUMENT);
        }
        assertThat(section(committed))
                .as("docs/events.md's payload fields are stale: run mvn test -Dtest=EventFieldsDocumentTest -Ddocs.write=true")
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("lists every payload field of every event type of the contract, required or optional")
    void everySchemaField() throws Exception {
        String committed = section(Files.readString(DOCUMENT));
        JsonObject types = CONTRACT.getJsonObject("types");
        List<String> absent = new ArrayList<>();
        for (String type : types.fieldNames()) {
            JsonObject payload = types.getJsonObject(type).getJsonObject("payload");
            String table = table(committed, type);
            for (String field : payload.getJsonObject("properties").fieldNames()) {
                String required = payload.getJsonArray("required").contains(field) ? "required" : "optional";
                if (!table.lines().anyMatch(line -> line.startsWith("| `" + field + "` |") && line.contains("| " + required + " |"))) {
                    absent.add(type + "." + field + " (" + required + ")");
                }
            }
        }
        assertThat(absent).as("schema fields missing from docs/events.md").isEmpty();
    }

    @Test
    @DisplayName("lists every feature under each contract field it reads, and every field a feature reads exists in the contract")
    void everySourceField() throws Exception {
        assertThat(EventFieldsDocument.unknownSources(CONTRACT, FeatureCatalog.standard()).keySet())
                .as("features reading fields the contract does not have").isEmpty();
        String committed = section(Files.readString(DOCUMENT));
        List<String> absent = new ArrayList<>();
        for (FeatureDefinition definition : FeatureCatalog.standard().all()) {
            for (SourceField source : definition.sources()) {
                boolean listed = source.record().eventTypes().stream().anyMatch(type -> table(committed, type).lines()
                        .anyMatch(line -> line.startsWith("| `" + source.field() + "`") && line.contains("`" + definition.name() + "`")));
                if (!listed) {
                    absent.add(definition.name() + " <- " + source.name());
                }
            }
        }
        assertThat(absent).as("feature sources missing from docs/events.md").isEmpty();
    }

    @Test
    @DisplayName("the drift checks can fail: a definition reading a field the contract lacks is reported")
    void driftIsDetected() {
        FeatureDefinition typo = FeatureDefinition.numeric("typo_feature", FeatureCategory.PROPERTY, PropertyFeatures.ATTRIBUTES,
                "pp.sqft", "A feature naming a field that does not exist").reads("property.square_feet");
        assertThat(EventFieldsDocument.unknownSources(CONTRACT, new FeatureCatalog(List.of(typo))).keySet())
                .containsExactly("typo_feature reads property.square_feet");
        assertThat(EventFieldsDocument.markdown(CONTRACT, new FeatureCatalog(List.of(typo))))
                .isNotEqualTo(EventFieldsDocument.markdown(CONTRACT, FeatureCatalog.standard()));
    }

    private static String section(String document) {
        int begin = document.indexOf(EventFieldsDocument.BEGIN);
        int end = document.indexOf(EventFieldsDocument.END);
        assertThat(begin).as("docs/events.md has no generated payload-fields section").isGreaterThanOrEqualTo(0);
        return document.substring(begin, end + EventFieldsDocument.END.length()) + "\n";
    }

    /** The table under {@code ### `type`}, up to the next heading. */
    private static String table(String section, String type) {
        int start = section.indexOf("### `" + type + "`");
        if (start < 0) {
            return "";
        }
        int next = section.indexOf("\n### ", start + 1);
        return section.substring(start, next < 0 ? section.length() : next);
    }
}
