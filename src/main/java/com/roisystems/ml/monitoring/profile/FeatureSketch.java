package com.roisystems.ml.monitoring.profile;

import com.roisystems.ml.monitoring.drift.CategoricalDistribution;
import com.roisystems.ml.monitoring.drift.FeatureDistribution;
import com.roisystems.ml.monitoring.drift.NumericDistribution;
import io.vertx.core.json.JsonObject;
import org.apache.datasketches.common.ArrayOfStringsSerDe;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.ItemsSketch;
import org.apache.datasketches.kll.KllDoublesSketch;
import org.apache.datasketches.memory.Memory;
import org.apache.datasketches.quantilescommon.DoublesSortedView;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One feature's (or the prediction's) mergeable summary: a KLL quantile sketch of a numeric value, or a frequent-items
 * sketch of a categorical one, and the count of rows without a value. KLL's rank error is about 1.3% at k = 200 (99%
 * confidence, any one rank) and shrinks as k grows; the frequent-items sketch is exact while it holds fewer distinct
 * categories than 3/4 of its map ({@value #CATEGORY_MAP_SIZE}), which any categorical feature here does. Not
 * thread-safe: one verticle updates it.
 *
 * <p>{@code FeatureSketch sketch = FeatureSketch.numeric(200); sketch.update(3.5); sketch.distribution()}
 */
public final class FeatureSketch {

    /** Frequent-items map size: exact counts up to 48 distinct categories. */
    public static final int CATEGORY_MAP_SIZE = 64;
    private static final ArrayOfStringsSerDe STRINGS = new ArrayOfStringsSerDe();
    private static final String[] SMALL_CODES = new String[64];

    static {
        for (int i = 0; i < SMALL_CODES.length; i++) {
            SMALL_CODES[i] = Integer.toString(i);
        }
    }

    private final FeatureDistribution.Kind kind;
    private final KllDoublesSketch values;
    private final ItemsSketch<String> categories;
    private long nulls;

    private FeatureSketch(FeatureDistribution.Kind kind, KllDoublesSketch values, ItemsSketch<String> categories, long nulls) {
        this.kind = kind;
        this.values = values;
        this.categories = categories;
        this.nulls = nulls;
    }

    public static FeatureSketch numeric(int k) {
        return new FeatureSketch(FeatureDistribution.Kind.NUMERIC, KllDoublesSketch.newHeapInstance(k), null, 0);
    }

    public static FeatureSketch categorical() {
        return new FeatureSketch(FeatureDistribution.Kind.CATEGORICAL, null, new ItemsSketch<>(CATEGORY_MAP_SIZE), 0);
    }

    public FeatureDistribution.Kind kind() {
        return kind;
    }

    /** Records a value; NaN (or null) is a missing value. A categorical value is its code. */
    public void update(Double value) {
        if (value == null || value.isNaN()) {
            nulls++;
        } else if (kind == FeatureDistribution.Kind.NUMERIC) {
            values.update(value);
        } else {
            double v = value;
            categories.update(v >= 0 && v < SMALL_CODES.length && v == Math.rint(v) ? SMALL_CODES[(int) v] : CategoricalDistribution.categoryOf(v));
        }
    }

    /** Records a category (a predicted class); null is a missing value. */
    public void update(String category) {
        if (category == null) {
            nulls++;
        } else {
            categories.update(category);
        }
    }

    /** Adds another sketch of the same kind (another window part, another instance's). */
    public void merge(FeatureSketch other) {
        if (other.kind != kind) {
            throw new IllegalArgumentException("cannot merge a " + other.kind + " sketch into a " + kind + " one");
        }
        nulls += other.nulls;
        if (kind == FeatureDistribution.Kind.NUMERIC) {
            values.merge(other.values);
        } else {
            categories.merge(other.categories);
        }
    }

    public long nulls() {
        return nulls;
    }

    /** Rows with a value. */
    public long present() {
        return kind == FeatureDistribution.Kind.NUMERIC ? values.getN() : categories.getStreamLength();
    }

    /** The sketch's largest error of any one CDF value (99% confidence); 0 while it is still exact. */
    public double rankError() {
        return values == null || !values.isEstimationMode() ? 0.0 : values.getNormalizedRankError(false);
    }

    /** The distribution the drift metrics compare: the sketch's sorted view, or its category counts. */
    public FeatureDistribution distribution() {
        if (kind == FeatureDistribution.Kind.NUMERIC) {
            if (values.isEmpty()) {
                return FeatureDistribution.numeric(new NumericDistribution(new double[0], new double[0], 0, 0), nulls);
            }
            DoublesSortedView view = values.getSortedView();
            double[] quantiles = view.getQuantiles();
            long[] weights = view.getCumulativeWeights();
            double[] cumulative = new double[weights.length];
            double n = values.getN();
            for (int i = 0; i < weights.length; i++) {
                cumulative[i] = weights[i] / n;
            }
            return FeatureDistribution.numeric(new NumericDistribution(quantiles, cumulative, values.getN(), rankError()), nulls);
        }
        Map<String, Long> counts = new LinkedHashMap<>();
        for (ItemsSketch.Row<String> row : categories.getFrequentItems(0, ErrorType.NO_FALSE_NEGATIVES)) {
            counts.put(row.getItem(), row.getEstimate());
        }
        return FeatureDistribution.categorical(CategoricalDistribution.ofCounts(counts), nulls);
    }

    /** {@code {"kind", "nulls", "kll"|"items"}}, the sketch as base64 of its DataSketches bytes. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject().put("kind", kind.name()).put("nulls", nulls);
        return kind == FeatureDistribution.Kind.NUMERIC
                ? json.put("kll", Base64.getEncoder().encodeToString(values.toByteArray()))
                : json.put("items", Base64.getEncoder().encodeToString(categories.toByteArray(STRINGS)));
    }

    public static FeatureSketch fromJson(JsonObject json) {
        FeatureDistribution.Kind kind = FeatureDistribution.Kind.valueOf(json.getString("kind"));
        long nulls = json.getLong("nulls", 0L);
        if (kind == FeatureDistribution.Kind.NUMERIC) {
            Memory bytes = Memory.wrap(Base64.getDecoder().decode(json.getString("kll")));
            return new FeatureSketch(kind, KllDoublesSketch.heapify(bytes), null, nulls);
        }
        Memory bytes = Memory.wrap(Base64.getDecoder().decode(json.getString("items")));
        return new FeatureSketch(kind, null, ItemsSketch.getInstance(bytes, STRINGS), nulls);
    }
}
