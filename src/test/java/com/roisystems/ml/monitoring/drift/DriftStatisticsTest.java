package com.roisystems.ml.monitoring.drift;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.assertj.core.api.Assertions.withinPercentage;

/** The drift metrics against numbers SciPy and numpy computed (src/test/resources/monitoring/golden/make_golden.py). */
@DisplayName("The drift statistics")
class DriftStatisticsTest {

    private static final JsonObject GOLDEN = load();

    private static JsonObject load() {
        try (InputStream in = DriftStatisticsTest.class.getResourceAsStream("/monitoring/golden/golden.json")) {
            return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double[] doubles(JsonArray array) {
        double[] values = new double[array.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = array.getDouble(i);
        }
        return values;
    }

    private static CategoricalDistribution counts(JsonObject json) {
        Map<String, Long> counts = new HashMap<>();
        json.forEach(entry -> counts.put(entry.getKey(), ((Number) entry.getValue()).longValue()));
        return CategoricalDistribution.ofCounts(counts);
    }

    @Test
    @DisplayName("match SciPy's chi-squared and Kolmogorov distribution functions")
    void specialFunctionsMatchScipy() {
        JsonObject special = GOLDEN.getJsonObject("special");
        for (Object o : special.getJsonArray("chi2_sf")) {
            JsonObject c = (JsonObject) o;
            assertThat(SpecialFunctions.chiSquaredSurvival(c.getDouble("x"), c.getInteger("dof")))
                    .as("chi2.sf(%s, %s)", c.getDouble("x"), c.getInteger("dof"))
                    .isCloseTo(c.getDouble("value"), withinPercentage(1e-7));
        }
        for (Object o : special.getJsonArray("chi2_ppf")) {
            JsonObject c = (JsonObject) o;
            assertThat(SpecialFunctions.chiSquaredQuantile(c.getDouble("p"), c.getInteger("dof")))
                    .as("chi2.ppf(%s, %s)", c.getDouble("p"), c.getInteger("dof"))
                    .isCloseTo(c.getDouble("value"), withinPercentage(1e-7));
        }
        for (Object o : special.getJsonArray("kolmogorov_sf")) {
            JsonObject c = (JsonObject) o;
            assertThat(SpecialFunctions.kolmogorovSurvival(c.getDouble("x"))).as("kstwobign.sf(%s)", c.getDouble("x"))
                    .isCloseTo(c.getDouble("value"), within(1e-12 + 1e-9 * c.getDouble("value")));
        }
    }

    @Test
    @DisplayName("give SciPy's KS statistic and Wasserstein distance, numpy's PSI, IQR and std on every numeric golden case")
    void numericMetricsMatchGolden() {
        assertThat(GOLDEN.getJsonArray("numeric")).hasSize(6);
        for (Object o : GOLDEN.getJsonArray("numeric")) {
            JsonObject c = (JsonObject) o;
            String name = c.getString("name");
            NumericDistribution reference = NumericDistribution.ofSample(doubles(c.getJsonArray("reference")));
            NumericDistribution window = NumericDistribution.ofSample(doubles(c.getJsonArray("window")));

            DriftMetrics.Ks ks = DriftMetrics.kolmogorovSmirnov(reference, window);
            assertThat(ks.statistic()).as(name + " ks").isCloseTo(c.getDouble("ks_statistic"), within(1e-12));
            assertThat(ks.pValue()).as(name + " ks p (Kolmogorov limit)")
                    .isCloseTo(c.getDouble("ks_p_value_kolmogorov_limit"), withinPercentage(1e-6));
            double scipyAsymp = c.getDouble("ks_p_value_scipy_asymp");
            if (scipyAsymp > 1e-4) {
                // SciPy's method='asymp' uses the finite-n distribution at round(nm/(n+m)): close, and never smaller here.
                assertThat(ks.pValue()).as(name + " ks p vs ks_2samp asymp").isCloseTo(scipyAsymp, withinPercentage(15))
                        .isGreaterThanOrEqualTo(scipyAsymp);
            }

            DriftMetrics.Wasserstein wasserstein = DriftMetrics.wasserstein(reference, window);
            assertThat(wasserstein.distance()).as(name + " wasserstein").isCloseTo(c.getDouble("wasserstein"), within(1e-9));
            assertThat(reference.interquartileRange()).as(name + " iqr").isCloseTo(c.getDouble("reference_iqr"), within(1e-12));
            assertThat(reference.standardDeviation()).as(name + " std").isCloseTo(c.getDouble("reference_std"), within(1e-9));
            double expectedSpread = c.getDouble("reference_iqr") > 0 ? c.getDouble("reference_iqr") : c.getDouble("reference_std");
            assertThat(wasserstein.normalized()).as(name + " normalised").isCloseTo(c.getDouble("wasserstein") / expectedSpread, within(1e-9));

            DriftMetrics.Psi psi = DriftMetrics.psi(reference, window, c.getInteger("bins"));
            assertThat(psi.value()).as(name + " psi").isCloseTo(c.getDouble("psi"), within(1e-12));
            assertThat(psi.degreesOfFreedom()).as(name + " psi dof").isEqualTo(c.getInteger("psi_dof"));
            assertThat(psi.pValue()).as(name + " psi p").isCloseTo(c.getDouble("psi_p_value"), withinPercentage(1e-6));
            assertThat(psi.threshold(0.01)).as(name + " psi threshold").isCloseTo(c.getDouble("psi_threshold_alpha_0_01"), withinPercentage(1e-7));
        }
    }

    @Test
    @DisplayName("give SciPy's Jensen–Shannon distance (base 2) and chi-squared test on every categorical golden case")
    void categoricalMetricsMatchGolden() {
        assertThat(GOLDEN.getJsonArray("categorical")).hasSize(3);
        for (Object o : GOLDEN.getJsonArray("categorical")) {
            JsonObject c = (JsonObject) o;
            String name = c.getString("name");
            CategoricalDistribution reference = counts(c.getJsonObject("reference"));
            CategoricalDistribution window = counts(c.getJsonObject("window"));
            assertThat(DriftMetrics.jensenShannon(reference, window)).as(name + " js").isCloseTo(c.getDouble("jensen_shannon"), within(1e-12));
            DriftMetrics.ChiSquared chi = DriftMetrics.chiSquared(reference, window);
            assertThat(chi.statistic()).as(name + " chi2").isCloseTo(c.getDouble("chi_squared"), within(1e-9));
            assertThat(chi.degreesOfFreedom()).as(name + " dof").isEqualTo(c.getInteger("chi_squared_dof"));
            assertThat(chi.pValue()).as(name + " chi2 p").isCloseTo(c.getDouble("chi_squared_p_value"), withinPercentage(1e-6));
        }
    }

    @Test
    @DisplayName("refuses a configuration out of range, naming the key")
    void settingsRefuseBadValues() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriftSettings.of(Map.of("alpha", 0.7)))
                .hasMessageContaining("monitoring.alpha");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriftSettings.of(Map.of("correction", "holm")))
                .hasMessageContaining("monitoring.correction");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DriftSettings.of(Map.of("bins", "ten")))
                .hasMessageContaining("monitoring.bins");
        DriftSettings settings = DriftSettings.of(Map.of("alpha", 0.05, "correction", "bonferroni", "metrics", Map.of("ks", false)));
        assertThat(settings.alpha()).isEqualTo(0.05);
        assertThat(settings.correction()).isEqualTo(DriftSettings.Correction.BONFERRONI);
        assertThat(settings.enabled(DriftSettings.Metric.KS)).isFalse();
        assertThat(settings.enabled(DriftSettings.Metric.PSI)).isTrue();
    }
}
