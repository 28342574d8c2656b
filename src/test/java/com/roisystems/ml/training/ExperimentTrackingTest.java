package com.roisystems.ml.training;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.config.AppConfig;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureVerticle;
import com.roisystems.ml.model.ModelArtifact;
import com.roisystems.ml.pipeline.PipelineVerticle;
import com.roisystems.ml.pipeline.RunStatus;
import com.roisystems.ml.registry.LoadedModel;
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
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.within;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Experiment tracking and feature importance")
class ExperimentTrackingTest {

    private static final String ALICE = "alice";
    private static HttpApiVerticle api;
    private static WebClient alice;
    private static WebClient admin;

    @BeforeAll
    static void deploy(Vertx vertx, TestServers servers) throws Exception {
        Simulation.load(servers.database(), SimulationParameters.defaults().withUsers(400).withMonths(24).withSeed(3), false, Progress.NONE);
        JsonObject config = servers.config().json();
        vertx.deployVerticle(new TrainingVerticle(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                .await(20, TimeUnit.SECONDS);
        vertx.deployVerticle(new FeatureVerticle(), new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(new PipelineVerticle(), new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        api = new HttpApiVerticle();
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(20, TimeUnit.SECONDS);
        alice = TestTokens.webClient(vertx, TestTokens.mint(ALICE, Set.of(Role.ADMIN), null));
        admin = TestTokens.webClient(vertx, TestTokens.admin());
    }

    @Test
    @DisplayName("records a finished run with its parameters, dataset, metrics, artifacts and starter; its importance reaches ml_features and the catalog")
    void finishedRun(Vertx vertx, TestServers servers) throws Exception {
        HttpResponse<Buffer> trained = train(new JsonObject().put("prediction_type", "PROPERTY_VALUE").put("promote", "Production").put("cutoffs", 4));
        assertThat(trained.statusCode()).as(trained.bodyAsString()).isEqualTo(200);
        int version = trained.bodyAsJsonObject().getInteger("version");

        JsonArray runs = get("/v1/admin/experiments?model=property_value_model&status=finished").bodyAsJsonObject().getJsonArray("experiments");
        JsonObject listed = runs.stream().map(JsonObject.class::cast).filter(run -> Integer.valueOf(version).equals(run.getInteger("model_version")))
                .findFirst().orElseThrow();
        JsonObject run = get("/v1/admin/experiments/" + listed.getString("run_id")).bodyAsJsonObject();
        assertThat(run.getString("status")).isEqualTo("FINISHED");
        assertThat(run.getString("started_by")).isEqualTo(ALICE);
        assertThat(run.getString("error")).isNull();
        assertThat(run.getLong("duration_ms")).isPositive();
        assertThat(run.getLong("model_id")).isEqualTo(servers.jdbc().count(
                "SELECT model_id FROM ml_models WHERE name = 'property_value_model' AND version = ?", version));
        JsonObject parameters = run.getJsonObject("parameters");
        assertThat(parameters.getInteger("cutoffs_asked")).isEqualTo(4);
        assertThat(parameters.getString("promote")).isEqualTo("Production");
        assertThat(parameters.getInteger("min_history_months")).isEqualTo(ModelTrainer.DEFAULT_MIN_HISTORY_MONTHS);
        assertThat(parameters.getJsonObject("hyper_parameters").getInteger("trees")).isEqualTo(ModelTrainer.defaultParameters(
                com.roisystems.ml.model.PredictionType.PROPERTY_VALUE).trees());
        assertThat(parameters.getLong("seed")).isEqualTo(HyperParameters.defaults().seed());
        JsonObject dataset = run.getJsonObject("dataset");
        assertThat(dataset.getJsonArray("cutoffs")).hasSize(4);
        JsonObject rows = dataset.getJsonObject("rows_per_split");
        assertThat(rows.getInteger("train") + rows.getInteger("validation") + rows.getInteger("test")).isEqualTo(trained.bodyAsJsonObject().getInteger("rows"));
        assertThat(dataset.getJsonObject("label_rate").getDouble("train")).isBetween(9.0, 16.0);
        assertThat(dataset.getString("feature_layout_hash")).hasSize(16);
        assertThat(dataset.getJsonObject("label_events").getLong("used")).isPositive();
        JsonObject metrics = run.getJsonObject("metrics");
        assertThat(metrics.getDouble("rmse")).isEqualTo(trained.bodyAsJsonObject().getJsonObject("metrics").getDouble("rmse"));
        assertThat(metrics.getJsonObject("evaluation").containsKey("gap")).isTrue();
        assertThat(metrics.getJsonObject("timing").getDouble("feature_importance_s")).isNotNull();
        JsonObject residuals = run.getJsonObject("artifacts").getJsonObject("residual_quantiles");
        assertThat(residuals.getJsonObject("log_value").getDouble("p05")).isLessThan(residuals.getJsonObject("log_value").getDouble("p50"));
        assertThat(residuals.getJsonObject("log_value").getDouble("p50")).isLessThan(residuals.getJsonObject("log_value").getDouble("p95"));
        assertThat(residuals.getInteger("rows")).isEqualTo(rows.getInteger("test"));

        // Importance stored with the version: store features only, non-negative, led by a feature the trees split on most.
        LoadedModel loaded = new com.roisystems.ml.registry.ModelRegistry(vertx, PgPools.shared(vertx, servers.config().json()),
                Set.of(ModelArtifact.FORMAT_VERSION)).load("property_value_model", String.valueOf(version)).await(30, TimeUnit.SECONDS);
        JsonObject importance = loaded.version().metrics().getJsonObject("feature_importance");
        Set<String> catalog = FeatureCatalog.standard().all().stream().map(d -> d.name()).collect(Collectors.toSet());
        assertThat(catalog).containsAll(importance.fieldNames());
        importance.fieldNames().forEach(name -> assertThat(importance.getDouble(name)).isGreaterThanOrEqualTo(0));
        ModelArtifact artifact = ModelArtifact.read(loaded.artifact());
        double[] splits = ((smile.regression.GradientTreeBoost) artifact.model()).importance();
        List<String> names = artifact.featureNames();
        List<String> bySplits = IntStream.range(0, names.size()).boxed().sorted(Comparator.comparingDouble(i -> -splits[i])).map(names::get).toList();
        String top = importance.fieldNames().stream().max(Comparator.comparingDouble(importance::getDouble)).orElseThrow();
        assertThat(bySplits.subList(0, 3)).contains(top);
        IntStream.range(0, names.size()).filter(i -> splits[i] == 0).mapToObj(names::get)
                .forEach(unused -> assertThat(importance.getDouble(unused)).as(unused + " is never split on").isZero());

        // A second Production model, deployed later, over other features (a person's): each model's features keep their importance.
        HttpResponse<Buffer> contact = train(new JsonObject().put("prediction_type", "CONTACT_TIMING").put("promote", "Production").put("cutoffs", 2));
        assertThat(contact.statusCode()).as(contact.bodyAsString()).isEqualTo(200);
        JsonObject contactImportance = contact.bodyAsJsonObject().getJsonObject("metrics").getJsonObject("feature_importance");
        assertThat(contactImportance.fieldNames()).containsExactlyInAnyOrderElementsOf(com.roisystems.ml.model.ContactSlots.PERSON_FEATURES);

        // The pipeline's statistics step copies them to ml_features.importance; the catalog shows it.
        JsonObject pipeline = runPipeline(vertx);
        assertThat(pipeline.getString("status")).as(pipeline.encode()).isEqualTo("SUCCEEDED");
        List<Map<String, Object>> stored = servers.jdbc().queryForList("SELECT name, importance FROM ml_features WHERE importance IS NOT NULL");
        assertThat(stored.stream().map(row -> (String) row.get("name")).collect(Collectors.toSet()))
                .containsAll(importance.fieldNames()).containsAll(contactImportance.fieldNames());
        JsonObject catalogDocument = admin.get(api.actualPort(), "127.0.0.1", "/v1/features/catalog")
                .bearerTokenAuthentication(TestTokens.client()).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
        JsonObject topFeature = catalogDocument.getJsonArray("features").stream().map(JsonObject.class::cast)
                .filter(feature -> feature.getString("name").equals(top)).findFirst().orElseThrow();
        assertThat(topFeature.getDouble("importance")).isCloseTo(importance.getDouble(top), within(1e-9));
    }

    @Test
    @DisplayName("records failed runs as FAILED with the error: a 409 refusal, and a failure inside the run")
    void failedRuns(Vertx vertx, TestServers servers) throws Exception {
        HttpResponse<Buffer> tooFew = train(new JsonObject().put("prediction_type", "TRANSACTION_TYPE").put("users_limit", 20).put("cutoffs", 3));
        assertThat(tooFew.statusCode()).isEqualTo(409);
        JsonObject failed = get("/v1/admin/experiments?model=transaction_type_model&status=FAILED&limit=1").bodyAsJsonObject()
                .getJsonArray("experiments").getJsonObject(0);
        assertThat(failed.getString("error")).isEqualTo(tooFew.bodyAsJsonObject().getJsonObject("error").getString("message")).contains("too few labelled rows");
        assertThat(failed.getString("started_by")).isEqualTo(ALICE);
        assertThat(failed.getValue("model_id")).isNull();
        assertThat(failed.getString("finished_at")).isNotNull();
        assertThat(failed.getJsonObject("parameters").getInteger("users_limit")).isEqualTo(20);
        assertThat(failed.getJsonObject("dataset").getJsonArray("cutoffs")).hasSize(3);

        HttpResponse<Buffer> noCutoff = train(new JsonObject().put("prediction_type", "MOVE_PROBABILITY").put("min_history_months", 30));
        assertThat(noCutoff.statusCode()).isEqualTo(409);
        JsonObject refused = get("/v1/admin/experiments?model=move_probability_model&status=FAILED").bodyAsJsonObject()
                .getJsonArray("experiments").getJsonObject(0);
        assertThat(refused.getString("error")).contains("allows 0 monthly cut-offs");
        assertThat(refused.getJsonObject("parameters").getInteger("min_history_months")).isEqualTo(30);

        // A failure inside the run (here: a configured hyper-parameter the run cannot read), outside the bus, is recorded the same way.
        AppConfig broken = AppConfig.of(servers.config().json().copy().put("training", new JsonObject()
                .put("CONTACT_TIMING", new JsonObject().put("trees", "many"))));
        ModelTrainer trainer = new ModelTrainer(vertx, PgPools.shared(vertx, servers.config().json()), broken, line -> { });
        Throwable failure = catchThrowable(() -> trainer.train(com.roisystems.ml.model.PredictionType.CONTACT_TIMING,
                TrainingOptions.defaults().withCreatedBy("cli")));
        assertThat(failure).hasMessageContaining("hyper_parameters");
        JsonObject inside = get("/v1/admin/experiments?model=contact_timing_model").bodyAsJsonObject().getJsonArray("experiments").getJsonObject(0);
        assertThat(inside.getString("status")).isEqualTo("FAILED");
        assertThat(inside.getString("started_by")).isEqualTo("cli");
        assertThat(inside.getString("error")).isEqualTo(failure.getMessage());
    }

    @Test
    @DisplayName("lists newest first with filters and a limit, compares two runs, and refuses bad input naming the field")
    void routes(Vertx vertx) throws Exception {
        assertThat(train(new JsonObject().put("prediction_type", "PROPERTY_VALUE").put("cutoffs", 3)).statusCode()).isEqualTo(200);
        assertThat(train(new JsonObject().put("prediction_type", "PROPERTY_VALUE").put("cutoffs", 5)).statusCode()).isEqualTo(200);
        JsonArray runs = get("/v1/admin/experiments?model=property_value_model").bodyAsJsonObject().getJsonArray("experiments");
        List<String> started = runs.stream().map(run -> ((JsonObject) run).getString("started_at")).toList();
        assertThat(started).isSortedAccordingTo(Comparator.reverseOrder());
        assertThat(runs.stream().map(JsonObject.class::cast).allMatch(run -> run.getString("model_name").equals("property_value_model"))).isTrue();
        assertThat(get("/v1/admin/experiments?limit=1").bodyAsJsonObject().getJsonArray("experiments")).hasSize(1);
        JsonObject newest = runs.getJsonObject(0);
        JsonObject before = runs.getJsonObject(1);
        assertThat(newest.getJsonObject("parameters").getInteger("cutoffs_asked")).isEqualTo(5);

        JsonObject comparison = get("/v1/admin/experiments/compare?a=" + before.getString("run_id") + "&b=" + newest.getString("run_id")).bodyAsJsonObject();
        JsonObject cutoffs = row(comparison.getJsonArray("parameters"), "cutoffs_asked");
        assertThat(cutoffs.getInteger("a")).isEqualTo(3);
        assertThat(cutoffs.getInteger("b")).isEqualTo(5);
        assertThat(cutoffs.getDouble("difference")).isEqualTo(2.0);
        assertThat(cutoffs.getBoolean("equal")).isFalse();
        assertThat(row(comparison.getJsonArray("parameters"), "hyper_parameters.trees").getBoolean("equal")).isTrue();
        JsonObject rmse = row(comparison.getJsonArray("metrics"), "rmse");
        assertThat(rmse.getDouble("difference")).isCloseTo(newest.getJsonObject("metrics").getDouble("rmse")
                - before.getJsonObject("metrics").getDouble("rmse"), within(1e-12));
        assertThat(comparison.getJsonObject("b").getString("run_id")).isEqualTo(newest.getString("run_id"));

        assertRejected("/v1/admin/experiments?status=DONE", "status", "status: must be RUNNING, FINISHED or FAILED, got 'DONE'");
        assertRejected("/v1/admin/experiments?limit=0", "limit", "limit: must be from 1 to 1000, got 0");
        assertRejected("/v1/admin/experiments?limit=lots", "limit", "limit: must be a whole number from 1 to 1000, got 'lots'");
        assertRejected("/v1/admin/experiments/compare?a=" + newest.getString("run_id"), "b", "b: required");
        assertRejected("/v1/admin/experiments/compare?b=" + newest.getString("run_id"), "a", "a: required");
        assertThat(get("/v1/admin/experiments/run_unknown").statusCode()).isEqualTo(404);
        HttpResponse<Buffer> unknown = get("/v1/admin/experiments/compare?a=" + newest.getString("run_id") + "&b=run_unknown");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getJsonObject("error").getString("message")).isEqualTo("no experiment run run_unknown");

        assertThat(WebClient.create(vertx).get(api.actualPort(), "127.0.0.1", "/v1/admin/experiments").send().await(30, TimeUnit.SECONDS)
                .statusCode()).isEqualTo(401);
        assertThat(TestTokens.webClient(vertx, TestTokens.client()).get(api.actualPort(), "127.0.0.1", "/v1/admin/experiments").send()
                .await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
        assertThat(TestTokens.webClient(vertx, TestTokens.monitor()).get(api.actualPort(), "127.0.0.1", "/v1/admin/experiments/compare?a=x&b=y")
                .send().await(30, TimeUnit.SECONDS).statusCode()).isEqualTo(403);
    }

    private static JsonObject row(JsonArray rows, String name) {
        return rows.stream().map(JsonObject.class::cast).filter(row -> row.getString("name").equals(name)).findFirst().orElseThrow();
    }

    private static void assertRejected(String path, String field, String message) throws Exception {
        HttpResponse<Buffer> response = get(path);
        assertThat(response.statusCode()).as(path).isEqualTo(400);
        JsonObject error = response.bodyAsJsonObject().getJsonObject("error");
        assertThat(error.getString("field")).isEqualTo(field);
        assertThat(error.getString("message")).isEqualTo(message);
    }

    private static HttpResponse<Buffer> train(JsonObject body) throws Exception {
        return alice.post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train").timeout(600_000).sendJsonObject(body).await(10, TimeUnit.MINUTES);
    }

    private static HttpResponse<Buffer> get(String path) throws Exception {
        return alice.get(api.actualPort(), "127.0.0.1", path).send().await(30, TimeUnit.SECONDS);
    }

    private static JsonObject runPipeline(Vertx vertx) throws Exception {
        HttpResponse<Buffer> started = admin.post(api.actualPort(), "127.0.0.1", "/v1/admin/pipeline/runs").sendJsonObject(new JsonObject())
                .await(30, TimeUnit.SECONDS);
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
        long runId = started.bodyAsJsonObject().getLong("run_id");
        for (int attempt = 0; attempt < 1_200; attempt++) {
            JsonObject run = admin.get(api.actualPort(), "127.0.0.1", "/v1/admin/pipeline/runs/" + runId).send().await(30, TimeUnit.SECONDS)
                    .bodyAsJsonObject();
            if (RunStatus.valueOf(run.getString("status")).finished()) {
                return run;
            }
            vertx.timer(250).await(5, TimeUnit.SECONDS);
        }
        throw new AssertionError("pipeline run " + runId + " did not finish in 5 minutes");
    }
}
