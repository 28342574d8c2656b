package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.config.ConfigException;
import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.monitoring.MonitoringStore;
import com.roisystems.ml.registry.ModelRegistry;
import com.roisystems.ml.registry.ModelVersion;
import com.roisystems.ml.registry.NewModelVersion;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * One training run end to end: the point-in-time dataset, the type's trainer, provenance, feature importance (mean |SHAP|
 * on the test rows, stored in the version's metrics), registration (one transaction: nothing is registered unless training
 * succeeded), the optional promotion and the drift reference; the run is tracked in {@code ml_experiments} ({@link ExperimentRun}).
 * Blocking and CPU-heavy: run it on a command thread or {@link TrainingVerticle}'s training thread.
 *
 * <p>{@code TrainingResult r = trainer.train(PredictionType.MOVE_PROBABILITY, TrainingOptions.defaults());}
 */
public final class ModelTrainer {

    private static final Logger log = LoggerFactory.getLogger(ModelTrainer.class);
    private static final Duration WAIT = Duration.ofMinutes(10);

    /** What a run produced: the registered (and maybe promoted) version, the model and its dataset size. */
    public record TrainingResult(ModelVersion version, TrainedModel model, int datasetRows, double datasetSeconds) {
    }

    private final Pool pool;
    private final AppConfig config;
    private final ModelRegistry registry;
    private final MonitoringStore monitoring;
    private final ExperimentStore experiments;
    private final Consumer<String> progress;
    private final int configuredMinHistoryMonths;
    private FeatureComputer computer;

    /** Reads {@value MonthlyCutoffs#MIN_HISTORY_CONFIG} (0 to 120; {@value #DEFAULT_MIN_HISTORY_MONTHS} when absent). */
    public ModelTrainer(Vertx vertx, Pool pool, AppConfig config, Consumer<String> progress) {
        this.pool = pool;
        this.config = config;
        this.configuredMinHistoryMonths = minHistoryMonths(config);
        this.registry = new ModelRegistry(vertx, pool, Set.of(ModelArtifact.FORMAT_VERSION));
        this.monitoring = new MonitoringStore(vertx, pool);
        this.experiments = new ExperimentStore(pool);
        this.progress = progress;
    }

    public ModelRegistry registry() {
        return registry;
    }

    /**
     * Trains, registers and optionally promotes one model, tracked as one {@code ml_experiments} run: RUNNING when it
     * starts, FINISHED with the registered version or FAILED with the error (a refusal such as too few cut-offs, or any
     * exception) when it ends; the failure is then rethrown unchanged.
     */
    public synchronized TrainingResult train(PredictionType type, TrainingOptions options) throws Exception {
        long started = System.nanoTime();
        ExperimentRun run = ExperimentRun.start(experiments, type, options, Instant.now());
        try {
            TrainingResult result = train(type, options, run, started);
            run.finished(result.version().modelId(), (System.nanoTime() - started) / 1_000_000);
            return result;
        } catch (Exception | Error e) {
            run.failed(e, (System.nanoTime() - started) / 1_000_000);
            throw e;
        }
    }

