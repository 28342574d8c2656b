package com.roisystems.ml.pipeline;

import com.roisystems.ml.features.FeatureCategory;

import java.util.List;
import java.util.Locale;

/**
 * The tasks of one run, in the order of the original DAG: extract, the five category computations in
 * parallel, validate, store, statistics. {@link #taskName()} is the name recorded in
 * {@code pipeline_task_runs} and shown to admins.
 *
 * <p>{@code PipelineTask.compute(FeatureCategory.MARKET).taskName()  // "compute_market"}
 */
public enum PipelineTask {
    EXTRACT_RAW_DATA(null),
    COMPUTE_BEHAVIORAL(FeatureCategory.BEHAVIORAL),
    COMPUTE_PROPERTY(FeatureCategory.PROPERTY),
    COMPUTE_MARKET(FeatureCategory.MARKET),
    COMPUTE_TRANSACTIONAL(FeatureCategory.TRANSACTIONAL),
    COMPUTE_TEMPORAL(FeatureCategory.TEMPORAL),
    VALIDATE_FEATURES(null),
    STORE_FEATURES(null),
    UPDATE_STATISTICS(null);

    private final FeatureCategory category;

    PipelineTask(FeatureCategory category) {
        this.category = category;
    }

    public String taskName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The category a compute task computes; null for the other tasks. */
    public FeatureCategory category() {
        return category;
    }

    public static List<PipelineTask> computeTasks() {
        return List.of(COMPUTE_BEHAVIORAL, COMPUTE_PROPERTY, COMPUTE_MARKET, COMPUTE_TRANSACTIONAL, COMPUTE_TEMPORAL);
    }

    public static PipelineTask compute(FeatureCategory category) {
        return valueOf("COMPUTE_" + category.name());
    }
}
