package com.roisystems.ml.training;

import com.roisystems.ml.bus.FailureCode;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.features.FeatureComputer;
import com.roisystems.ml.features.FeatureDefinition;
import com.roisystems.ml.features.NullPolicy;
import com.roisystems.ml.model.PredictionType;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * A customer's own history as the issue found it: owners, properties and one sale each, every sale on the same day,
 * no market data, no activity. Training must derive its cut-offs from that, say why when it cannot, and use
 * every sale it can.
 */
@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("Training on a customer's own history: no market data, every sale on one day")
class CustomerHistoryTrainingTest {

    private static final Logger log = LoggerFactory.getLogger(CustomerHistoryTrainingTest.class);
    /** Owners whose property was bought in January: known at every cut-off whose window holds the June sale. */
    private static final int KNOWN = 160;
    /** Owners whose property was bought five days before its sale: known at no cut-off. */
    private static final int LATE = 12;
    private static final Instant SALE = Instant.parse("2024-06-15T12:00:00Z");

    private static Pool pool;
    private static ModelTrainer trainer;
    private static DatasetBuilder builder;

    @BeforeAll
    static void load(Vertx vertx, TestServers servers) throws Exception {
        Random random = new Random(11);
        servers.jdbc().withConnection(database -> {
            database.execute("INSERT INTO regions (region_id, name, state) VALUES ('ames', 'Ames', 'IA')");
            for (int i = 0; i < KNOWN + LATE; i++) {
                LocalDate bought = i < KNOWN ? LocalDate.of(2024, 1, 10) : LocalDate.of(2024, 6, 10);
                Instant learned = bought.atStartOfDay().toInstant(java.time.ZoneOffset.UTC);
                int sqft = 700 + random.nextInt(2_800);
                database.execute("INSERT INTO users (user_id, region_id, age_band, created_at, tenant_id) VALUES (?, 'ames', '35_49', ?, 'default')", "owner_" + i, learned);
                database.execute("INSERT INTO properties (property_id, owner_user_id, region_id, address, property_type, bedrooms, bathrooms, sqft,"
                                + " year_built, purchase_date, purchase_price, is_primary_residence, created_at, updated_at, tenant_id)"
                                + " VALUES (?, ?, 'ames', ?, 'SINGLE_FAMILY', ?, 2, ?, 1970, ?, 100000, true, ?, ?, 'default')",
                        "parcel_" + i, "owner_" + i, i + " Main St", 1 + sqft / 700, sqft, bought, learned, learned);
                database.execute("INSERT INTO property_valuations (event_id, property_id, valued_at, estimated_value, source, tenant_id)"
                                + " VALUES (?, ?, ?, ?, 'SALE', 'default')",
                        UUID.randomUUID(), "parcel_" + i, SALE, BigDecimal.valueOf(Math.round(120.0 * sqft * Math.exp(0.05 * random.nextGaussian()))));
            }
            return null;
        });
        pool = PgPools.shared(vertx, servers.config().json());
        trainer = new ModelTrainer(vertx, pool, servers.config(), line -> log.info("{}", line));
        FeatureComputer computer = FeatureComputer.create(pool, FeatureCatalog.standard()).await(30, TimeUnit.SECONDS);
        builder = new DatasetBuilder(computer, pool, line -> { });
    }

    @Test
    @DisplayName("with the configured minimum history the data allows no cut-off: a 409 naming no field, with the span and the rule")
    void tooLittleHistoryIsExplained() {
        ServiceFailure failure = catchThrowableOfType(ServiceFailure.class,
                () -> trainer.train(PredictionType.PROPERTY_VALUE, TrainingOptions.defaults().withCreatedBy("tests")));
        assertThat(failure.code()).isEqualTo(FailureCode.CONFLICT);
        assertThat(failure.field()).isNull();
        assertThat(failure.getMessage()).contains("allows 0 monthly cut-offs").contains("6 months (training.minHistoryMonths)")
                .contains("2024-01-10").contains("2024-06-15");
    }

    @Test
    @DisplayName("uses every sale whose property was known, says why the rest were not used, and reads market features as MISSING")
    void everyUsableSaleLabels() throws Exception {
        List<Instant> cutoffs = MonthlyCutoffs.choose(PredictionType.PROPERTY_VALUE, MonthlyCutoffs.span(pool, PredictionType.PROPERTY_VALUE), 6,
                false, MonthlyCutoffs.MinHistory.requested(0));
        assertThat(cutoffs).extracting(Instant::toString).containsExactly("2024-03-01T00:00:00Z", "2024-04-01T00:00:00Z",
                "2024-05-01T00:00:00Z", "2024-06-01T00:00:00Z");
        TrainingDataset dataset = builder.createTrainingDataset(builder.userIds(1_000), List.of("PROPERTY", "MARKET"), List.of(), cutoffs,
                PredictionType.PROPERTY_VALUE);
        assertThat(dataset.rows()).hasSize(KNOWN * cutoffs.size());
        JsonObject usage = dataset.description().getJsonObject("label_events");
        log.info("label events: {}", usage.encode());
        assertThat(usage.getLong("available")).isEqualTo(KNOWN + LATE);
        assertThat(usage.getLong("used")).isEqualTo(KNOWN);
        assertThat(usage.getJsonObject("not_used").fieldNames()).containsExactly("property_not_yet_known");
        assertThat(usage.getJsonObject("not_used").getJsonObject("property_not_yet_known").getLong("events")).isEqualTo(LATE);

        // The MARKET features read from market_data are the nullable ones; the calendar ones (month, season) are always known.
        List<String> market = FeatureCatalog.standard().select(List.of(), List.of("MARKET")).stream()
                .filter(definition -> definition.nullPolicy() == NullPolicy.NULLABLE).map(FeatureDefinition::name).toList();
        assertThat(market).contains("market_median_price", "market_mortgage_rate_pct");
        for (String name : market) {
            int column = dataset.featureNames().indexOf(name);
            assertThat(dataset.rows()).as(name).allMatch(row -> row.features()[column] == TrainingDataset.MISSING);
        }
    }

    @Test
    @DisplayName("trains PROPERTY_VALUE with min_history_months 0: every test property unseen, metrics on them reported, interval calibrated")
    void trainsOnOneDayOfSales() throws Exception {
        ModelTrainer.TrainingResult result = trainer.train(PredictionType.PROPERTY_VALUE,
                TrainingOptions.defaults().withMinHistoryMonths(0).withCreatedBy("tests"));
        JsonObject metrics = result.model().metrics();
        log.info("one day of sales: {}", metrics.encode());
        assertThat(result.datasetRows()).isEqualTo(KNOWN * 4);
        assertThat(metrics.getDouble("rmse")).isLessThan(metrics.getDouble("mean_baseline_rmse"));
        // One sale per property labels all its rows, so a property is on one side only.
        assertThat(metrics.getDouble("test_entities_seen_share")).isEqualTo(0.0);
        assertThat(metrics.getJsonObject("unseen_entities").getInteger("rows")).isEqualTo(metrics.getInteger("rows"));
        assertThat(metrics.getJsonObject("unseen_entities").getJsonObject("metrics").getDouble("rmse")).isEqualTo(metrics.getDouble("rmse"));
        assertThat(metrics.getDouble("interval_coverage")).isBetween(0.0, 1.0);
    }
}
