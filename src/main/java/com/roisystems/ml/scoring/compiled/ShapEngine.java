package com.roisystems.ml.scoring.compiled;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Chooses the TreeSHAP evaluator once per JVM: {@link VectorTreeShap} when the JVM was started
 * with {@code --add-modules jdk.incubator.vector} (as the README's and the container's commands
 * do), {@link ShapPlan}'s scalar loop otherwise. Both evaluate the same plan and agree to
 * rounding; {@code -Droi.shap.scalar=true} forces the scalar one.
 *
 * <p>{@code String engine = ShapEngine.describe(ShapEngine.VECTOR);}
 */
public final class ShapEngine {

    private static final Logger log = LoggerFactory.getLogger(ShapEngine.class);

    /** Whether rows are explained on SIMD lanes in this JVM. */
    public static final boolean VECTOR = detect();

    private ShapEngine() {
    }

    private static boolean detect() {
        if (Boolean.getBoolean("roi.shap.scalar")) {
            log.info("TreeSHAP runs on scalar loops (roi.shap.scalar=true)");
            return false;
        }
        boolean present = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
        if (present) {
            log.info("TreeSHAP runs on SIMD registers of {} doubles (jdk.incubator.vector)", VectorTreeShap.lanes());
        } else {
            log.info("TreeSHAP runs on scalar loops; start the JVM with --add-modules jdk.incubator.vector "
                    + "for the SIMD evaluator (2-3x faster)");
        }
        return present;
    }

    /** Lane count the plan's stride must be a multiple of, for {@code vector} evaluation. */
    static int laneMultiple(boolean vector) {
        return vector ? VectorTreeShap.lanes() : 1;
    }

    /** Adds every tree's contributions for row {@code x} to the partial sums in {@code s}. */
    static void explain(boolean vector, ShapPlan plan, double[] x, ShapPlan.Scratch s) {
        for (int g = 0, groups = plan.groups(); g < groups; g++) {
            if (vector) {
                VectorTreeShap.explainGroup(plan, g, x, s);
            } else {
                ScalarTreeShap.explainGroup(plan, g, x, s);
            }
        }
    }

    /** For logs and benchmark reports: {@code "SIMD (8 doubles per vector)"} or {@code "scalar"}. */
    public static String describe(boolean vector) {
        return vector ? "SIMD (" + VectorTreeShap.lanes() + " doubles per vector)" : "scalar";
    }
}
