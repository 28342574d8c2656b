package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Arrays;
import java.util.List;

/**
 * PROPERTY_VALUE: a boosted regressor on the log of the next observed valuation, from property and
 * market features. The artifact also carries a forecast rule (today's estimate grown at the region's
 * year-over-year trend for {@code horizon_months}) and a 90% interval calibrated by split conformal on the
 * validation residuals (log scale, {@link ConformalInterval}). Metrics are on the log value unless suffixed
 * {@code _usd}; {@code interval_coverage} is measured on the test rows, and again on test rows of unseen properties.
 *
 * <p>{@code PropertyValueTrainer.Forecast f = PropertyValueTrainer.forecast(artifact, features);}
 */
public final class PropertyValueTrainer {

    public static final int HORIZON_MONTHS = 12;
    /** The coverage the interval states. */
    static final double COVERAGE = 0.90;
    /** The regional trend features, in order of preference (percent per year). */
    static final List<String> TREND_FEATURES = List.of("market_price_yoy_pct", "region_price_growth_12m_pct");

    /** Today's estimate, its interval, and the forecast at the horizon with its interval, in dollars. */
    public record Forecast(double value, double low, double high, int horizonMonths, double forecast, double forecastLow, double forecastHigh) {
    }

    public TrainedModel train(TrainingDataset dataset, HyperParameters hp) {
        List<TrainingDataset.Row> train = TrainingRows.capped(dataset.rows(TrainingDataset.Split.TRAIN), hp.maxTrainingRows(), hp.seed());
        TrainingRows.require(PredictionType.PROPERTY_VALUE, dataset, train, false);
        long started = System.nanoTime();
        var model = Boosting.regressor(dataset.featureNames(), TrainingRows.x(train), TrainingRows.targets(train), hp);
        double seconds = (System.nanoTime() - started) / 1e9;
        String trend = TREND_FEATURES.stream().filter(dataset.featureNames()::contains).findFirst().orElse(null);
        JsonObject metadata = new JsonObject().put("prediction_type", PredictionType.PROPERTY_VALUE.name())
                .put("feature_names", new JsonArray(dataset.featureNames())).put("target", "log(value in USD)")
                .put("missing_value", TrainingDataset.MISSING).put("hyper_parameters", hp.toJson())
                .put("forecast", new JsonObject().put("horizon_months", HORIZON_MONTHS).put("trend_feature", trend)
                        .put("rule", "forecast = exp(prediction) * (1 + trend_pct / 100) ^ (horizon_months / 12)"))
                .put("label", dataset.description().getString("label"));
        ModelArtifact unfitted = new ModelArtifact(metadata.copy(), model);
        // Split conformal: the validation rows were held out from fitting, so their residuals calibrate the interval.
        ConformalInterval interval = ConformalInterval.fit(residuals(unfitted, dataset.rows(TrainingDataset.Split.VALIDATION)), COVERAGE);
        metadata.put("interval", new JsonObject().put("coverage", interval.coverage()).put("scale", "log")
                .put("low_residual", interval.lowResidual()).put("high_residual", interval.highResidual())
                .put("method", "split conformal: validation residual order statistics at floor((n+1)a/2)/n and ceil((n+1)(1-a/2))/n")
                .put("calibration_rows", interval.calibrationRows()));
        ModelArtifact artifact = new ModelArtifact(metadata, model);

        double trainMean = Arrays.stream(TrainingRows.targets(train)).average().orElse(0);
        JsonObject metrics = evaluate(artifact, interval, dataset.rows(TrainingDataset.Split.TEST), trainMean);
        double baseline = metrics.getDouble("mean_baseline_rmse");
        JsonObject evaluation = Oracle.evaluation("rmse", metrics.getDouble("rmse"), baseline, metrics.getDouble("oracle_rmse"), false);
        metrics.put(UnseenEntities.KEY, UnseenEntities.report(dataset, rows -> evaluate(artifact, interval, rows, trainMean)))
                .put(UnseenEntities.SEEN_SHARE, UnseenEntities.seenShare(dataset))
                .put("evaluation", evaluation);
        return new TrainedModel(PredictionType.PROPERTY_VALUE, getClass().getSimpleName(), artifact, metrics, evaluation, hp, seconds);
    }

    /** RMSE and friends on the log value and in dollars, the train-mean baseline, the oracle and the interval's coverage. */
    private static JsonObject evaluate(ModelArtifact artifact, ConformalInterval interval, List<TrainingDataset.Row> rows, double trainMean) {
        double[] y = TrainingRows.targets(rows);
        double[] predicted = rows.stream().mapToDouble(row -> artifact.predict(row.features())).toArray();
        JsonObject metrics = Metrics.regression(y, predicted);
        JsonObject usd = Metrics.regression(Arrays.stream(y).map(Math::exp).toArray(), Arrays.stream(predicted).map(Math::exp).toArray());
        metrics.put("rmse_usd", usd.getDouble("rmse")).put("mae_usd", usd.getDouble("mae")).put("r2_usd", usd.getDouble("r2"));
        double baseline = Metrics.regression(y, Arrays.stream(y).map(v -> trainMean).toArray()).getDouble("rmse");
        List<TrainingDataset.Row> known = rows.stream().filter(row -> !Double.isNaN(row.oracle())).toList();
        Double oracle = known.isEmpty() ? null : Metrics.regression(TrainingRows.targets(known),
                known.stream().mapToDouble(TrainingDataset.Row::oracle).toArray()).getDouble("rmse");
        double[] residuals = new double[y.length];
        for (int i = 0; i < y.length; i++) {
            residuals[i] = y[i] - predicted[i];
        }
        return metrics.put("mean_baseline_rmse", baseline).put("oracle_rmse", oracle).put("interval_coverage", interval.coverageOf(residuals));
    }

    private static double[] residuals(ModelArtifact artifact, List<TrainingDataset.Row> rows) {
        return rows.stream().mapToDouble(row -> row.label() - artifact.predict(row.features())).toArray();
    }

    public static Forecast forecast(ModelArtifact artifact, double[] features) {
        JsonObject meta = artifact.metadata();
        double log = artifact.predict(features);
        JsonObject interval = meta.getJsonObject("interval");
        String trendFeature = meta.getJsonObject("forecast").getString("trend_feature");
        int horizon = meta.getJsonObject("forecast").getInteger("horizon_months");
        double trendPct = 0;
        if (trendFeature != null) {
            double value = features[artifact.featureNames().indexOf(trendFeature)];
            trendPct = value == TrainingDataset.MISSING ? 0 : value;
        }
        double growth = Math.pow(1 + trendPct / 100, horizon / 12.0);
        double value = Math.exp(log);
        double low = Math.exp(log + interval.getDouble("low_residual"));
        double high = Math.exp(log + interval.getDouble("high_residual"));
        return new Forecast(value, low, high, horizon, value * growth, low * growth, high * growth);
    }
}
