package com.roisystems.ml.training;

import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.ContactSlots;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.registry.LoadedModel;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import smile.regression.GradientTreeBoost;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each model type trained end to end on a simulated platform: it beats a trivial baseline on the held-out
 * (later) cut-offs, and the registered artifact gives the same predictions after a registry round trip.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Training on a simulated platform")
class TrainingPipelineTest {

    private static final Logger log = LoggerFactory.getLogger(TrainingPipelineTest.class);
    private static final SimulationParameters PLATFORM = SimulationParameters.defaults().withUsers(2_000).withSeed(5);

    private static ModelTrainer trainer;

    @BeforeAll
    static void simulate(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), PLATFORM, false, Progress.NONE);
        AppConfig config = servers.config();
        trainer = new ModelTrainer(vertx, PgPools.shared(vertx, config.json()), config, line -> log.info("{}", line));
    }

    private static ModelTrainer.TrainingResult train(PredictionType type) throws Exception {
        return trainer.train(type, TrainingOptions.defaults().withContactUsers(600).withCreatedBy("tests"));
    }

    /** The registered bytes reload to the same predictions as the trained model on every test row. */
    private static void assertRoundTrip(ModelTrainer.TrainingResult result, List<double[]> rows) throws Exception {
        LoadedModel loaded = trainer.registry().load(result.version().name(), String.valueOf(result.version().version())).await(30, TimeUnit.SECONDS);
        ModelArtifact reloaded = ModelArtifact.read(loaded.artifact());
        ModelArtifact original = result.model().artifact();
        assertThat(reloaded.featureNames()).isEqualTo(original.featureNames()).isEqualTo(result.version().featureNames());
        assertThat(reloaded.metadata()).isEqualTo(original.metadata());
        for (double[] row : rows) {
            if (original.model() instanceof GradientTreeBoost) {
                assertThat(reloaded.predict(row)).isEqualTo(original.predict(row));
            } else {
                assertThat(reloaded.posteriors(row)).containsExactly(original.posteriors(row));
            }
        }
    }

    private static List<double[]> someRows(TrainedModel model, int count) {
        int width = model.artifact().featureNames().size();
        java.util.Random random = new java.util.Random(3);
        return java.util.stream.IntStream.range(0, count).mapToObj(i -> {
            double[] row = new double[width];
            for (int j = 0; j < width; j++) {
                row[j] = random.nextInt(10) == 0 ? TrainingDataset.MISSING : random.nextDouble() * 100;
            }
            return row;
        }).toList();
    }

    @Test
    @DisplayName("MOVE_PROBABILITY beats AUC 0.5 clearly, is calibrated, banded and survives a registry round trip")
    void moveProbability() throws Exception {
        ModelTrainer.TrainingResult result = train(PredictionType.MOVE_PROBABILITY);
        JsonObject metrics = result.model().metrics();
        log.info("MOVE_PROBABILITY metrics: {}", metrics.copy().put("reliability", "...").encode());
        assertThat(metrics.getDouble("auc")).isGreaterThan(0.6);
        assertThat(metrics.getDouble("oracle_auc")).isGreaterThan(metrics.getDouble("auc") - 0.05);
        assertThat(result.version().metrics().getDouble("auc")).isEqualTo(metrics.getDouble("auc"));
        assertThat(result.version().provenance().getJsonObject("hyper_parameters").getInteger("trees")).isEqualTo(100);
        double p = result.model().artifact().probability(someRows(result.model(), 1).get(0));
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(MovePropensityTrainer.band(result.model().artifact(), 0.9)).isEqualTo("HIGH");
        assertThat(MovePropensityTrainer.band(result.model().artifact(), 0.01)).isEqualTo("LOW");
        assertRoundTrip(result, someRows(result.model(), 50));
    }

    @Test
    @DisplayName("TRANSACTION_TYPE beats the majority class on macro-F1 and survives a registry round trip")
    void transactionType() throws Exception {
        ModelTrainer.TrainingResult result = train(PredictionType.TRANSACTION_TYPE);
        JsonObject metrics = result.model().metrics();
        log.info("TRANSACTION_TYPE metrics: {}", metrics.encode());
        assertThat(metrics.getDouble("macro_f1")).isGreaterThan(metrics.getDouble("majority_class_macro_f1") + 0.1);
        assertRoundTrip(result, someRows(result.model(), 50));
    }

    @Test
    @DisplayName("CONTACT_TIMING beats the globally popular slots on top-3 hit rate and survives a registry round trip")
    void contactTiming() throws Exception {
        ModelTrainer.TrainingResult result = train(PredictionType.CONTACT_TIMING);
        JsonObject metrics = result.model().metrics();
        log.info("CONTACT_TIMING metrics: {}", metrics.copy().put("reliability", "...").encode());
        assertThat(metrics.getDouble("top3_hit_rate")).isGreaterThan(metrics.getDouble("popularity_top3_hit_rate") * 1.2);
        List<ContactTimingTrainer.Slot> best = ContactTimingTrainer.rank(result.model().artifact(),
                new double[ContactSlots.PERSON_FEATURES.size()], new int[ContactSlots.SLOTS], 3);
        assertThat(best).hasSize(3);
        assertRoundTrip(result, someRows(result.model(), 50));
    }

    @Test
    @DisplayName("PROPERTY_VALUE beats predicting the mean on RMSE, forecasts with an interval and survives a registry round trip")
    void propertyValue() throws Exception {
        ModelTrainer.TrainingResult result = train(PredictionType.PROPERTY_VALUE);
        JsonObject metrics = result.model().metrics();
        log.info("PROPERTY_VALUE metrics: {}", metrics.encode());
        assertThat(metrics.getDouble("rmse")).isLessThan(metrics.getDouble("mean_baseline_rmse") * 0.7);
        assertThat(metrics.getDouble("interval_coverage")).isBetween(0.75, 1.0);
        double[] row = someRows(result.model(), 1).get(0);
        PropertyValueTrainer.Forecast forecast = PropertyValueTrainer.forecast(result.model().artifact(), row);
        assertThat(forecast.low()).isLessThan(forecast.value());
        assertThat(forecast.high()).isGreaterThan(forecast.value());
        assertRoundTrip(result, someRows(result.model(), 50));
    }
}
