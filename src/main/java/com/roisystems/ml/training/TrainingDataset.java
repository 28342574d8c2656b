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
 * A point-in-time training set: one row per (entity, cut-off[, week slot or label event]) with the features as of
 * the cut-off, the label from what happened after it, the oracle's value from the truth tables (NaN when the
 * platform is not simulated), the label group and time, and the split ({@link GroupedSplit}). Missing feature values are
 * {@link #MISSING}: tree splits send them one way, and the scorer must substitute the same constant.
 *
 * <p>{@code dataset.rows(Split.TRAIN); dataset.writeCsv(Path.of("move.csv"));}
 */
public record TrainingDataset(PredictionType type, List<String> featureNames, List<Row> rows, JsonObject description) {

    /** Stands for a null feature value (Smile's trees cannot sort NaN). */
    public static final double MISSING = -1.0e6;

    /**
     * Which part of the label time line a row's group belongs to: no group is on two sides, and test label times are
     * at or after validation ones, which are at or after train ones.
     */
    public enum Split { TRAIN, VALIDATION, TEST }

    /**
     * {@code entityId} is what the label describes (the user; the property for PROPERTY_VALUE); {@code slot} is the week
     * slot for CONTACT_TIMING rows, -1 otherwise; {@code label} is a class index or a target; {@code group} identifies
     * the label event (a valuation's event id, a transaction id) or, for a row without one, the entity and cut-off;
     * {@code labelTime} is when the label event happened (PROPERTY_VALUE, TRANSACTION_TYPE) or the end of the label
     * window (MOVE_PROBABILITY, whose negatives have no event, and CONTACT_TIMING); {@code split} is null until
     * {@link GroupedSplit#assign} sets it.
     */
    public record Row(String entityId, Instant cutoff, int slot, double[] features, double label, double oracle, String group,
                      Instant labelTime, Split split) {

        public Row withSplit(Split value) {
            return new Row(entityId, cutoff, slot, features, label, oracle, group, labelTime, value);
        }
    }

    public List<Row> rows(Split split) {
        return rows.stream().filter(row -> row.split() == split).toList();
    }

    public int count(Split split) {
        return (int) rows.stream().filter(row -> row.split() == split).count();
    }

    public void writeCsv(Path file) throws IOException {
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("entity_id,cutoff,slot,split,label_group,label_time," + String.join(",", featureNames) + ",label,oracle\n");
            for (Row row : rows) {
                StringBuilder line = new StringBuilder().append(row.entityId()).append(',').append(row.cutoff()).append(',')
                        .append(row.slot()).append(',').append(row.split()).append(',').append(row.group()).append(',').append(row.labelTime());
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
                    .put("slot", row.slot()).put("split", row.split().name()).put("label_group", row.group())
                    .put("label_time", row.labelTime().toString()).put("features", features)
                    .put("label", row.label()).put("oracle", Double.isNaN(row.oracle()) ? null : row.oracle()));
        }
        Files.writeString(file, new JsonObject().put("prediction_type", type.name()).put("description", description)
                .put("feature_names", new JsonArray(featureNames)).put("rows", json).encode(), StandardCharsets.UTF_8);
    }

    private static String format(double value) {
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf((long) value) : String.format(Locale.ROOT, "%.6g", value);
    }
}