    private TrainingResult train(PredictionType type, TrainingOptions options, ExperimentRun run, long started) throws Exception {
        MonthlyCutoffs.MinHistory minHistory = options.minHistoryMonths() == null
                ? MonthlyCutoffs.MinHistory.configured(configuredMinHistoryMonths) : MonthlyCutoffs.MinHistory.requested(options.minHistoryMonths());
        run.parameters().put("min_history_months", options.minHistoryMonths() == null ? configuredMinHistoryMonths : options.minHistoryMonths());
        HyperParameters hp = HyperParameters.fromJson(defaultParameters(type).toJson().mergeIn(config.section("training." + type.name())));
        run.parameters().put("hyper_parameters", hp.toJson()).put("seed", hp.seed());
        DatasetBuilder builder = new DatasetBuilder(computer(), pool, progress);
        List<String> users = builder.userIds(type == PredictionType.CONTACT_TIMING
                ? Math.min(options.usersLimit(), options.contactUsers()) : options.usersLimit());
        List<Instant> cutoffs = MonthlyCutoffs.choose(type, MonthlyCutoffs.span(pool, type),
                options.cutoffs() == 0 ? defaultCutoffs(type) : options.cutoffs(), options.cutoffs() != 0, minHistory);
        run.dataset().put("users", users.size()).put("cutoffs", cutoffs.stream().map(Instant::toString).toList());
        progress.accept(String.format("%s: building the training set for %,d users over %d cut-offs", type, users.size(), cutoffs.size()));
        TrainingDataset dataset = builder.createTrainingDataset(users, categories(type), featureNames(type), cutoffs, type);
        double datasetSeconds = (System.nanoTime() - started) / 1e9;
        progress.accept(String.format("%s: training on %,d rows (%d trees, max %d nodes)", type,
                Math.min(dataset.count(TrainingDataset.Split.TRAIN), hp.maxTrainingRows()), hp.trees(), hp.maxNodes()));
        TrainedModel model = trainer(type, hp, dataset);
        JsonObject evaluation = model.evaluation();
        progress.accept(String.format("%s: trained in %.1f s; test %s = %.4f (baseline %.4f, oracle %s, gap %s)", type, model.trainSeconds(),
                evaluation.getString("metric"), evaluation.getDouble("value"), evaluation.getDouble("baseline"),
                format(evaluation.getDouble("oracle")), format(evaluation.getDouble("gap"))));

        JsonObject provenance = ModelProvenance.of(model.trainer(), hp, dataset, tableCounts(), computer.registry());
        run.dataset().mergeIn(ExperimentRun.describe(dataset, provenance.getJsonObject("feature_versions")));
        long explained = System.nanoTime();
        CompiledEnsemble ensemble = CompiledEnsemble.from(model.artifact().model(), dataset.featureNames().toArray(String[]::new));
        List<TrainingDataset.Row> test = dataset.rows(TrainingDataset.Split.TEST);
        model.metrics().put(FeatureImportance.KEY, FeatureImportance.of(ensemble, dataset.featureNames(), storeFeatures(), test, hp.seed()));
        double importanceSeconds = (System.nanoTime() - explained) / 1e9;
        run.artifacts().mergeIn(EvaluationArtifacts.of(model.artifact(), ensemble, test, model.metrics()));
        run.metrics().mergeIn(model.metrics().copy()).put("timing", new JsonObject().put("dataset_s", datasetSeconds)
                .put("train_s", model.trainSeconds()).put("feature_importance_s", importanceSeconds));
        log.info("{}: feature importance (mean |SHAP| over {} test rows) took {} ms", type, Math.min(test.size(), FeatureImportance.MAX_ROWS),
                Math.round(importanceSeconds * 1000));

        NewModelVersion version = new NewModelVersion(type.modelName(), type.name(), type.modelType(), "GradientTreeBoost",
                model.artifact().write(), ModelArtifact.FORMAT_VERSION, model.metrics(), hp.toJson(),
                new JsonObject().put("trainer", model.trainer()).put("users", users.size()).put("experiment_run", run.runId()),
                model.artifact().featureNames(), provenance, options.createdBy());
        ModelVersion registered = Blocking.await(registry.register(version), WAIT);
        if (options.promote() != null) {
            registered = Blocking.await(registry.promote(type.modelName(), registered.version(), options.promote(), options.createdBy(),
                    String.format("trained: test %s %.4f", evaluation.getString("metric"), evaluation.getDouble("value"))), WAIT);
        }
        saveMonitoringReference(type, registered, dataset, hp, new ServedPredictions(model.artifact(), ensemble));
        progress.accept(String.format("%s: registered %s %s (%s) in %.1f s total", type, type.modelName(), registered.label(),
                registered.stage().display(), (System.nanoTime() - started) / 1e9));
        log.info("Trained {} {} on {} rows (experiment {})", type.modelName(), registered.label(), dataset.rows().size(), run.runId());
        return new TrainingResult(registered, model, dataset.rows().size(), datasetSeconds);
    }

    private Set<String> storeFeatures() {
        return computer.registry().catalog().all().stream().map(FeatureDefinition::name).collect(Collectors.toSet());
    }

