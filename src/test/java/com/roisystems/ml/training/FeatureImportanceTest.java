package com.roisystems.ml.training;

import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import com.roisystems.ml.scoring.compiled.ShapValues;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@DisplayName("A version's feature importance (mean |SHAP| on its test rows)")
class FeatureImportanceTest {

    private static final List<String> NAMES = List.of("equity", "sessions_30d", "noise_feature", "constant_feature", "slot_hour_sin");
    private static final Instant CUTOFF = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    @DisplayName("ranks the features as the model's own split importance does, gives unused ones zero and keeps store features only")
    void ranksLikeTheModel() {
        Random random = new Random(11);
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < 3_000; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 1.0, random.nextGaussian()};
            double y = 3 * x[0] + 0.7 * x[1] + 0.3 * x[4] + 0.05 * random.nextGaussian();
            rows.add(new TrainingDataset.Row("u" + i, CUTOFF, -1, x, y, Double.NaN, "g" + i, CUTOFF, TrainingDataset.Split.TEST));
        }
        HyperParameters hp = HyperParameters.defaults().withTrees(60);
        var model = Boosting.regressor(NAMES, TrainingRows.x(rows), TrainingRows.targets(rows), hp);
        CompiledEnsemble ensemble = CompiledEnsemble.from(model, NAMES.toArray(String[]::new));
        Set<String> store = Set.of("equity", "sessions_30d", "noise_feature", "constant_feature");

        JsonObject importance = FeatureImportance.of(ensemble, NAMES, store, rows, hp.seed());

        assertThat(importance.fieldNames()).containsExactlyInAnyOrderElementsOf(store);
        assertThat(importance.getDouble("constant_feature")).isZero();
        store.forEach(name -> assertThat(importance.getDouble(name)).isGreaterThanOrEqualTo(0));
        double[] smile = model.importance();
        String smileTop = IntStream.range(0, NAMES.size()).boxed().max(Comparator.comparingDouble(i -> smile[i])).map(NAMES::get).orElseThrow();
        String shapTop = importance.fieldNames().stream().max(Comparator.comparingDouble(importance::getDouble)).orElseThrow();
        assertThat(shapTop).isEqualTo(smileTop).isEqualTo("equity");
        assertThat(importance.getDouble("sessions_30d")).isGreaterThan(importance.getDouble("noise_feature"));
        // For y = 3 x0 with x0 standard normal, E|SHAP(x0)| = 3 E|x0 - mean| = 3 sqrt(2 / pi) ~ 2.39.
        assertThat(importance.getDouble("equity")).isCloseTo(3 * Math.sqrt(2 / Math.PI), within(0.25));
    }

    @Test
    @DisplayName("sums to at least the mean distance of the prediction from the base value (local accuracy and the triangle inequality)")
    void sumsPlausibly() {
        Random random = new Random(5);
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            double[] x = {random.nextGaussian(), random.nextGaussian(), random.nextGaussian(), 0, 0};
            int label = x[0] + 0.5 * x[1] + 0.3 * random.nextGaussian() > 0 ? 1 : 0;
            rows.add(new TrainingDataset.Row("u" + i, CUTOFF, -1, x, label, Double.NaN, "g" + i, CUTOFF, TrainingDataset.Split.TEST));
        }
        HyperParameters hp = HyperParameters.defaults().withTrees(40);
        var model = Boosting.classifier(NAMES, TrainingRows.x(rows), TrainingRows.classes(rows), hp);
        CompiledEnsemble ensemble = CompiledEnsemble.from(model, NAMES.toArray(String[]::new));

        JsonObject importance = FeatureImportance.of(ensemble, NAMES, Set.copyOf(NAMES), rows, hp.seed());

        double sum = importance.fieldNames().stream().mapToDouble(importance::getDouble).sum();
        double meanDistance = rows.stream().mapToDouble(row -> {
            ShapValues shap = ensemble.shap(row.features());
            return Math.abs(Arrays.stream(shap.contributions(0)).sum());
        }).average().orElseThrow();
        assertThat(sum).isGreaterThanOrEqualTo(meanDistance - 1e-9).isLessThan(10 * meanDistance);
        assertThat(importance.getDouble("equity")).isGreaterThan(importance.getDouble("sessions_30d"));
    }
}
