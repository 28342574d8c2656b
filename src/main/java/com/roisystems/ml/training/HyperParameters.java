package com.roisystems.ml.training;

import com.roisystems.ml.bus.ServiceFailure;
import io.vertx.core.json.JsonObject;

import java.util.Properties;

/**
 * Gradient-boosting hyper-parameters, validated on construction. The defaults keep a model's training
 * to seconds on two cores: 150 trees of at most 24 leaves, shrinkage 0.1, 70% row subsampling.
 * {@code maxTrainingRows} caps the training split (a seeded subsample) so large platforms stay fast.
 *
 * <p>{@code HyperParameters hp = HyperParameters.fromJson(config.section("training.MOVE_PROBABILITY"));}
 */
public record HyperParameters(int trees, int maxDepth, int maxNodes, int nodeSize, double shrinkage, double subsample,
                              long seed, int maxTrainingRows) {

    public HyperParameters {
        check(trees >= 1 && trees <= 5_000, "trees must be 1-5000, got " + trees);
        check(maxDepth >= 2 && maxDepth <= 64, "max_depth must be 2-64, got " + maxDepth);
        check(maxNodes >= 2 && maxNodes <= 4_096, "max_nodes must be 2-4096, got " + maxNodes);
        check(nodeSize >= 1, "node_size must be at least 1, got " + nodeSize);
        check(shrinkage > 0 && shrinkage <= 1, "shrinkage must be in (0, 1], got " + shrinkage);
        check(subsample > 0 && subsample <= 1, "subsample must be in (0, 1], got " + subsample);
        check(maxTrainingRows >= 100, "max_training_rows must be at least 100, got " + maxTrainingRows);
    }

    public static HyperParameters defaults() {
        return new HyperParameters(150, 8, 24, 5, 0.1, 0.7, 42L, 200_000);
    }

    public HyperParameters withTrees(int value) {
        return new HyperParameters(value, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, maxTrainingRows);
    }

    public HyperParameters withMaxTrainingRows(int value) {
        return new HyperParameters(trees, maxDepth, maxNodes, nodeSize, shrinkage, subsample, seed, value);
    }

    /** Overlays whatever keys {@code json} has on the defaults; bad values fail naming the key. */
    public static HyperParameters fromJson(JsonObject json) {
        HyperParameters d = defaults();
        try {
            return new HyperParameters(json.getInteger("trees", d.trees), json.getInteger("max_depth", d.maxDepth),
                    json.getInteger("max_nodes", d.maxNodes), json.getInteger("node_size", d.nodeSize),
                    json.getDouble("shrinkage", d.shrinkage), json.getDouble("subsample", d.subsample),
                    json.getLong("seed", d.seed), json.getInteger("max_training_rows", d.maxTrainingRows));
        } catch (ClassCastException e) {
            String key = defaults().toJson().fieldNames().stream()
                    .filter(name -> json.containsKey(name) && !(json.getValue(name) instanceof Number)).findFirst().orElse("a value");
            throw ServiceFailure.invalid("hyper_parameters", "every value must be a number; " + key + " is not");
        }
    }

    public JsonObject toJson() {
        return new JsonObject().put("trees", trees).put("max_depth", maxDepth).put("max_nodes", maxNodes)
                .put("node_size", nodeSize).put("shrinkage", shrinkage).put("subsample", subsample)
                .put("seed", seed).put("max_training_rows", maxTrainingRows);
    }

    /** Smile's own property names, as {@code GradientTreeBoost.fit(formula, data, properties)} reads them. */
    public Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("smile.gbt.trees", String.valueOf(trees));
        properties.setProperty("smile.gbt.max_depth", String.valueOf(maxDepth));
        properties.setProperty("smile.gbt.max_nodes", String.valueOf(maxNodes));
        properties.setProperty("smile.gbt.node_size", String.valueOf(nodeSize));
        properties.setProperty("smile.gbt.shrinkage", String.valueOf(shrinkage));
        properties.setProperty("smile.gbt.sample_rate", String.valueOf(subsample));
        properties.setProperty("roi.seed", String.valueOf(seed));
        properties.setProperty("roi.max_training_rows", String.valueOf(maxTrainingRows));
        return properties;
    }

    public static HyperParameters fromProperties(Properties p) {
        HyperParameters d = defaults();
        try {
            return new HyperParameters(Integer.parseInt(p.getProperty("smile.gbt.trees", "" + d.trees)),
                    Integer.parseInt(p.getProperty("smile.gbt.max_depth", "" + d.maxDepth)),
                    Integer.parseInt(p.getProperty("smile.gbt.max_nodes", "" + d.maxNodes)),
                    Integer.parseInt(p.getProperty("smile.gbt.node_size", "" + d.nodeSize)),
                    Double.parseDouble(p.getProperty("smile.gbt.shrinkage", "" + d.shrinkage)),
                    Double.parseDouble(p.getProperty("smile.gbt.sample_rate", "" + d.subsample)),
                    Long.parseLong(p.getProperty("roi.seed", "" + d.seed)),
                    Integer.parseInt(p.getProperty("roi.max_training_rows", "" + d.maxTrainingRows)));
        } catch (NumberFormatException e) {
            throw ServiceFailure.invalid("hyper_parameters", "a stored value is not a number");
        }
    }

    private static void check(boolean condition, String message) {
        if (!condition) {
            throw ServiceFailure.invalid("hyper_parameters", message);
        }
    }
}
