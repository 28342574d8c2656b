package com.roisystems.ml.features;

/**
 * How a feature's double is to be read. Every value travels as a double so a vector goes straight
 * into Smile: CATEGORICAL is a documented integer code, BOOLEAN is 0 or 1.
 *
 * <p>{@code definition.dataType() == FeatureDataType.BOOLEAN}
 */
public enum FeatureDataType {
    NUMERIC, CATEGORICAL, BOOLEAN
}
