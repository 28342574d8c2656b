package com.roisystems.ml.features;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("FEATURE_CATALOG.md")
class CatalogDocumentTest {

    @Test
    @DisplayName("is current: regenerating it from the catalog in code gives the committed file")
    void current() throws Exception {
        String expected = CatalogDocument.markdown(FeatureCatalog.standard());
        String committed = Files.readString(Path.of("FEATURE_CATALOG.md"));
        assertThat(committed)
                .as("FEATURE_CATALOG.md is stale: run java -jar target/roi-ml.jar catalog --output FEATURE_CATALOG.md")
                .isEqualTo(expected);
    }

    @Test
    @DisplayName("documents every feature with its version hash and every group's SQL")
    void complete() {
        String markdown = CatalogDocument.markdown(FeatureCatalog.standard());
        FeatureCatalog.standard().all().forEach(d -> assertThat(markdown).contains("`" + d.name() + "`").contains(d.hash()));
        FeatureCatalog.standard().groups().forEach(g -> assertThat(markdown).contains("### " + g.name()));
    }
}
