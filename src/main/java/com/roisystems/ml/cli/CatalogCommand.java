package com.roisystems.ml.cli;

import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.CatalogDocument;
import com.roisystems.ml.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;

/** {@code catalog [--output FILE]}: print or write FEATURE_CATALOG.md from the catalog in code. */
public final class CatalogCommand implements Command {

    @Override
    public String name() {
        return "catalog";
    }

    @Override
    public String summary() {
        return "generate FEATURE_CATALOG.md from the feature definitions in code";
    }

    @Override
    public String help() {
        return """
                Usage: roi-ml catalog [--output FILE]

                Prints the feature catalog as Markdown, or writes it to FILE (the repository keeps it in
                FEATURE_CATALOG.md; a test fails when that file is not current).
                """;
    }

    @Override
    public int run(CommandLine line, AppConfig config) throws Exception {
        String markdown = CatalogDocument.markdown(FeatureCatalog.standard());
        if (line.has("output")) {
            Path output = Path.of(line.string("output", "FEATURE_CATALOG.md"));
            Files.writeString(output, markdown);
            System.out.println("Wrote " + FeatureCatalog.standard().all().size() + " features to " + output);
        } else {
            System.out.print(markdown);
        }
        return 0;
    }
}
