package com.roisystems.ml.training;

import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A point-in-time training set: one row per (entity, cut-off[, week slot]) with the features as of the
 * cut-off, the label from what happened after it, the oracle's value from the truth tables (NaN when
 * the platform is not simulated) and the time-ordered split. Missing feature values are
 * {@link #MISSING}: tree splits send them one way, and the scorer must substitute the same constant.
 *
 * <p>{@code dataset.rows(Split.TRAIN); dataset.writeCsv(Path.of("move.csv"));}
 */
public record TrainingDataset(PredictionType type, List<String> featureNames, List<Row> rows, JsonObject description) {

    /** Stands for a null feature value (Smile's trees cannot sort NaN). */
    public static final double MISSING = -1.0e6;

    /** Which part of the time line a row belongs to: test cut-offs are strictly after train cut-offs. */
    public enum Split { TRAIN, VALIDATION, TEST }

    /** {@code slot} is the week slot for CONTACT_TIMING rows, -1 otherwise; {@code label} is a class index or a target. */
    public record Row(String entityId, Instant cutoff, int slot, double[] features, double label, double oracle, Split split) {
    }

    public List<Row> rows(Split split) {
        return rows.stream().filter(row -> row.split() == split).toList();
    }

    public int count(Split split) {
        return (int) rows.stream().filter(row -> row.split() == split).count();
    }

    public void writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("entity_id,cutoff,slot,split," + String.join(",", featureNames) + ",label,oracle\n");
            for (Row row : rows) {
                StringBuilder line = new StringBuilder().append(row.entityId()).append(',').append(row.cutoff()).append(',')
                        .append(row.slot()).append(',').append(row.split());
                for (double value : row.features()) {
                    line.append(',').append(value == MISSING ? "" : format(value));
                }
                line.append(',').append(format(row.label())).append(',').append(Double.isNaN(row.oracle()) ? "" : format(row.oracle()));
                out.write(line.append('\n').toString());
            }
        }
    }

    /** JSON: the description, the feature names and one object per row (nulls for missing values). */
    public void writeJson(Path file) throws IOException {
        JsonArray json = new JsonArray();
        for (Row row : rows) {
            JsonArray features = new JsonArray();
            for (double value : row.features()) {
                features.add(value == MISSING ? null : value);
            }
            json.add(new JsonObject().put("entity_id", row.entityId()).put("cutoff", row.cutoff().toString())
                    .put("slot", row.slot()).put("split", row.split().name()).put("features", features)
                    .put("label", row.label()).put("oracle", Double.isNaN(row.oracle()) ? null : row.oracle()));
        }
        Files.writeString(file, new JsonObject().put("prediction_type", type.name()).put("description", description)
                .put("feature_names", new JsonArray(featureNames)).put("rows", json).encode(), StandardCharsets.UTF_8);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }
}
