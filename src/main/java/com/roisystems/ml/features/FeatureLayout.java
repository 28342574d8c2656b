package com.roisystems.ml.features;

import java.util.List;

/**
 * The order of a stored value array: feature names and their {@code ml_features} versions, registered
 * once in {@code ml_feature_layouts}. A vector is only read through the layout it was written with.
 *
 * <p>{@code int index = layout.names().indexOf("equity");}
 */
public record FeatureLayout(int id, String hash, List<String> names, List<Integer> versions) {

    public FeatureLayout {
        names = List.copyOf(names);
        versions = List.copyOf(versions);
    }

    /** The hash that identifies a layout: names and versions, in order. */
    public static String hashOf(List<String> names, List<Integer> versions) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.size(); i++) {
            text.append(names.get(i)).append('@').append(versions.get(i)).append('\n');
        }
        return FeatureDefinition.sha256(text.toString()).substring(0, 16);
    }
}
