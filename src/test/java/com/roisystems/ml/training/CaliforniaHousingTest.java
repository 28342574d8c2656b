package com.roisystems.ml.training;

import com.roisystems.ml.api.HttpApiVerticle;
import com.roisystems.ml.auth.Role;
import com.roisystems.ml.cli.CommandLine;
import com.roisystems.ml.cli.ImportCommand;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.ingest.IngestServiceVerticle;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.pipeline.PipelineVerticle;
import com.roisystems.ml.pipeline.RunStatus;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestDatabase;
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
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.InputStream;
import java.security.MessageDigest;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The property-value regressor on California Housing")
class CaliforniaHousingTest {

    private static final Logger log = LoggerFactory.getLogger(CaliforniaHousingTest.class);

    @Test
    @DisplayName("bundles the documented file, byte for byte (sha256 from SOURCE.md)")
    void bundlesTheDocumentedFile() throws Exception {
        try (InputStream in = getClass().getResourceAsStream(CaliforniaHousing.RESOURCE)) {
            assertThat(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(in.readAllBytes())))
                    .isEqualTo("8a3727f4cf54ac1a327f69b1d5b4db54c5834ea81c6e4efc0d163300022a685e");
        }
        CaliforniaHousing.Data data = CaliforniaHousing.load();
        assertThat(data.y()).hasSize(20_640);
    }

    @Test
    @DisplayName("reaches its golden test RMSE and R² on the fixed seeded 80/20 split")
    void goldenMetric() throws Exception {
        JsonObject result = CaliforniaHousing.evaluate(CaliforniaHousing.PARAMETERS);
        log.info("California Housing: {}", result.encode());
        assertThat(result.getInteger("test_rows")).isEqualTo(4_128);
        // Golden band: measured RMSE 0.4598, R² 0.8395 (seed 42, 400 trees, 48 leaves); the band allows for JDK
        // floating-point differences only. Published tuned GBDTs reach about 0.43 on another split (SOURCE.md).
        assertThat(result.getDouble("rmse")).isBetween(GOLDEN_LOW, GOLDEN_HIGH);
        assertThat(result.getDouble("r2")).isGreaterThan(0.8);
    }

    private static final double GOLDEN_LOW = 0.450;
    private static final double GOLDEN_HIGH = 0.470;

    /**
     * The customer, on real records: a third of the census blocks (every third row, 6,880), half loaded by
     * {@code import} from the customer's CSV and half sent to {@code POST /v1/events} as the same mapping emits them,
     * with none of the fields the census lacks; the first pipeline run succeeds; {@code PROPERTY_VALUE} trains through the
     * admin route; its RMSE on properties it never saw is within 5% of Smile trained directly on the same columns of
     * the same training properties, its 90% interval covers 90% ± 3 points, and no valuation labels rows on both sides.
     */
    @Test
    @DisplayName("imported through import and POST /v1/events, trains PROPERTY_VALUE within 5% of Smile on the same columns")
    void importedHistoryTrainsLikeSmileDirect(Vertx vertx, TestServers servers, @TempDir Path directory) throws Exception {
        List<CaliforniaBlocks.Block> sample = CaliforniaBlocks.load().stream().filter(block -> block.row() % 3 == 1).toList();
        List<CaliforniaBlocks.Block> imported = new ArrayList<>();
        List<CaliforniaBlocks.Block> posted = new ArrayList<>();
        for (int i = 0; i < sample.size(); i++) {
            (i % 2 == 0 ? imported : posted).add(sample.get(i));
        }
        Path mapping = directory.resolve("mapping.json");
        try (InputStream in = getClass().getResourceAsStream("/california-housing/mapping.json")) {
            Files.copy(in, mapping);
        }
        JsonObject config = servers.config().json().copy();
        config.put("pipeline", new JsonObject().put("catchUp", false).put("retries", 0));
        HttpApiVerticle api = new HttpApiVerticle();
        vertx.deployVerticle(new IngestServiceVerticle(), new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(new PipelineVerticle(), new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(new TrainingVerticle(), new DeploymentOptions().setConfig(config).setThreadingModel(ThreadingModel.WORKER))
                .await(60, TimeUnit.SECONDS);
        vertx.deployVerticle(api, new DeploymentOptions().setConfig(config)).await(60, TimeUnit.SECONDS);
        WebClient producer = TestTokens.webClient(vertx, TestTokens.mint("census-loader", Set.of(Role.PRODUCER), TENANT));
        WebClient admin = TestTokens.webClient(vertx, TestTokens.admin());

        // 1. Half through import, at COPY speed, every event accepted.
        Path importedCsv = directory.resolve("imported.csv");
        CaliforniaBlocks.writeCsv(imported, importedCsv);
        Path report = directory.resolve("report.json");
        assertThat(runImport(servers, "--tenant", TENANT, "--csv", importedCsv.toString(), "--mapping", mapping.toString(),
                "--report", report.toString())).isZero();
        JsonObject imports = new JsonObject(Files.readString(report));
        log.info("import report: {}", imports.encode());
        assertThat(imports.getLong("accepted")).isEqualTo(3L * imported.size());
        assertThat(imports.getLong("rejected")).isZero();

        // 2. The other half over HTTP, as the same mapping emits it; then a re-send of imported events stores nothing.
        Path postedCsv = directory.resolve("posted.csv");
        CaliforniaBlocks.writeCsv(posted, postedCsv);
        Path postedEvents = directory.resolve("posted.jsonl");
        assertThat(runImport(servers, "--tenant", TENANT, "--csv", postedCsv.toString(), "--mapping", mapping.toString(), "--dry-run",
                "--emit", postedEvents.toString())).isZero();
        assertThat(postEvents(producer, api.actualPort(), Files.readAllLines(postedEvents))).containsOnlyKeys("accepted")
                .containsEntry("accepted", 3L * posted.size());
        Path importedEvents = directory.resolve("imported.jsonl");
        assertThat(runImport(servers, "--tenant", TENANT, "--csv", importedCsv.toString(), "--mapping", mapping.toString(), "--dry-run",
                "--emit", importedEvents.toString())).isZero();
        assertThat(postEvents(producer, api.actualPort(), Files.readAllLines(importedEvents).subList(0, 999))).containsOnlyKeys("duplicate");
        List<String> regions = CaliforniaBlocks.REGIONS.entrySet().stream().map(region -> new JsonObject()
                .put("event_id", UUID.nameUUIDFromBytes(region.getValue().getBytes(StandardCharsets.UTF_8)).toString())
                .put("event_type", "region.updated").put("entity_type", "REGION").put("entity_id", region.getValue())
                .put("occurred_at", "1990-01-01T00:00:00Z").put("schema_version", 1)
                .put("payload", new JsonObject().put("name", "California, " + region.getKey().toLowerCase(Locale.ROOT)).put("state", "CA"))
                .encode()).toList();
        assertThat(postEvents(producer, api.actualPort(), regions)).containsOnlyKeys("accepted");

        // Nothing invented: what the census does not measure is stored as unknown.
        TestDatabase database = servers.jdbc();
        assertThat(database.count("SELECT count(*) FROM properties WHERE tenant_id = ? AND address IS NULL AND purchase_date IS NULL"
                + " AND purchase_price IS NULL AND bedrooms IS NULL AND sqft IS NULL AND property_type IS NULL", TENANT)).isEqualTo(sample.size());
        assertThat(database.count("SELECT count(*) FROM users WHERE tenant_id = ? AND age_band IS NULL", TENANT)).isEqualTo(sample.size());
        assertThat(database.count("SELECT count(*) FROM market_data")).isZero();

        // 3. The first pipeline run on the fresh deployment succeeds.
        JsonObject run = runPipeline(vertx, admin, api.actualPort(), LocalDate.parse("1990-04-02"));
        assertThat(run.getString("status")).as(run.encode()).isEqualTo("SUCCEEDED");
        assertThat(run.getInteger("users")).isEqualTo(sample.size());

        // 4. PROPERTY_VALUE through the admin route; the history starts in 1990, so no minimum history is asked.
        HttpResponse<Buffer> trained = admin.post(api.actualPort(), "127.0.0.1", "/v1/admin/models/train")
                .timeout(600_000).sendJsonObject(new JsonObject().put("prediction_type", "PROPERTY_VALUE").put("min_history_months", 0))
                .await(10, TimeUnit.MINUTES);
        assertThat(trained.statusCode()).as(trained.bodyAsString()).isEqualTo(200);
        JsonObject metrics = trained.bodyAsJsonObject().getJsonObject("metrics");
        log.info("PROPERTY_VALUE on the census: {}", metrics.encode());

        // 5. The same split, rebuilt as the trainer builds it: which properties trained, which are unseen test properties.
        Pool pool = PgPools.shared(vertx, config);
        DatasetBuilder builder = new DatasetBuilder(FeatureComputer.create(pool, FeatureCatalog.standard()).await(30, TimeUnit.SECONDS), pool,
                line -> { });
        List<Instant> cutoffs = MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, MonthlyCutoffs.span(pool, PredictionType.PROPERTY_VALUE),
                ModelTrainer.defaultCutoffs(PredictionType.PROPERTY_VALUE), false, MonthlyCutoffs.MinHistory.requested(0));
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(Integer.MAX_VALUE), ModelTrainer.categories(PredictionType.PROPERTY_VALUE),
                ModelTrainer.featureNames(PredictionType.PROPERTY_VALUE), cutoffs, PredictionType.PROPERTY_VALUE);
        assertThat(dataset.rows().size()).isEqualTo(trained.bodyAsJsonObject().getInteger("rows"));
        Map<String, Set<TrainingDataset.Split>> sidesPerValuation = new HashMap<>();
        dataset.rows().forEach(row -> sidesPerValuation.computeIfAbsent(row.group(), g -> new HashSet<>()).add(row.split()));
        assertThat(sidesPerValuation).hasSize(sample.size()).allSatisfy((valuation, sides) -> assertThat(sides).hasSize(1));
        Set<String> trainProperties = dataset.rows(TrainingDataset.Split.TRAIN).stream().map(TrainingDataset.Row::entityId).collect(Collectors.toSet());
        Set<String> unseenTest = dataset.rows(TrainingDataset.Split.TEST).stream().map(TrainingDataset.Row::entityId)
                .filter(property -> !trainProperties.contains(property)).collect(Collectors.toSet());
        Map<String, CaliforniaBlocks.Block> byProperty = sample.stream().collect(Collectors.toMap(CaliforniaBlocks.Block::propertyId, b -> b));
        HyperParameters hp = ModelTrainer.defaultParameters(PredictionType.PROPERTY_VALUE);
        double direct = CaliforniaBlocks.directRmse(trainProperties.stream().sorted().map(byProperty::get).toList(),
                unseenTest.stream().sorted().map(byProperty::get).toList(), hp);
        JsonObject unseen = metrics.getJsonObject("unseen_entities").getJsonObject("metrics");
        log.info("unseen test properties: pipeline RMSE(log) {} on {} rows; Smile directly on {} with the same {} training properties: {}",
                unseen.getDouble("rmse"), unseen.getInteger("rows"), CaliforniaBlocks.COLUMNS, trainProperties.size(), direct);
        assertThat(unseenTest).hasSizeGreaterThan(sample.size() / 6);
        assertThat(unseen.getDouble("rmse")).isCloseTo(direct, within(0.05 * direct));
        assertThat(metrics.getDouble("interval_coverage")).isCloseTo(0.90, within(0.03));
        assertThat(unseen.getDouble("interval_coverage")).isCloseTo(0.90, within(0.03));
    }

    private static int runImport(TestServers servers, String... args) throws Exception {
        return new ImportCommand().run(CommandLine.parse(List.of(args), ImportCommand.VALUE_OPTIONS, ImportCommand.FLAG_OPTIONS), servers.config());
    }

    /** Sends JSON Lines events in requests of 1,000 and counts the per-event statuses of the answers. */
    private static Map<String, Long> postEvents(WebClient producer, int port, List<String> lines) throws Exception {
        Map<String, Long> statuses = new HashMap<>();
        for (int from = 0; from < lines.size(); from += 1_000) {
            JsonArray batch = new JsonArray();
            lines.subList(from, Math.min(lines.size(), from + 1_000)).stream().filter(line -> !line.isBlank()).map(JsonObject::new).forEach(batch::add);
            HttpResponse<Buffer> response = producer.post(port, "127.0.0.1", "/v1/events").sendJson(batch).await(60, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(response.bodyAsString()).isIn(200, 202);
            response.bodyAsJsonObject().getJsonArray("results").forEach(result ->
                    statuses.merge(((JsonObject) result).getString("status"), 1L, Long::sum));
        }
        return statuses;
    }

    private static JsonObject runPipeline(Vertx vertx, WebClient admin, int port, LocalDate asOf) throws Exception {
        HttpResponse<Buffer> started = admin.post(port, "127.0.0.1", "/v1/admin/pipeline/runs")
                .sendJsonObject(new JsonObject().put("as_of", asOf.toString())).await(30, TimeUnit.SECONDS);
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(202);
        long runId = started.bodyAsJsonObject().getLong("run_id");
        for (int attempt = 0; attempt < 1_200; attempt++) {
            JsonObject run = admin.get(port, "127.0.0.1", "/v1/admin/pipeline/runs/" + runId).send().await(30, TimeUnit.SECONDS).bodyAsJsonObject();
            if (RunStatus.valueOf(run.getString("status")).finished()) {
                return run;
            }
            vertx.timer(250).await(5, TimeUnit.SECONDS);
        }
        throw new AssertionError("pipeline run " + runId + " did not finish in 5 minutes");
    }

    private static final String TENANT = "census";
}
