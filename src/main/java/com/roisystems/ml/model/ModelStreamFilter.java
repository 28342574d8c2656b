package com.roisystems.ml.model;

import java.io.ObjectInputFilter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The allow-list that a model artifact's Java object stream is read through. Java deserialisation creates
 * objects of any serialisable class that a stream names and runs their {@code readObject}, so anyone able
 * to write an artifact could run code in the engine through a gadget chain. This filter refuses every
 * class except the ones a Smile {@code GradientTreeBoost} is made of, before that class is instantiated,
 * and bounds nesting, object count, array length and stream size so a small stream cannot make the
 * reader allocate or recurse without limit.
 *
 * <p>The classes were recorded by asking which classes a real stream needs while reading real models of
 * all four prediction types: the demo's four registered artifacts (binary and 4-class classifiers, a
 * regressor) and small ones trained on {@code SyntheticData}. Every model needed the same classes. All
 * predictors are doubles ({@code Boosting} builds all-double frames), so nominal splits and other
 * column types never occur. If a Smile upgrade needs another class, {@code ModelArtifactTest}'s round trip
 * fails with the refusal message, which names that class.
 *
 * <p>One instance per stream: it remembers why it refused, for the message {@link ModelArtifact#read} throws.
 *
 * <p>{@code ModelStreamFilter filter = new ModelStreamFilter(); objects.setObjectInputFilter(filter);}
 */
final class ModelStreamFilter implements ObjectInputFilter {

    /**
     * The largest real artifact (the demo's TRANSACTION_TYPE model: 4 classes x 150 trees of up to 24
     * leaves) is 1.5 MB. This limit is about 40 times that, and {@link ModelArtifact#write} refuses to
     * write a bigger model, so training never registers a model that serving cannot read.
     */
    static final long MAX_STREAM_BYTES = 64L * 1024 * 1024;

    /**
     * Real streams use about 50 bytes for each object reference (31,634 for the 1.5 MB model). This
     * allows three times the references a model of {@link #MAX_STREAM_BYTES} would use, and still stops
     * a stream made mostly of back-references.
     */
    static final long MAX_REFERENCES = 4_000_000;

    /**
     * Each tree level adds one level of nesting: the demo's models, whose trees are at most 8 deep, nest
     * 12 deep. {@code HyperParameters} allows trees up to 64 deep, and 100 leaves room for the model,
     * the ensemble arrays and a tree's root above that.
     */
    static final long MAX_DEPTH = 100;

    /**
     * The longest arrays are the trees of one class ({@code HyperParameters} allows at most 5,000) and
     * the per-feature arrays, including the capacity of a schema's name index. Real artifacts reach 256.
     */
    static final long MAX_ARRAY_LENGTH = 100_000;

    /** Type names as {@link Class#getTypeName()} gives them: arrays as {@code double[]}. */
    static final Set<String> ALLOWED = Set.of(
            "smile.classification.GradientTreeBoost",
            "smile.classification.AbstractClassifier",
            "smile.regression.GradientTreeBoost",
            "smile.regression.RegressionTree",
            "smile.regression.RegressionTree[]",
            "smile.regression.RegressionTree[][]",
            "smile.base.cart.CART",
            "smile.base.cart.InternalNode",
            "smile.base.cart.OrdinalNode",
            "smile.base.cart.LeafNode",
            "smile.base.cart.RegressionNode",
            "smile.data.formula.Formula",
            "smile.data.formula.Term[]",
            "smile.data.formula.Variable",
            "smile.data.type.StructType",
            "smile.data.type.StructField",
            "smile.data.type.StructField[]",
            "smile.data.type.DoubleType",
            "smile.util.IntSet",
            // A schema's name-to-index map; HashMap checks its table as a Map.Entry[] while reading.
            "java.util.HashMap",
            "java.util.Map$Entry[]",
            "java.lang.Integer",
            "java.lang.Number",
            "double[]",
            "int[]");

    /** The allow-list grouped by package, for the refusal message: {@code smile.base.cart.{CART, ...}, ..., double[], int[]}. */
    static final String ALLOWED_DESCRIPTION = describe(ALLOWED);

    private String refusal;

    @Override
    public Status checkInput(FilterInfo info) {
        Class<?> type = info.serialClass();
        if (type != null && !ALLOWED.contains(type.getTypeName())) {
            return refuse("class " + type.getTypeName() + " is not allowed in a model (allowed: " + ALLOWED_DESCRIPTION + ")");
        }
        if (info.arrayLength() > MAX_ARRAY_LENGTH) {
            return refuse(String.format("an array of %,d elements (%s) is longer than the %,d a model may have",
                    info.arrayLength(), type == null ? "unknown type" : type.getTypeName(), MAX_ARRAY_LENGTH));
        }
        if (info.depth() > MAX_DEPTH) {
            return refuse(String.format("objects nested more than %,d deep, deeper than any model", MAX_DEPTH));
        }
        if (info.references() > MAX_REFERENCES) {
            return refuse(String.format("more than %,d object references, more than a model may have", MAX_REFERENCES));
        }
        if (info.streamBytes() > MAX_STREAM_BYTES) {
            return refuse(String.format("the object stream is longer than %,d bytes, the most a model may have", MAX_STREAM_BYTES));
        }
        return type == null ? Status.UNDECIDED : Status.ALLOWED;
    }

    /** Why the stream was refused, once it has been. */
    Optional<String> refusal() {
        return Optional.ofNullable(refusal);
    }

    private Status refuse(String reason) {
        refusal = reason;
        return Status.REJECTED;
    }

    /** Smile's packages first, then the JDK's, then primitive arrays; names sorted within each. */
    private static String describe(Set<String> names) {
        Map<String, List<String>> byPackage = new TreeMap<>(Comparator.comparing(ModelStreamFilter::packageRank)
                .thenComparing(Comparator.naturalOrder()));
        for (String name : names) {
            int dot = name.lastIndexOf('.');
            byPackage.computeIfAbsent(dot < 0 ? "" : name.substring(0, dot), key -> new ArrayList<>()).add(name.substring(dot + 1));
        }
        return byPackage.entrySet().stream().map(entry -> {
            List<String> simpleNames = entry.getValue().stream().sorted().toList();
            if (entry.getKey().isEmpty()) {
                return String.join(", ", simpleNames);
            }
            return entry.getKey() + "." + (simpleNames.size() == 1 ? simpleNames.get(0) : "{" + String.join(", ", simpleNames) + "}");
        }).collect(Collectors.joining(", "));
    }

    private static int packageRank(String packageName) {
        return packageName.isEmpty() ? 2 : packageName.startsWith("java.") ? 1 : 0;
    }
}
