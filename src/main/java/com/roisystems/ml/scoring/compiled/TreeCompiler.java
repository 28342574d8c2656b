package com.roisystems.ml.scoring.compiled;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import smile.base.cart.InternalNode;
import smile.base.cart.LeafNode;
import smile.base.cart.Node;
import smile.base.cart.OrdinalNode;
import smile.base.cart.RegressionNode;
import smile.data.type.StructType;
import smile.regression.RegressionTree;

/**
 * Flattens Smile {@link RegressionTree}s into parallel node arrays (a {@link Forest}).
 *
 * <p>Smile keeps the split threshold of an {@link OrdinalNode} and the intercept/shrinkage of
 * the boosting models in non-public fields with no accessor (checked against smile-core 3.1.1
 * with {@code javap -p}), so those few values are read reflectively, once, at load time.
 * Scoring never touches Smile objects afterwards.
 */
final class TreeCompiler {

    private static final Field ORDINAL_VALUE = field(OrdinalNode.class, "value");

    private final Map<String, Integer> inputIndex = new HashMap<>();
    private final GrowableArrays.Ints feature = new GrowableArrays.Ints();
    private final GrowableArrays.Ints left = new GrowableArrays.Ints();
    private final GrowableArrays.Ints right = new GrowableArrays.Ints();
    private final GrowableArrays.Doubles threshold = new GrowableArrays.Doubles();
    private final GrowableArrays.Doubles value = new GrowableArrays.Doubles();
    private final GrowableArrays.Doubles cover = new GrowableArrays.Doubles();
    private final List<Integer> roots = new ArrayList<>();
    private final List<Integer> depths = new ArrayList<>();
    private StructType schema;
    private int[] schemaToInput;

    TreeCompiler(String[] featureNames) {
        for (int i = 0; i < featureNames.length; i++) {
            if (featureNames[i] == null) {
                throw new IllegalArgumentException("feature name " + i + " is null");
            }
            if (inputIndex.put(featureNames[i], i) != null) {
                throw new IllegalArgumentException("duplicate feature name: " + featureNames[i]);
            }
        }
    }

    /**
     * Adds one tree; {@code leafScale} is folded into the leaf values because Smile computes
     * {@code shrinkage * tree.predict(x)} and IEEE multiplication gives the same double whether
     * it happens now or at scoring time.
     */
    void add(RegressionTree tree, double leafScale) {
        bindSchema(tree.schema());
        int[] depth = new int[1];
        int root = emit(tree.root(), leafScale, 0, depth);
        roots.add(root);
        depths.add(depth[0]);
    }

    /**
     * Every tree of an ensemble is trained on the same predictor frame; its split indices point
     * into that frame's schema, so the schema → caller-column mapping is fixed once and checked
     * for every further tree.
     */
    private void bindSchema(StructType treeSchema) {
        if (schema == null) {
            schema = treeSchema;
            schemaToInput = new int[treeSchema.length()];
            for (int j = 0; j < treeSchema.length(); j++) {
                String name = treeSchema.name(j);
                Integer idx = inputIndex.get(name);
                schemaToInput[j] = idx == null ? -1 : idx;
            }
        } else if (!schema.equals(treeSchema)) {
            throw new IllegalArgumentException("trees of one ensemble disagree on the predictor schema");
        }
    }

    private int emit(Node node, double leafScale, int level, int[] maxDepth) {
        int id = feature.size();
        maxDepth[0] = Math.max(maxDepth[0], level);
        if (node instanceof LeafNode leaf) {
            if (!(leaf instanceof RegressionNode reg)) {
                throw new UnsupportedOperationException("unsupported leaf type " + leaf.getClass().getName());
            }
            feature.add(-1);
            left.add(-1);
            right.add(-1);
            threshold.add(Double.NaN);
            value.add(leafScale * reg.output());
            cover.add(leaf.size());
            return id;
        }
        if (!(node instanceof OrdinalNode ord)) {
            throw new UnsupportedOperationException(
                    "only ordinal (numeric) splits are supported, found " + node.getClass().getName());
        }
        int j = ord.feature();
        int input = schemaToInput[j];
        if (input < 0) {
            throw new IllegalArgumentException("model splits on feature '" + schema.name(j)
                    + "' which is not among the given feature names");
        }
        feature.add(input);
        left.add(-1);
        right.add(-1);
        threshold.add(readThreshold(ord));
        value.add(0.0);
        cover.add(((InternalNode) node).size());
        // Smile's trueChild is taken when x <= threshold; it becomes our left child.
        int l = emit(ord.trueChild(), leafScale, level + 1, maxDepth);
        int r = emit(ord.falseChild(), leafScale, level + 1, maxDepth);
        left.set(id, l);
        right.set(id, r);
        return id;
    }

    int[] schemaToInput() {
        return schemaToInput.clone();
    }

    String[] schemaNames() {
        return schema.names();
    }

    /** The forest added so far, its trees grouped into {@code numOutputs} equal runs. */
    Forest build(int numOutputs) {
        return new Forest(roots.stream().mapToInt(Integer::intValue).toArray(), feature.toArray(), left.toArray(),
                right.toArray(), threshold.toArray(), value.toArray(), cover.toArray(),
                depths.stream().mapToInt(Integer::intValue).max().orElse(0), inputIndex.size(), numOutputs);
    }

    private static double readThreshold(OrdinalNode node) {
        try {
            return ORDINAL_VALUE.getDouble(node);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read OrdinalNode.value", e);
        }
    }

    static Field field(Class<?> type, String name) {
        try {
            Field f = type.getDeclaredField(name);
            f.setAccessible(true);
            return f;
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalStateException("Smile internals changed: no field " + type.getName() + "." + name
                    + " (compiled scoring is verified against smile-core 3.1.1)", e);
        }
    }

    static double readDouble(Class<?> owner, Object target, String name) {
        try {
            return field(owner, name).getDouble(target);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }
}
