package com.roisystems.ml.training;

import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@DisplayName("Split-conformal prediction intervals")
class ConformalIntervalTest {

    private static final Logger log = LoggerFactory.getLogger(ConformalIntervalTest.class);

    @Test
    @DisplayName("take the residual order statistics at floor((n+1)a/2) and ceil((n+1)(1-a/2))")
    void finiteSampleRanks() {
        double[] residuals = IntStream.rangeClosed(1, 99).mapToDouble(i -> 100 - i).toArray();
        ConformalInterval interval = ConformalInterval.fit(residuals, 0.90);
        assertThat(interval.lowResidual()).isEqualTo(5.0);
        assertThat(interval.highResidual()).isEqualTo(95.0);
        ConformalInterval smallest = ConformalInterval.fit(IntStream.rangeClosed(1, 19).mapToDouble(i -> i).toArray(), 0.90);
        assertThat(smallest.lowResidual()).isEqualTo(1.0);
        assertThat(smallest.highResidual()).isEqualTo(19.0);
        assertThatThrownBy(() -> ConformalInterval.fit(new double[18], 0.90)).hasMessageContaining("at least 19");
    }

    @Test
    @DisplayName("cover 90% of test rows within 3 points when validation and test rows are exchangeable (California Housing through the property-value trainer)")
    void coverageHoldsOnExchangeableRows() throws Exception {
        CaliforniaHousing.Data data = CaliforniaHousing.load();
        List<Integer> order = new ArrayList<>(IntStream.range(0, data.y().length).boxed().toList());
        Collections.shuffle(order, new Random(CaliforniaHousing.SPLIT_SEED));
        List<TrainingDataset.Row> rows = new ArrayList<>();
        for (int k = 0; k < order.size(); k++) {
            int i = order.get(k);
            TrainingDataset.Split split = k < order.size() * 0.6 ? TrainingDataset.Split.TRAIN
                    : k < order.size() * 0.8 ? TrainingDataset.Split.VALIDATION : TrainingDataset.Split.TEST;
            rows.add(new TrainingDataset.Row("block_" + i, Instant.EPOCH, -1, data.x()[i], Math.log(data.y()[i]), Double.NaN, "block_" + i,
                    Instant.EPOCH, split));
        }
        TrainingDataset dataset = new TrainingDataset(PredictionType.PROPERTY_VALUE, CaliforniaHousing.FEATURES, rows,
                new JsonObject().put("label", "log median house value ($100k)"));
        TrainedModel model = new PropertyValueTrainer().train(dataset, HyperParameters.defaults());
        JsonObject metrics = model.metrics();
        log.info("California Housing, conformal 90%: {}", metrics.encode());
        assertThat(metrics.getDouble("interval_coverage")).isBetween(0.87, 0.93);
        assertThat(model.artifact().metadata().getJsonObject("interval").getInteger("calibration_rows")).isEqualTo(dataset.count(TrainingDataset.Split.VALIDATION));
        // Every block group is its own entity: all test rows are unseen, and report the same coverage.
        assertThat(metrics.getDouble("test_entities_seen_share")).isEqualTo(0.0);
        JsonObject unseen = metrics.getJsonObject("unseen_entities");
        assertThat(unseen.getInteger("rows")).isEqualTo(dataset.count(TrainingDataset.Split.TEST));
        assertThat(unseen.getJsonObject("metrics").getDouble("interval_coverage")).isEqualTo(metrics.getDouble("interval_coverage"));
    }
}
