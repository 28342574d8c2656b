package com.roisystems.ml.training;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.monitoring.drift.DriftDetector;
import com.roisystems.ml.monitoring.drift.DriftReport;
import com.roisystems.ml.monitoring.drift.DriftSettings;
import com.roisystems.ml.monitoring.profile.Profile;
import com.roisystems.ml.predictionlog.PredictionLogVerticle;
import com.roisystems.ml.registry.LoadedModel;
import com.roisystems.ml.registry.Stage;
import com.roisystems.ml.scoring.ScoringVerticle;
import com.roisystems.ml.scoring.compiled.CompiledEnsemble;
import com.roisystems.ml.simulate.Progress;
import com.roisystems.ml.simulate.Simulation;
import com.roisystems.ml.simulate.SimulationParameters;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import com.roisystems.ml.testing.TestTokens;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.ThreadingModel;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("A version's reference predictions in the scorer's scale")
class ServedPredictionsTest {

    @Test
    @DisplayName("equal what the scorer logs for the same rows, so unshifted traffic shows no prediction drift (and shifted traffic does)")
    void referenceMatchesServing(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), SimulationParameters.defaults().withUsers(400).withMonths(24).withSeed(3), false, Progress.NONE);
        JsonObject config = servers.config().json();
        Pool pool = PgPools.shared(vertx, config);
        ModelTrainer trainer = new ModelTrainer(vertx, pool, AppConfig.of(config), line -> { });
        PredictionType type = PredictionType.MOVE_PROBABILITY;
        ModelTrainer.TrainingResult result = trainer.train(type, TrainingOptions.defaults().withPromote(Stage.PRODUCTION).withCreatedBy("tests"));
        config.put("predictionLog", new JsonObject().put("flushIntervalMs", 50));
        vertx.deployVerticle(new PredictionLogVerticle(), new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(ScoringVerticle.class.getName(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                .await(120, TimeUnit.SECONDS);
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);

        // The trainer's own rows, rebuilt as it built them.
        DatasetBuilder builder = new DatasetBuilder(FeatureComputer.create(pool, FeatureCatalog.standard()).await(30, TimeUnit.SECONDS), pool, line -> { });
        List<Instant> cutoffs = MonthlyCutoffs.choose(type, MonthlyCutoffs.span(pool, type), ModelTrainer.defaultCutoffs(type), false,
                MonthlyCutoffs.MinHistory.configured(ModelTrainer.DEFAULT_MIN_HISTORY_MONTHS));
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(Integer.MAX_VALUE), ModelTrainer.categories(type),
                ModelTrainer.featureNames(type), cutoffs, type);
        List<TrainingDataset.Row> rows = TrainingRows.capped(dataset.rows(TrainingDataset.Split.TRAIN), 300, 17);
        LoadedModel loaded = trainer.registry().load(type.modelName(), String.valueOf(result.version().version())).await(30, TimeUnit.SECONDS);
        ModelArtifact artifact = ModelArtifact.read(loaded.artifact());
        ServedPredictions served = new ServedPredictions(artifact, CompiledEnsemble.from(artifact.model(), artifact.featureNames().toArray(String[]::new)));

        WebClient client = TestTokens.webClient(vertx, TestTokens.all());
        List<String> ids = new ArrayList<>();
        for (TrainingDataset.Row row : rows) {
            JsonObject features = new JsonObject();
            for (int i = 0; i < dataset.featureNames().size(); i++) {
                features.put(dataset.featureNames().get(i), row.features()[i] == TrainingDataset.MISSING ? null : row.features()[i]);
            }
            HttpResponse<Buffer> response = client.post(api.actualPort(), "127.0.0.1", "/v1/predict/move-probability")
                    .sendJsonObject(new JsonObject().put("entity_id", row.entityId()).put("features", features)).await(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
            ids.add(response.bodyAsJsonObject().getString("prediction_id"));
        }
        await("every prediction logged").atMost(Duration.ofSeconds(60)).until(() -> servers.jdbc().count(
                "SELECT count(*) FROM ml_predictions WHERE prediction_id = ANY(string_to_array(?, ','))", String.join(",", ids)), n -> n == ids.size());

        Profile logged = Profile.empty(200);
        Profile shifted = Profile.empty(200);
        for (int i = 0; i < rows.size(); i++) {
            Map<String, Object> row = servers.jdbc().queryForList("SELECT predicted_value, predicted_class FROM ml_predictions WHERE prediction_id = ?",
                    ids.get(i)).get(0);
            double value = ((Number) row.get("predicted_value")).doubleValue();
            String predictedClass = (String) row.get("predicted_class");
            ServedPredictions.Served expected = served.of(rows.get(i).features());
            assertThat(value).as("row %d's logged value", i).isEqualTo(expected.value());
            assertThat(predictedClass).as("row %d's logged class", i).isEqualTo(expected.predictedClass());
            logged.record(Map.of(), value, predictedClass);
            shifted.record(Map.of(), Math.min(1, value * 1.8 + 0.02), predictedClass);
        }

        Profile reference = Profile.fromJson(new JsonObject(servers.jdbc().queryForObject(
                "SELECT profile::text FROM ml_reference_profiles WHERE model_name = ? AND model_version = ?", String.class,
                type.modelName(), result.version().version())));
        assertThat(reference.predictionDistribution()).as("the reference records predictions").isNotNull();
        DriftDetector detector = new DriftDetector(DriftSettings.DEFAULTS);
        DriftReport unshifted = detector.compare(Map.of(), Map.of(), reference.predictionDistribution(), logged.predictionDistribution());
        assertThat(unshifted.prediction().drifted()).as("unshifted traffic: %s", unshifted.prediction()).isFalse();
        DriftReport moved = detector.compare(Map.of(), Map.of(), reference.predictionDistribution(), shifted.predictionDistribution());
        assertThat(moved.prediction().drifted()).as("the same traffic scored higher: %s", moved.prediction()).isTrue();
    }
}