    /**
     * Stores the training rows' profile as the version's drift reference. The version is registered by now, so a failure
     * here does not undo it: it is logged, and that version's monitoring windows say they have no reference.
     */
    private void saveMonitoringReference(PredictionType type, ModelVersion version, TrainingDataset dataset, HyperParameters hp,
                                         ServedPredictions served) {
        try {
            Blocking.await(monitoring.saveReference(type.modelName(), version.version(), TrainingReference.of(dataset, hp, served)), WAIT);
        } catch (Exception e) {
            log.warn("{} {}: monitoring reference not stored, drift windows will say so: {}", type.modelName(), version.label(), e.toString());
        }
    }

    private FeatureComputer computer() throws Exception {
        if (computer == null) {
            computer = Blocking.await(FeatureComputer.create(pool, FeatureCatalog.standard()), WAIT);
        }
        return computer;
    }

    private TrainedModel trainer(PredictionType type, HyperParameters hp, TrainingDataset dataset) {
        return switch (type) {
            case MOVE_PROBABILITY -> {
                JsonObject thresholds = config.section("training.move_thresholds");
                yield new MovePropensityTrainer(thresholds.getDouble("high", 0.30), thresholds.getDouble("medium", 0.10)).train(dataset, hp);
            }
            case TRANSACTION_TYPE -> new TransactionTypeTrainer().train(dataset, hp);
            case CONTACT_TIMING -> new ContactTimingTrainer().train(dataset, hp);
            case PROPERTY_VALUE -> new PropertyValueTrainer().train(dataset, hp);
        };
    }

    /**
     * Per-type defaults: moves are rare (about 1-2% of users a quarter), so that model uses small, slowly
     * learning trees with large leaves, which generalise far better than the generic defaults there.
     */
    public static HyperParameters defaultParameters(PredictionType type) {
        HyperParameters defaults = HyperParameters.defaults();
        return switch (type) {
            case MOVE_PROBABILITY -> new HyperParameters(100, 6, 8, 25, 0.1, 0.7, defaults.seed(), defaults.maxTrainingRows());
            case CONTACT_TIMING -> defaults.withMaxTrainingRows(100_000);
            default -> defaults;
        };
    }

    static int defaultCutoffs(PredictionType type) {
        return switch (type) {
            case MOVE_PROBABILITY -> 16;
            case TRANSACTION_TYPE -> 12;
            case CONTACT_TIMING -> 4;
            case PROPERTY_VALUE -> 6;
        };
    }

    /**
     * Six months: enough for the 90- and 180-day activity features to be whole, while a customer's first months of
     * labels still count. On the simulated platform (36 months) every type's default cut-offs are the latest of a
     * longer list, so they do not depend on it.
     */
    static final int DEFAULT_MIN_HISTORY_MONTHS = 6;

    private static int minHistoryMonths(AppConfig config) {
        Object value = config.section("training").getValue("minHistoryMonths");
        if (value == null) {
            return DEFAULT_MIN_HISTORY_MONTHS;
        }
        if (!(value instanceof Number number) || number.doubleValue() != number.intValue() || number.intValue() < 0
                || number.intValue() > MonthlyCutoffs.MAX_MIN_HISTORY_MONTHS) {
            throw new ConfigException("configuration value '" + MonthlyCutoffs.MIN_HISTORY_CONFIG + "' must be a whole number of months from 0 to "
                    + MonthlyCutoffs.MAX_MIN_HISTORY_MONTHS + ", got: " + value);
        }
        return number.intValue();
    }

    static List<String> categories(PredictionType type) {
        return type == PredictionType.PROPERTY_VALUE ? List.of("PROPERTY", "MARKET") : List.of();
    }

    static List<String> featureNames(PredictionType type) {
        return type == PredictionType.CONTACT_TIMING ? ContactSlots.PERSON_FEATURES : List.of();
    }

    private JsonObject tableCounts() throws Exception {
        Row row = Blocking.await(pool.query(TrainingQueries.TABLE_COUNTS).execute(), WAIT).iterator().next();
        JsonObject counts = new JsonObject();
        for (int i = 0; i < row.size(); i++) {
            counts.put(row.getColumnName(i), row.getLong(i));
        }
        return counts;
    }

    private static String format(Double value) {
        return value == null ? "n/a" : String.format("%.4f", value);
    }
}
