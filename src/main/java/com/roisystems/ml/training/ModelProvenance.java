package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.features.FeatureRegistry;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import smile.classification.GradientTreeBoost;

import java.time.Instant;
import java.util.List;

/**
 * Where a model came from, as stored with its registry version: the trainer, every hyper-parameter, the
 * dataset (source table row counts, cut-offs, training window, split sizes), Smile, Java and OS
 * versions, feature names with their catalog versions, and the artifact format version.
 *
 * <p>{@code JsonObject p = ModelProvenance.of("MovePropensityTrainer", hp, dataset, tableCounts, registry);}
 */
public final class ModelProvenance {

    private ModelProvenance() {
    }

    public static JsonObject of(String trainer, HyperParameters hp, TrainingDataset dataset, JsonObject tableCounts,
                                FeatureRegistry featureRegistry) {
        List<String> cutoffs = dataset.description().getJsonArray("cutoffs", new JsonArray()).stream().map(Object::toString).toList();
        JsonObject features = new JsonObject();
        for (String name : dataset.featureNames()) {
            features.put(name, featureRegistry != null && featureRegistry.catalog().all().stream().anyMatch(d -> d.name().equals(name))
                    ? featureRegistry.version(name) : 0);
        }
        return new JsonObject()
                .put("trainer", trainer)
                .put("hyper_parameters", hp.toJson())
                .put("dataset", new JsonObject()
                        .put("source_table_rows", tableCounts)
                        .put("cutoffs", new JsonArray(cutoffs))
                        .put("training_window", cutoffs.isEmpty() ? null : cutoffs.get(0) + "/" + cutoffs.get(cutoffs.size() - 1))
                        .put("label", dataset.description().getString("label"))
                        .put("rows", new JsonObject()
                                .put("train", dataset.count(TrainingDataset.Split.TRAIN))
                                .put("validation", dataset.count(TrainingDataset.Split.VALIDATION))
                                .put("test", dataset.count(TrainingDataset.Split.TEST))))
                .put("feature_versions", features)
                .put("feature_catalog_versions", "0 = not a catalog feature (computed by the training set builder)")
                .put("smile_version", smileVersion())
                .put("java_version", System.getProperty("java.version"))
                .put("java_vendor", System.getProperty("java.vendor"))
                .put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"))
                .put("format_version", ModelArtifact.FORMAT_VERSION)
                .put("trained_at", Instant.now().toString());
    }

    static String smileVersion() {
        String version = GradientTreeBoost.class.getPackage().getImplementationVersion();
        return version == null ? "3.1.1" : version;
    }
}
