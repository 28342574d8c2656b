package com.roisystems.ml.features;

import com.roisystems.ml.bus.EntityRef;
import io.vertx.sqlclient.Row;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Row mapping, in one place: PostgreSQL arrays and stored vectors into {@link FeatureVector}s with statuses. */
public final class FeatureRows {

    private FeatureRows() {
    }

    /** The {@code v} column of a vector query; SQL nulls and NaN both become null. */
    static Double[] values(Row row) {
        Double[] values = row.getArrayOfDoubles("v");
        for (int i = 0; i < values.length; i++) {
            if (values[i] != null && values[i].isNaN()) {
                values[i] = null;
            }
        }
        return values;
    }

    /** Freshly computed: PRESENT or NULL, never stale. */
    static FeatureVector computed(EntityRef entity, Instant asOf, List<FeatureDefinition> definitions, Double[] values, String tenant) {
        List<FeatureValue> served = new ArrayList<>(definitions.size());
        for (int i = 0; i < definitions.size(); i++) {
            Double value = values[i];
            served.add(new FeatureValue(definitions.get(i).name(), value, value == null ? FeatureStatus.NULL : FeatureStatus.PRESENT));
        }
        return new FeatureVector(entity, asOf, FeatureVector.SOURCE_POSTGRES, served, tenant);
    }

    /**
     * A stored vector read for the {@code requested} definitions at {@code now}: MISSING when its layout
     * lacks the feature, STALE when older than the feature's max age.
     */
    public static FeatureVector stored(EntityRef entity, Instant storedAsOf, String source, Map<String, Integer> index, double[] values,
                                List<FeatureDefinition> requested, Instant now, String tenant) {
        Duration age = Duration.between(storedAsOf, now);
        List<FeatureValue> served = new ArrayList<>(requested.size());
        for (FeatureDefinition definition : requested) {
            Integer position = index.get(definition.name());
            if (position == null || position >= values.length) {
                served.add(new FeatureValue(definition.name(), null, FeatureStatus.MISSING));
                continue;
            }
            double value = values[position];
            if (Double.isNaN(value)) {
                served.add(new FeatureValue(definition.name(), null, FeatureStatus.NULL));
            } else {
                FeatureStatus status = age.compareTo(definition.maxAge()) > 0 ? FeatureStatus.STALE : FeatureStatus.PRESENT;
                served.add(new FeatureValue(definition.name(), value, status));
            }
        }
        return new FeatureVector(entity, storedAsOf, source, served, tenant);
    }

    /** Each layout name's position, built once per layout rather than per vector read. */
    public static Map<String, Integer> positions(List<String> layoutNames) {
        Map<String, Integer> index = new HashMap<>(layoutNames.size() * 2);
        for (int i = 0; i < layoutNames.size(); i++) {
            index.put(layoutNames.get(i), i);
        }
        return Map.copyOf(index);
    }

    static double[] toDoubles(Double[] values) {
        double[] out = new double[values.length];
        for (int i = 0; i < values.length; i++) {
            out[i] = values[i] == null ? Double.NaN : values[i];
        }
        return out;
    }
}
