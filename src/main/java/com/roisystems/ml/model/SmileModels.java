package com.roisystems.ml.model;

import smile.data.DataFrame;
import smile.data.Tuple;
import smile.data.type.StructType;

import java.util.List;

/**
 * Applies a Smile {@code GradientTreeBoost} to one row whose values follow the model's ordered feature
 * names (all doubles): the reference the compiled scorer is checked against, and what training
 * evaluates with.
 *
 * <p>{@code double p = SmileModels.posteriors(model, SmileModels.schema(names), row, 2)[1];}
 */
public final class SmileModels {

    private SmileModels() {
    }

    /** The schema prediction tuples are built with: the feature names, in order, as doubles. */
    public static StructType schema(List<String> names) {
        return DataFrame.of(new double[1][names.size()], names.toArray(String[]::new)).schema();
    }

    public static double[] posteriors(smile.classification.GradientTreeBoost model, StructType schema, double[] features, int classes) {
        double[] posteriori = new double[classes];
        model.predict(Tuple.of(features, schema), posteriori);
        return posteriori;
    }

    public static double regress(smile.regression.GradientTreeBoost model, StructType schema, double[] features) {
        return model.predict(Tuple.of(features, schema));
    }
}
