package com.roisystems.ml.features;

import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.db.PgPools;
import com.roisystems.ml.testing.RealServers;
import com.roisystems.ml.testing.TestServers;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import io.vertx.junit5.VertxTestContext;
import io.vertx.sqlclient.Pool;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static com.roisystems.ml.features.FeatureFixture.T;
import static com.roisystems.ml.features.FeatureFixture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

@ExtendWith({VertxExtension.class, RealServers.class})
@DisplayName("The point-in-time feature engine")
class FeatureComputerTest {

    private static final double EPS = 1e-6;
    private static Pool pool;
    private static FeatureComputer computer;
    private static TestServers servers;

    @BeforeAll
    static void setUp(Vertx vertx, TestServers testServers, VertxTestContext context) throws Exception {
        servers = testServers;
        FeatureFixture.load(servers.database());
        pool = PgPools.shared(vertx, servers.config().json());
        FeatureComputer.create(pool, FeatureCatalog.standard()).onComplete(context.succeeding(created -> {
            computer = created;
            context.completeNow();
        }));
    }

    private static double days(Instant from, Instant to) {
        return Duration.between(from, to).getSeconds() / 86400.0;
    }

    private static void assertValues(FeatureVector vector, Map<String, Double> expected) {
        expected.forEach((name, value) -> {
            if (value == null) {
                assertThat(vector.get(name).orElseThrow().status()).as(name).isEqualTo(FeatureStatus.NULL);
            } else {
                assertThat(vector.value(name)).as(name).isCloseTo(value, within(EPS * Math.max(1, Math.abs(value))));
            }
        });
    }

    @Test
    @DisplayName("catalog holds 60+ uniquely named features in all five categories with stable hashes")
    void catalogShape() {
        FeatureCatalog catalog = FeatureCatalog.standard();
        assertThat(catalog.all()).hasSizeGreaterThanOrEqualTo(60);
        for (FeatureCategory category : FeatureCategory.values()) {
            assertThat(catalog.inCategory(category)).as(category.name()).hasSizeGreaterThanOrEqualTo(10);
        }
        FeatureDefinition equity = catalog.get("equity");
        assertThat(equity.hash()).isEqualTo(catalog.get("equity").hash()).isNotEqualTo(equity.range(0, 1).hash());
    }

    @Test
    @DisplayName("names the features whose inputs were not sent: every definition's unknown-input SQL runs, and only absent fields count")
    void unknownInputs(VertxTestContext context) {
        // The fixture's properties predate rooms, latitude and longitude: every other field of u1's property is known.
        computer.unknownInputs(FeatureCatalog.standard().all(), "u1", T, null)
                .onComplete(context.succeeding(unknown -> context.verify(() -> {
                    assertThat(unknown).containsExactlyInAnyOrder("rooms", "latitude", "longitude");
                    assertThat(FeatureCatalog.standard().get("email_opens_30d").unknownInputSql()).as("activity counts have no unknown input").isNull();
                    assertThat(FeatureCatalog.standard().get("mortgage_rate_pct").unknownInputSql()).as("no mortgage is a fact").isNull();
                    context.completeNow();
                })));
    }

