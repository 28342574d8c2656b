package com.roisystems.ml.training;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.features.FeatureLayout;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One training run's {@code ml_experiments} row as the trainer fills it: written RUNNING with the parameters asked for
 * when the run starts, then the trainer adds what it learns (hyper-parameters, cut-offs, the dataset's description,
 * metrics, artifacts) and the run is ended once, FINISHED or FAILED. Tracking never changes a run's outcome: a row that
 * cannot be written is logged and the run goes on. Blocking: the trainer's thread awaits each write.
 *
 * <p>{@code ExperimentRun run = ExperimentRun.start(store, type, options, Instant.now()); ... run.finished(modelId, ms);}
 */
final class ExperimentRun {

    private static final Logger log = LoggerFactory.getLogger(ExperimentRun.class);
    private static final Duration WAIT = Duration.ofSeconds(30);

    private final ExperimentStore store;
    private final String runId;
    private final PredictionType type;
    private final JsonObject parameters;
    private final JsonObject dataset = new JsonObject();
    private final JsonObject metrics = new JsonObject();
    private final JsonObject artifacts = new JsonObject();
    private final boolean tracked;

    private ExperimentRun(ExperimentStore store, String runId, PredictionType type, JsonObject parameters, boolean tracked) {
        this.store = store;
        this.runId = runId;
        this.type = type;
        this.parameters = parameters;
        this.tracked = tracked;
    }

    /** Writes the RUNNING row: the prediction type and the options as asked ({@code cutoffs} 0: the type's default). */
    static ExperimentRun start(ExperimentStore store, PredictionType type, TrainingOptions options, Instant startedAt) {
        String runId = ExperimentStore.newRunId();
        JsonObject parameters = new JsonObject().put("prediction_type", type.name())
                .put("users_limit", options.usersLimit() == Integer.MAX_VALUE ? null : options.usersLimit())
                .put("cutoffs_asked", options.cutoffs() == 0 ? null : options.cutoffs())
                .put("cutoffs_default", ModelTrainer.defaultCutoffs(type))
                .put("min_history_months_asked", options.minHistoryMonths())
                .put("contact_users", type == PredictionType.CONTACT_TIMING ? options.contactUsers() : null)
                .put("promote", options.promote() == null ? null : options.promote().display());
        boolean tracked = true;
        try {
            Blocking.await(store.start(runId, type.modelName(), type.name(), parameters, options.createdBy(), startedAt), WAIT);
        } catch (Exception e) {
            tracked = false;
            log.warn("{}: experiment run {} not recorded, training goes on: {}", type.modelName(), runId, e.toString());
        }
        return new ExperimentRun(store, runId, type, parameters, tracked);
    }

    String runId() {
        return runId;
    }

    /** The parameters as written at the start and completed as the run learns them (stored when it ends). */
    JsonObject parameters() {
        return parameters;
    }

    JsonObject dataset() {
        return dataset;
    }

    JsonObject metrics() {
        return metrics;
    }

    JsonObject artifacts() {
        return artifacts;
    }

    void finished(long modelId, long durationMs) {
        end(Experiment.Status.FINISHED, modelId, null, durationMs);
    }

    /** Records the failure's message: a refusal's own ({@code ServiceFailure}), else the exception's class and message. */
    void failed(Throwable failure, long durationMs) {
        String error = failure instanceof ServiceFailure refused ? refused.getMessage() : failure.toString();
        end(Experiment.Status.FAILED, null, error, durationMs);
    }

    private void end(Experiment.Status status, Long modelId, String error, long durationMs) {
        if (!tracked) {
            return;
        }
        try {
            Blocking.await(store.end(runId, status, parameters, dataset, metrics, artifacts, modelId, error, durationMs), WAIT);
        } catch (Exception e) {
            log.warn("{}: experiment run {} could not be marked {}: {}", type.modelName(), runId, status, e.toString());
        }
    }

    /**
     * The dataset's description for the run: the builder's (label, cut-offs, users, rows, split, label events used and
     * not used), the rows per split, the label rate per split (binary types: the positive share; TRANSACTION_TYPE: each
     * class's share; PROPERTY_VALUE: the mean log value) and the feature layout's hash (names and catalog versions, in order,
     * as {@code ml_feature_layouts} hashes them; 0 for a feature the training set builder computes).
     */
    static JsonObject describe(TrainingDataset dataset, JsonObject featureVersions) {
        JsonObject description = dataset.description().copy();
        JsonObject rows = new JsonObject();
        JsonObject labels = new JsonObject();
        for (TrainingDataset.Split split : TrainingDataset.Split.values()) {
            List<TrainingDataset.Row> part = dataset.rows(split);
            rows.put(split.name().toLowerCase(), part.size());
            labels.put(split.name().toLowerCase(), labelRate(dataset.type(), part));
        }
        List<Integer> versions = new ArrayList<>();
        for (String name : dataset.featureNames()) {
            versions.add(featureVersions == null ? 0 : featureVersions.getInteger(name, 0));
        }
        return description.put("rows_per_split", rows).put("label_rate", labels)
                .put("label_rate_means", switch (dataset.type()) {
                    case MOVE_PROBABILITY, CONTACT_TIMING -> "share of rows labelled 1";
                    case TRANSACTION_TYPE -> "share of rows per class";
                    case PROPERTY_VALUE -> "mean label (log value in USD)";
                })
                .put("features", dataset.featureNames().size())
                .put("feature_layout_hash", FeatureLayout.hashOf(dataset.featureNames(), versions));
    }

    private static Object labelRate(PredictionType type, List<TrainingDataset.Row> rows) {
        if (rows.isEmpty()) {
            return null;
        }
        return switch (type) {
            case MOVE_PROBABILITY, CONTACT_TIMING, PROPERTY_VALUE -> rows.stream().mapToDouble(TrainingDataset.Row::label).average().orElse(0);
            case TRANSACTION_TYPE -> {
                Map<String, Object> shares = new TreeMap<>();
                for (int c = 0; c < TransactionTypes.LABELS.size(); c++) {
                    int label = c;
                    shares.put(TransactionTypes.LABELS.get(c), rows.stream().filter(row -> row.label() == label).count() / (double) rows.size());
                }
                yield new JsonObject(shares);
            }
        };
    }
}
