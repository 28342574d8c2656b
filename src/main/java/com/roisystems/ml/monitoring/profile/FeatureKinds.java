package com.roisystems.ml.monitoring.profile;

import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureDataType;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.monitoring.drift.FeatureDistribution;

/**
 * Which features are compared as categories: the catalog's CATEGORICAL and BOOLEAN features (their values are codes,
 * so a shift in one code's share is what matters, not a distance along the axis); every other name, including one the
 * catalog does not know, is numeric.
 */
public final class FeatureKinds {

    private FeatureKinds() {
    }

    public static FeatureDistribution.Kind of(String featureName) {
        FeatureDefinition definition = FeatureCatalog.standard().get(featureName);
        return definition != null && (definition.dataType() == FeatureDataType.CATEGORICAL || definition.dataType() == FeatureDataType.BOOLEAN)
                ? FeatureDistribution.Kind.CATEGORICAL : FeatureDistribution.Kind.NUMERIC;
    }
}