    @Test
    @DisplayName("behavioral features match counts and rates worked out by hand")
    void behavioral(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of("BEHAVIORAL"), "u1", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("doc_access_7d", 2.0);
            expected.put("doc_access_30d", 3.0);
            expected.put("doc_access_90d", 4.0);
            expected.put("doc_distinct_documents_90d", 3.0);
            expected.put("doc_days_since_last_access", 1.0);
            expected.put("doc_share_rate_90d", 1 / 4.0);
            expected.put("doc_download_rate_90d", 1 / 4.0);
            expected.put("email_sent_30d", 3.0);
            expected.put("email_opens_30d", 2.0);
            expected.put("email_open_rate_30d", 2 / 3.0);
            expected.put("email_click_rate_30d", 1 / 3.0);
            expected.put("email_days_since_last_open", 2.0);
            expected.put("email_unsubscribes_90d", 1.0);
            expected.put("email_bounces_90d", 1.0);
            expected.put("sessions_30d", 2.0);
            expected.put("session_minutes_30d", (1800 + 600) / 60.0);
            expected.put("avg_session_minutes_30d", (1800 + 600) / 2 / 60.0);
            expected.put("active_days_30d", 2.0);
            expected.put("activity_trend_30d", (2 - 1) / 3.0);
            expected.put("page_views_7d", 2.0);
            expected.put("page_views_30d", 3.0);
            expected.put("distinct_pages_30d", 2.0);
            expected.put("alerts_received_90d", 3.0);
            expected.put("alert_open_rate_90d", 1 / 3.0);
            expected.put("alert_click_rate_90d", 1 / 3.0);
            expected.put("alert_dismiss_rate_90d", 1 / 3.0);
            expected.put("searches_30d", 1.0);
            expected.put("searches_90d", 2.0);
            expected.put("search_avg_max_price_90d", (600000 + 700000) / 2.0);
            expected.put("search_price_vs_home_value_90d", ((400000 + 600000) / 2.0 + 700000) / 2 / 480000.0);
            expected.put("property_views_30d", 1.0);
            expected.put("property_saves_30d", 1.0);
            expected.put("property_views_90d", 2.0);
            expected.put("viewed_regions_90d", 2.0);
            assertValues(vector, expected);
            assertThat(vector.values()).hasSize(FeatureCatalog.standard().inCategory(FeatureCategory.BEHAVIORAL).size());
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("property features: primary property, latest valuation before t, amortised balance, region market")
    void property(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of("PROPERTY"), "u1", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            Instant purchased = at("2019-06-15T00:00:00Z");
            double monthsPaid = Math.floor(Duration.between(purchased, T).getSeconds() / 2629800.0);
            double i = 4.0 / 1200;
            double n = 360;
            double balance = 320000 * (Math.pow(1 + i, n) - Math.pow(1 + i, monthsPaid)) / (Math.pow(1 + i, n) - 1);
            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("property_type_code", 0.0);
            expected.put("bedrooms", 3.0);
            expected.put("bathrooms", 2.5);
            expected.put("sqft", 2000.0);
            expected.put("lot_sqft", 5000.0);
            expected.put("property_age_years", 2024.0 - 1990);
            expected.put("purchase_price", 400000.0);
            expected.put("years_owned", days(purchased, T) / 365.25);
            expected.put("mortgage_rate_pct", 4.0);
            expected.put("mortgage_principal", 320000.0);
            expected.put("mortgage_term_years", 30.0);
            expected.put("is_primary_residence", 1.0);
            expected.put("has_mortgage", 1.0);
            expected.put("properties_owned", 1.0);
            expected.put("estimated_value", 480000.0);
            expected.put("days_since_valuation", days(at("2024-05-01T00:00:00Z"), T));
            expected.put("value_change_since_purchase_pct", (480000 / 400000.0 - 1) * 100);
            expected.put("amortized_balance", balance);
            expected.put("equity", 480000 - balance);
            expected.put("loan_to_value", balance / 480000);
            expected.put("equity_pct", (480000 - balance) / 480000 * 100);
            expected.put("region_median_price", 500000.0);
            expected.put("region_price_growth_12m_pct", (500000 / 450000.0 - 1) * 100);
            expected.put("region_days_on_market", 30.5);
            expected.put("region_inventory", 200.0);
            expected.put("rate_spread_pct", 4.0 - 7.0);
            expected.put("value_vs_region_median", 480000 / 500000.0);
            expected.put("tenure_percentile", 2 / 3.0);
            assertValues(vector, expected);
            assertThat(monthsPaid).isEqualTo(60.0);
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("transactional features count only what was opened, and completed, before t")
    void transactional(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of("TRANSACTIONAL"), "u1", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("txn_count", 3.0);
            expected.put("txn_completed_count", 2.0);
            expected.put("txn_open_count", 1.0);
            expected.put("txn_last_type_code", 1.0);
            expected.put("txn_days_since_last", days(at("2024-05-01T00:00:00Z"), T));
            expected.put("txn_days_since_last_completed", days(at("2021-04-01T00:00:00Z"), T));
            expected.put("txn_total_volume", 700000.0);
            expected.put("txn_avg_interval_days", days(at("2019-05-01T00:00:00Z"), at("2024-05-01T00:00:00Z")) / 2);
            expected.put("txn_refinance_count", 1.0);
            expected.put("txn_buy_count", 1.0);
            expected.put("txn_sell_count", 1.0);
            expected.put("txn_count_365d", 1.0);
            expected.put("has_agent", 1.0);
            expected.put("agent_tenure_days", days(at("2021-02-01T00:00:00Z"), T));
            expected.put("agent_count", 1.0);
            expected.put("agent_transactions", 2.0);
            assertValues(vector, expected);
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("market features read the latest month published before t and compare 1, 3 and 12 months back")
    void market(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of("MARKET"), "u1", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("market_median_price", 500000.0);
            expected.put("market_price_mom_pct", (500000 / 490000.0 - 1) * 100);
            expected.put("market_price_yoy_pct", (500000 / 450000.0 - 1) * 100);
            expected.put("market_inventory", 200.0);
            expected.put("market_new_listings", 80.0);
            expected.put("market_closed_sales", 50.0);
            expected.put("market_absorption_rate", 50 / 200.0);
            expected.put("market_months_of_supply", 200 / 50.0);
            expected.put("market_days_on_market", 30.5);
            expected.put("market_mortgage_rate_pct", 7.0);
            expected.put("market_rate_change_3m_pct", 7.0 - 6.5);
            expected.put("market_rate_change_12m_pct", 7.0 - 6.0);
            expected.put("market_data_age_days", 5.5);
            expected.put("market_month", 6.0);
            expected.put("market_quarter", 2.0);
            expected.put("is_spring_season", 0.0);
            expected.put("is_peak_season", 1.0);
            expected.put("is_holiday_season", 0.0);
            assertValues(vector, expected);
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("temporal features describe the instant (UTC) and the user's tenure")
    void temporal(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of("TEMPORAL"), "u1", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            Map<String, Double> expected = new LinkedHashMap<>();
            expected.put("day_of_week", 5.0);
            expected.put("hour_of_day", 12.0);
            expected.put("day_of_month", 15.0);
            expected.put("days_to_month_end", 15.0);
            expected.put("is_weekend", 1.0);
            expected.put("hour_sin", Math.sin(2 * Math.PI * 12 / 24));
            expected.put("hour_cos", -1.0);
            expected.put("dow_sin", Math.sin(2 * Math.PI * 5 / 7));
            expected.put("dow_cos", Math.cos(2 * Math.PI * 5 / 7));
            expected.put("month_sin", Math.sin(2 * Math.PI * 5 / 12));
            expected.put("month_cos", Math.cos(2 * Math.PI * 5 / 12));
            expected.put("user_tenure_days", days(at("2022-01-01T00:00:00Z"), T));
            vector.values().forEach(value -> assertThat(Math.abs(vector.value(value.name()))).as(value.name()).isLessThan(1e9));
            expected.forEach((name, value) -> assertThat(vector.value(name)).as(name).isCloseTo(value, within(1e-9)));
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("a user without property or activity gets NULL statuses and zero counts, and validates")
    void emptyUser(VertxTestContext context) {
        computer.computeFeatureSet(List.of(), List.of(), "u2", T).onComplete(context.succeeding(vector -> context.verify(() -> {
            assertThat(vector.get("estimated_value").orElseThrow().status()).isEqualTo(FeatureStatus.NULL);
            assertThat(vector.get("email_open_rate_30d").orElseThrow().status()).isEqualTo(FeatureStatus.NULL);
            assertThat(vector.value("doc_access_90d")).isZero();
            assertThat(vector.value("properties_owned")).isZero();
            assertThat(vector.value("has_agent")).isZero();
            assertThat(computer.validate(vector).errors()).isEmpty();
            context.completeNow();
        })));
    }

    @Test
    @DisplayName("one feature by name, and unknown names or users fail with 400 and 404")
    void singleAndFailures(VertxTestContext context) {
        computer.computeFeature("equity_pct", "u1", T)
                .compose(value -> {
                    context.verify(() -> assertThat(value.status()).isEqualTo(FeatureStatus.PRESENT));
                    return computer.computeFeature("no_such_feature", "u1", T);
                })
                .recover(failure -> {
                    context.verify(() -> assertThat(failure).isInstanceOf(ServiceFailure.class)
                            .hasMessage("names: unknown feature 'no_such_feature'"));
                    return computer.computeFeature("equity", "ghost", T);
                })
                .onComplete(result -> context.verify(() -> {
                    assertThat(result.failed()).isTrue();
                    assertThat(((ServiceFailure) result.cause()).httpStatus()).isEqualTo(404);
                    context.completeNow();
                }));
    }
}
