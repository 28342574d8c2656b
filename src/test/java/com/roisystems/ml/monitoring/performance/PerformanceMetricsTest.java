package com.roisystems.ml.monitoring.performance;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The performance metrics against numbers numpy and SciPy computed from the same rows
 * (src/test/resources/monitoring/golden/make_performance_golden.py), and CBPE against outcomes drawn from the scores.
 */
@DisplayName("The performance metrics")
class PerformanceMetricsTest {

    private static final JsonObject GOLDEN = load();

    private static JsonObject load() {
        try (InputStream in = PerformanceMetricsTest.class.getResourceAsStream("/monitoring/golden/performance_golden.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<JsonObject> cases(String kind) {
        return GOLDEN.getJsonArray(kind).stream().map(JsonObject.class::cast).toList();
    }

    @Test
    @DisplayName("compute AUC (ties as one half), Brier, clipped log-loss and 10 calibration bins as numpy and SciPy do")
    void binaryMatchesGolden() {
        for (JsonObject golden : cases("binary")) {
            BinaryOutcomes outcomes = new BinaryOutcomes();
            JsonArray scores = golden.getJsonArray("scores");
            JsonArray labels = golden.getJsonArray("labels");
            for (int i = 0; i < scores.size(); i++) {
                outcomes.add(scores.getDouble(i), labels.getInteger(i) == 1, 1);
            }
            assertThat(outcomes.auc()).as(golden.getString("name")).hasValueCloseTo(golden.getDouble("auc"), within(1e-12));
            assertThat(outcomes.brier()).isCloseTo(golden.getDouble("brier"), within(1e-12));
            assertThat(outcomes.logLoss()).isCloseTo(golden.getDouble("log_loss"), within(1e-10));
            List<BinaryOutcomes.CalibrationBin> bins = outcomes.calibration(10);
            JsonArray expected = golden.getJsonArray("calibration");
            assertThat(bins).hasSize(expected.size());
            for (int b = 0; b < bins.size(); b++) {
                JsonObject bin = expected.getJsonObject(b);
                assertThat(bins.get(b).lower()).isCloseTo(bin.getDouble("lower"), within(1e-12));
                assertThat(bins.get(b).count()).isEqualTo(bin.getLong("count"));
                assertThat(bins.get(b).meanPredicted()).isCloseTo(bin.getDouble("mean_predicted"), within(1e-12));
                assertThat(bins.get(b).observedRate()).isCloseTo(bin.getDouble("observed_rate"), within(1e-12));
            }
        }
    }

    @Test
    @DisplayName("count grouped outcomes as the same rows one by one")
    void groupedEqualsRows() {
        BinaryOutcomes one = new BinaryOutcomes();
        BinaryOutcomes grouped = new BinaryOutcomes();
        for (int i = 0; i < 3; i++) {
            one.add(0.3, true, 1).add(0.3, false, 1).add(0.7, true, 1);
        }
        grouped.add(0.3, true, 3).add(0.3, false, 3).add(0.7, true, 3);
        assertThat(grouped.auc()).hasValueCloseTo(one.auc().getAsDouble(), within(1e-15));
        assertThat(grouped.auc()).hasValueCloseTo(0.75, within(1e-15));
        assertThat(grouped.brier()).isCloseTo(one.brier(), within(1e-15));
    }

    @Test
    @DisplayName("estimate AUC and Brier by CBPE as a numpy implementation of NannyML's method does")
    void cbpeMatchesGolden() {
        for (JsonObject golden : cases("binary")) {
            ConfidenceBasedEstimate estimate = new ConfidenceBasedEstimate();
            golden.getJsonArray("scores").forEach(score -> estimate.add(((Number) score).doubleValue(), 1));
            assertThat(estimate.auc()).as(golden.getString("name")).hasValueCloseTo(golden.getDouble("cbpe_auc"), within(1e-12));
            assertThat(estimate.brier()).isCloseTo(golden.getDouble("cbpe_brier"), within(1e-12));
        }
    }

    @Test
    @DisplayName("estimate the realised AUC within 0.03 when outcomes are drawn from calibrated scores, and miss it when they are not calibrated")
    void cbpeTracksRealisedOnlyWhenCalibrated() {
        for (int seed = 1; seed <= 5; seed++) {
            Random random = new Random(seed);
            BinaryOutcomes realised = new BinaryOutcomes();
            ConfidenceBasedEstimate calibrated = new ConfidenceBasedEstimate();
            ConfidenceBasedEstimate underconfident = new ConfidenceBasedEstimate();
            for (int i = 0; i < 5_000; i++) {
                double p = Math.round(Math.pow(random.nextDouble(), 2) * 1e4) / 1e4;
                boolean outcome = random.nextDouble() < p;
                realised.add(p, outcome, 1);
                calibrated.add(p, 1);
                // The same ranking squeezed towards 0.5: the realised AUC is unchanged, the scores no longer probabilities.
                underconfident.add(0.5 + (p - 0.5) * 0.3, 1);
            }
            double actual = realised.auc().getAsDouble();
            assertThat(calibrated.auc()).as("seed %d", seed).hasValueCloseTo(actual, within(0.03));
            assertThat(calibrated.brier()).isCloseTo(realised.brier(), within(0.01));
            assertThat(Math.abs(underconfident.auc().getAsDouble() - actual)).as("seed %d", seed).isGreaterThan(0.1);
        }
    }

    @Test
    @DisplayName("give no AUC with one class only, and none estimated when every score is certain of one side")
    void aucAbsentWithOneClass() {
        BinaryOutcomes onlyPositives = new BinaryOutcomes().add(0.2, true, 5).add(0.9, true, 3);
        assertThat(onlyPositives.auc()).isEmpty();
        assertThat(onlyPositives.brier()).isCloseTo((5 * 0.64 + 3 * 0.01) / 8, within(1e-12));
        assertThat(new ConfidenceBasedEstimate().add(0.0, 10).auc()).isEmpty();
        assertThat(new ConfidenceBasedEstimate().auc()).isEmpty();
    }

    @Test
    @DisplayName("refuse a score that is not a probability, naming it")
    void refuseBadScores() {
        assertThatThrownBy(() -> new BinaryOutcomes().add(1.2, true, 1)).hasMessageContaining("1.2");
        assertThatThrownBy(() -> new BinaryOutcomes().add(Double.NaN, true, 1)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> new ConfidenceBasedEstimate().add(-0.1, 1)).hasMessageContaining("-0.1");
        assertThatThrownBy(() -> new BinaryOutcomes().calibration(0)).hasMessageContaining("bins");
        assertThatThrownBy(() -> new ValueErrors().add(Double.NaN, 1)).hasMessageContaining("finite");
        assertThatThrownBy(() -> new ClassOutcomes().add(null, "BUY", 1)).hasMessageContaining("required");
    }

    @Test
    @DisplayName("compute RMSE, and MAPE without the zero actuals, as numpy does")
    void regressionMatchesGolden() {
        for (JsonObject golden : cases("regression")) {
            ValueErrors errors = new ValueErrors();
            JsonArray predicted = golden.getJsonArray("predicted");
            JsonArray actual = golden.getJsonArray("actual");
            for (int i = 0; i < predicted.size(); i++) {
                errors.add(predicted.getDouble(i), actual.getDouble(i));
            }
            assertThat(errors.rmse()).hasValueCloseTo(golden.getDouble("rmse"), within(1e-6));
            assertThat(errors.mape()).hasValueCloseTo(golden.getDouble("mape"), within(1e-12));
            assertThat(errors.zeroActuals()).isEqualTo(golden.getLong("zero_actuals")).isPositive();
        }
        assertThat(new ValueErrors().add(5, 0).mape()).as("only zero actuals: no MAPE").isEmpty();
    }

    @Test
    @DisplayName("compute accuracy and macro-F1 as numpy does")
    void classesMatchGolden() {
        for (JsonObject golden : cases("classes")) {
            ClassOutcomes outcomes = new ClassOutcomes();
            JsonArray predicted = golden.getJsonArray("predicted");
            JsonArray actual = golden.getJsonArray("actual");
            for (int i = 0; i < predicted.size(); i++) {
                outcomes.add(predicted.getString(i), actual.getString(i), 1);
            }
            assertThat(outcomes.accuracy()).hasValueCloseTo(golden.getDouble("accuracy"), within(1e-12));
            assertThat(outcomes.macroF1()).hasValueCloseTo(golden.getDouble("macro_f1"), within(1e-12));
        }
        assertThat(new ClassOutcomes().accuracy()).isEmpty();
    }
}
