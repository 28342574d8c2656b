package com.roisystems.ml.monitoring.profile;

import com.roisystems.ml.monitoring.drift.DriftDetector;
import com.roisystems.ml.monitoring.drift.DriftMetrics;
import com.roisystems.ml.monitoring.drift.DriftReport;
import com.roisystems.ml.monitoring.drift.DriftSettings;
import com.roisystems.ml.monitoring.drift.FeatureDistribution;
import com.roisystems.ml.monitoring.drift.NumericDistribution;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * Profiles: sketches survive JSON and merging, and the metrics they give differ from the exact ones by no more than
 * the sketches' rank errors allow: KS by at most ε_ref + ε_win, Wasserstein by at most (ε_ref + ε_win)·(range), PSI by
 * 0.02 + 10% (measured, not derived); and sketched windows keep the false-alarm rate.
 */
@DisplayName("Feature profiles")
class ProfileSketchTest {

    /** sessions_30d is numeric in the catalog, property_type_code categorical; "x_*" names are numeric too. */
    private static final List<String> NAMES = List.of("sessions_30d", "x_lognormal", "x_counts", "property_type_code");

    private static double[] row(Random random, double shift) {
        double u = random.nextDouble();
        return new double[] {random.nextGaussian() * 3 + 20 + shift, Math.exp(3 + 0.5 * random.nextGaussian()),
                random.nextDouble() < 0.05 ? Double.NaN : Math.floor(-2 * Math.log(random.nextDouble())),
                u < 0.5 ? 0 : u < 0.8 ? 1 : u < 0.95 ? 2 : 3};
    }

    private static List<double[]> rows(Random random, int n, double shift) {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(row(random, shift));
        }
        return rows;
    }

    private static double[] column(List<double[]> rows, int feature) {
        return rows.stream().mapToDouble(r -> r[feature]).toArray();
    }

    @Test
    @DisplayName("round-trip through JSON and merge like the rows they summarise; another format is refused")
    void roundTripAndMerge() {
        Random random = new Random(1);
        List<double[]> first = rows(random, 3_000, 0);
        List<double[]> second = rows(random, 2_000, 0);
        Profile merged = ReferenceProfile.of(NAMES, first, null).merge(ReferenceProfile.of(NAMES, second, null));
        Profile copy = Profile.fromJson(new JsonObject(merged.toJson().encode()));

        assertThat(copy.rows()).isEqualTo(5_000);
        Map<String, FeatureDistribution> distributions = copy.featureDistributions();
        assertThat(distributions.get("property_type_code").kind()).isEqualTo(FeatureDistribution.Kind.CATEGORICAL);
        assertThat(distributions.get("sessions_30d").kind()).isEqualTo(FeatureDistribution.Kind.NUMERIC);
        long zeros = first.stream().filter(r -> r[3] == 0).count() + second.stream().filter(r -> r[3] == 0).count();
        assertThat(distributions.get("property_type_code").categorical().count("0")).isEqualTo(zeros);
        long missing = first.stream().filter(r -> Double.isNaN(r[2])).count() + second.stream().filter(r -> Double.isNaN(r[2])).count();
        assertThat(distributions.get("x_counts").nulls()).isEqualTo(missing);
        assertThat(distributions.get("sessions_30d").numeric().count()).isEqualTo(5_000);
        assertThat(distributions.get("sessions_30d").numeric().quantile(0.5))
                .isEqualTo(merged.featureDistributions().get("sessions_30d").numeric().quantile(0.5));

        JsonObject future = merged.toJson().put("format", 2);
        assertThatThrownBy(() -> Profile.fromJson(future)).hasMessageContaining("format 2").hasMessageContaining("format 1");
    }

    @Test
    @DisplayName("give KS, Wasserstein and PSI within the sketches' stated error of the exact values")
    void sketchErrorIsBounded() {
        Random random = new Random(2);
        List<double[]> referenceRows = rows(random, 50_000, 0);
        List<double[]> windowRows = rows(random, 20_000, 0.6);
        Profile reference = ReferenceProfile.of(NAMES, referenceRows, null);
        Profile window = Profile.empty(200);
        windowRows.forEach(r -> window.record(NAMES, r, null, null));

        for (int f = 0; f < 3; f++) {
            String name = NAMES.get(f);
            NumericDistribution sketchedReference = reference.featureDistributions().get(name).numeric();
            NumericDistribution sketchedWindow = window.featureDistributions().get(name).numeric();
            NumericDistribution exactReference = NumericDistribution.ofSample(column(referenceRows, f));
            NumericDistribution exactWindow = NumericDistribution.ofSample(column(windowRows, f));
            double epsilon = sketchedReference.rankError() + sketchedWindow.rankError();
            assertThat(sketchedReference.rankError()).as("reference sketch in estimation mode").isGreaterThan(0);

            assertThat(DriftMetrics.kolmogorovSmirnov(sketchedReference, sketchedWindow).statistic()).as(name + " KS")
                    .isCloseTo(DriftMetrics.kolmogorovSmirnov(exactReference, exactWindow).statistic(), within(epsilon));
            double range = Math.max(exactReference.quantile(1.0), exactWindow.quantile(1.0)) - Math.min(exactReference.quantile(0), exactWindow.quantile(0));
            assertThat(DriftMetrics.wasserstein(sketchedReference, sketchedWindow).distance()).as(name + " Wasserstein")
                    .isCloseTo(DriftMetrics.wasserstein(exactReference, exactWindow).distance(), within(epsilon * range));
            // PSI has no closed error bound (its cut points move with the sketch too): held to 0.02 + 10% of the exact value.
            DriftMetrics.Psi exact = DriftMetrics.psi(exactReference, exactWindow, 10);
            DriftMetrics.Psi sketched = DriftMetrics.psi(sketchedReference, sketchedWindow, 10);
            assertThat(sketched.value()).as(name + " PSI").isCloseTo(exact.value(), within(0.02 + 0.1 * exact.value()));
        }
    }

    @Test
    @DisplayName("keep the false-alarm rate on sketched windows of 10,000 rows (sketch error counted as noise)")
    void sketchedWindowsKeepTheFalseAlarmRate() {
        Random random = new Random(3);
        Profile reference = ReferenceProfile.of(NAMES, rows(random, 50_000, 0), null);
        DriftDetector detector = new DriftDetector(new DriftSettings(0.01, DriftSettings.Correction.BONFERRONI, 1.0, 10, 30,
                DriftSettings.DEFAULTS.metrics()));
        int flagged = 0;
        int tested = 0;
        for (int w = 0; w < 60; w++) {
            Profile window = Profile.empty(200);
            rows(random, 10_000, 0).forEach(r -> window.record(NAMES, r, null, null));
            DriftReport report = detector.compare(reference.featureDistributions(), window.featureDistributions(), null, null);
            for (var feature : report.features().values()) {
                tested++;
                flagged += feature.pValue() <= 0.01 ? 1 : 0;
            }
        }
        assertThat(flagged / (double) tested).isLessThanOrEqualTo(0.01 + 3 * Math.sqrt(0.01 * 0.99 / tested));
    }
}
