package com.roisystems.ml.features;

/**
 * The five families of the catalog; names match the {@code feature_category} enum of the schema.
 *
 * <p>{@code FeatureCatalog.standard().inCategory(FeatureCategory.MARKET)}
 */
public enum FeatureCategory {
    BEHAVIORAL, PROPERTY, TRANSACTIONAL, MARKET, TEMPORAL
}
