package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureRegistry;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.util.List;

/**
 * The tasks that work on the run's profiles rather than its rows: {@code validate_features} (the
 * {@link QualityGates} against the {@link PipelineBaselines baseline}) and {@code update_statistics} (min, max,
 * mean, stddev, null rate per feature, and importance from the Production model, into {@code ml_features}).
 *
 * <p>{@code profileTasks.validate(context, profiles).compose(outcome -> ...)}
 */
final class ProfileTasks {

    /** Keys under which a model's {@code metrics} or {@code tags} may carry {@code {feature: importance}}. */
    static final List<String> IMPORTANCE_KEYS = List.of("feature_importance", "importance");

    private final Pool pool;
    private final FeatureRegistry registry;
    private final PipelineOptions options;
    private final PipelineBaselines baselines;

    ProfileTasks(Pool pool, FeatureRegistry registry, PipelineOptions options, PipelineBaselines baselines) {
        this.pool = pool;
        this.baselines = baselines;
        this.registry = registry;
        this.options = options;
    }

    /** Evaluates the gates and records them on the run; a failed gate fails the task without retries. */
    Future<FeatureTasks.Outcome> validate(RunContext context, List<FeatureProfile> profiles) {
        return baselines.choose(context.runId())
                .compose(baseline -> {
                    QualityGates.GateReport report = QualityGates.evaluate(profiles, baseline, options);
                    return pool.preparedQuery(PipelineQueries.SET_GATES)
                            .execute(Tuple.of(context.runId(), report.gates(), report.distribution()))
                            .map(report);
                })
                .compose(report -> {
                    if (!report.passed()) {
                        return Future.failedFuture(new RunContext.GateFailed(report.reason()));
                    }
                    long values = profiles.stream().mapToLong(FeatureProfile::count).sum();
                    return Future.succeededFuture(new FeatureTasks.Outcome(values, new JsonObject().put("gates", report.gates())));
                });
    }

    Future<FeatureTasks.Outcome> statistics(List<FeatureProfile> profiles) {
        return pool.query(PipelineQueries.PRODUCTION_MODELS).execute().compose(models -> {
            // Each Production model (one per prediction type) covers its own features: a feature takes the importance of the
            // most recently deployed model that has it, so every Production model's features get one.
            JsonObject importance = null;
            String source = null;
            for (Row model : models) {
                JsonObject map = importanceOf(model);
                if (map != null) {
                    importance = importance == null ? new JsonObject() : importance;
                    for (String name : map.fieldNames()) {
                        if (!importance.containsKey(name)) {
                            importance.put(name, map.getValue(name));
                        }
                    }
                    String label = model.getString("name") + " v" + model.getInteger("version");
                    source = source == null ? label : source + ", " + label;
                }
            }
            int n = profiles.size();
            String[] names = new String[n];
            Integer[] versions = new Integer[n];
            Double[][] columns = new Double[6][n];
            for (int i = 0; i < n; i++) {
                FeatureProfile profile = profiles.get(i);
                names[i] = profile.definition().name();
                versions[i] = registry.version(names[i]);
                columns[0][i] = finite(profile.min());
                columns[1][i] = finite(profile.max());
                columns[2][i] = finite(profile.mean());
                columns[3][i] = finite(profile.stddev());
                columns[4][i] = profile.nullRate();
                Object weight = importance == null ? null : importance.getValue(names[i]);
                columns[5][i] = weight instanceof Number number ? number.doubleValue() : null;
            }
            JsonObject details = new JsonObject().put("features", n)
                    .put("importance", source == null
                            ? "no Production model with a feature_importance map in its metrics or tags: importance left null"
                            : "from Production models " + source);
            return pool.preparedQuery(PipelineQueries.UPDATE_STATISTICS)
                    .execute(Tuple.of(names, versions, columns[0], columns[1], columns[2], columns[3], columns[4], columns[5]))
                    .map(rows -> new FeatureTasks.Outcome(rows.rowCount(), details));
        });
    }

    private static JsonObject importanceOf(Row model) {
        for (String column : List.of("metrics", "tags")) {
            Object value = model.getValue(column);
            if (value instanceof JsonObject json) {
                for (String key : IMPORTANCE_KEYS) {
                    if (json.getValue(key) instanceof JsonObject map) {
                        return map;
                    }
                }
            }
        }
        return null;
    }

    private static Double finite(double value) {
        return Double.isFinite(value) ? value : null;
    }
}
