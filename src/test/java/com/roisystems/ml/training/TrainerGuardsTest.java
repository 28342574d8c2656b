package com.roisystems.ml.training;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Trainers, hyper-parameters and artifacts refuse bad input")
class TrainerGuardsTest {

    private static TrainingDataset dataset(int trainRows, boolean singleClass) {
        Random random = new Random(1);
        List<TrainingDataset.Row> rows = new ArrayList<>();
        int[] counts = {trainRows, 60, 60};
        TrainingDataset.Split[] splits = TrainingDataset.Split.values();
        for (int s = 0; s < 3; s++) {
            for (int i = 0; i < counts[s]; i++) {
                double x = random.nextDouble();
                int label = singleClass ? 0 : (x + random.nextGaussian() * 0.2 > 0.5 ? 1 : 0);
                Instant cutoff = Instant.EPOCH.plusSeconds(s * 86_400L);
                rows.add(new TrainingDataset.Row("u" + i, cutoff, -1, new double[]{x, random.nextDouble()},
                        label, Double.NaN, "u" + i + "@" + cutoff, cutoff, splits[s]));
            }
        }
        return new TrainingDataset(PredictionType.MOVE_PROBABILITY, List.of("signal", "noise"), rows, new JsonObject().put("label", "test"));
    }

    @Test
    @DisplayName("too few labelled rows: a clear error naming the count and the minimum")
    void tooFewRows() {
        assertThatThrownBy(() -> new MovePropensityTrainer(0.3, 0.1).train(dataset(40, false), HyperParameters.defaults()))
                .isInstanceOf(ServiceFailure.class).hasMessageContaining("too few labelled rows").hasMessageContaining("40")
                .hasMessageContaining("at least 100")
                .satisfies(failure -> assertThat(((ServiceFailure) failure).code()).isEqualTo(FailureCode.CONFLICT));
    }

    @Test
    @DisplayName("a single class: a clear error naming it")
    void singleClass() {
        assertThatThrownBy(() -> new MovePropensityTrainer(0.3, 0.1).train(dataset(500, true), HyperParameters.defaults()))
                .isInstanceOf(ServiceFailure.class).hasMessageContaining("single class");
    }

    @Test
    @DisplayName("hyper-parameters are validated by name and survive Properties and JSON round trips")
    void hyperParameters() {
        HyperParameters hp = HyperParameters.defaults().withTrees(77);
        assertThat(HyperParameters.fromProperties(hp.toProperties())).isEqualTo(hp);
        assertThat(HyperParameters.fromJson(hp.toJson())).isEqualTo(hp);
        assertThatThrownBy(() -> HyperParameters.fromJson(new JsonObject().put("shrinkage", 2.0)))
                .hasMessageStartingWith("hyper_parameters: shrinkage");
        assertThatThrownBy(() -> PredictionType.parse("CHURN")).hasMessageStartingWith("prediction_type: unknown 'CHURN'");
    }

    @Test
    @DisplayName("an artifact with a bad magic or an unknown format version is refused, naming which")
    void artifactHeader() {
        TrainedModel model = new MovePropensityTrainer(0.3, 0.1).train(dataset(300, false), HyperParameters.defaults().withTrees(10));
        byte[] bytes = model.artifact().write();
        ModelArtifact reloaded = ModelArtifact.read(bytes);
        assertThat(reloaded.probability(new double[]{0.9, 0.1})).isEqualTo(model.artifact().probability(new double[]{0.9, 0.1}));
        assertThat(model.artifact().probability(new double[]{0.95, 0.5})).isGreaterThan(model.artifact().probability(new double[]{0.05, 0.5}));

        byte[] future = bytes.clone();
        ByteBuffer.wrap(future).putInt(4, 99);
        assertThatThrownBy(() -> ModelArtifact.read(future)).hasMessageContaining("format version 99");
        byte[] garbage = bytes.clone();
        garbage[0] = 'X';
        assertThatThrownBy(() -> ModelArtifact.read(garbage)).hasMessageContaining("bad magic");
    }
}
