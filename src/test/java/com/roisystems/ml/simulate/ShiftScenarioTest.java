package com.roisystems.ml.simulate;

import com.roisystems.ml.features.FeatureCatalog;
import com.roisystems.ml.ingest.CheckedEvent;
import com.roisystems.ml.ingest.EventValidator;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The shift scenarios without servers: their events pass the contract, are reproducible, and name what they move. */
@DisplayName("Shift scenarios")
class ShiftScenarioTest {

    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");

    /** Four regions; region_02 has most homeowners; the month after October is already stored in region_01. */
    private static ShiftWorld world() {
        List<ShiftWorld.Homeowner> owners = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            String region = i % 5 == 0 ? "region_01" : i % 5 < 3 ? "region_02" : i % 5 == 3 ? "region_03" : "region_04";
            owners.add(new ShiftWorld.Homeowner("user_" + i, region, i % 2 == 0 ? "35_49" : "50_64", i % 3 == 0 ? "acme" : "globex"));
        }
        Map<String, ShiftWorld.MarketMonth> markets = new java.util.LinkedHashMap<>();
        for (int r = 1; r <= 4; r++) {
            String id = "region_0" + r;
            markets.put(id, new ShiftWorld.MarketMonth(id, LocalDate.parse("2026-10-01"), 300_000 + 50_000 * r, 1_000 * r, 350 * r, 280 * r,
                    31.5, 6.41, r == 1));
        }
        return new ShiftWorld(NOW, owners, markets);
    }

    private static List<JsonObject> accepted(List<JsonObject> events) {
        EventValidator validator = EventValidator.load(64 * 1024, Duration.ofMinutes(5));
        for (JsonObject event : events) {
            CheckedEvent checked = validator.validate(event, event.encode().getBytes(StandardCharsets.UTF_8));
            assertThat(checked.rejection()).as("%s", event.encode()).isNull();
            assertThat(Instant.parse(event.getString("occurred_at"))).as("happened by the shift's start").isBefore(NOW);
        }
        return events;
    }

    @Test
    @DisplayName("publish a mortgage-rate shock as each region's figures with the rate up and an alert per homeowner")
    void mortgageRateShock() {
        ShiftScenario shock = ShiftScenario.named("mortgage-rate-shock");
        List<JsonObject> events = accepted(shock.events(world(), ShiftOptions.defaults()));
        List<JsonObject> markets = events.stream().filter(e -> e.getString("event_type").equals("market.published")).toList();
        assertThat(markets).hasSize(4);
        for (JsonObject market : markets) {
            JsonObject payload = market.getJsonObject("payload");
            assertThat(payload.getDouble("mortgage_rate_30y")).isCloseTo(6.41 + 2.5, org.assertj.core.data.Offset.offset(1e-9));
            // Region 1 already stores November with a future publication date: its October figures are re-issued instead.
            assertThat(payload.getString("month")).isEqualTo(market.getString("entity_id").equals("region_01") ? "2026-10-01" : "2026-11-01");
            int r = Integer.parseInt(market.getString("entity_id").substring(8));
            assertThat(payload.getInteger("closed_sales")).isLessThan(280 * r);
            assertThat(payload.getInteger("inventory")).isGreaterThan(1_000 * r);
            assertThat(market.getString("tenant_id")).isEqualTo(SimTenants.PLATFORM);
        }
        Map<String, Long> sentPerUser = events.stream().filter(e -> e.getString("event_type").equals("alert.sent"))
                .collect(Collectors.groupingBy(e -> e.getString("entity_id"), Collectors.counting()));
        assertThat(sentPerUser).hasSize(200).allSatisfy((user, count) -> assertThat(count).isEqualTo(1));
        assertThat(events).filteredOn(e -> e.getString("entity_id").equals("user_3")).allSatisfy(e -> assertThat(e.getString("tenant_id")).isEqualTo("acme"));
    }

    @Test
    @DisplayName("collapse one region's engagement: only its homeowners get events, and none of them is an open or a session")
    void engagementCollapse() {
        ShiftScenario collapse = ShiftScenario.named("engagement-collapse");
        List<JsonObject> largest = accepted(collapse.events(world(), ShiftOptions.defaults()));
        Set<String> users = largest.stream().map(e -> e.getString("entity_id")).collect(Collectors.toSet());
        assertThat(users).hasSize(80).allSatisfy(user -> assertThat(Integer.parseInt(user.substring(5)) % 5).isIn(1, 2));
        assertThat(largest).extracting(e -> e.getString("event_type")).containsOnly("email.sent", "alert.sent", "alert.dismissed");
        assertThat(accepted(collapse.events(world(), ShiftOptions.defaults().withRegion("region_03"))))
                .extracting(e -> e.getString("entity_id")).allSatisfy(user -> assertThat(Integer.parseInt(user.substring(5)) % 5).isEqualTo(3));
        assertThatThrownBy(() -> collapse.events(world(), ShiftOptions.defaults().withRegion("region_99")))
                .hasMessageContaining("--region region_99").hasMessageContaining("region_01");
    }

    @Test
    @DisplayName("register a young cohort: each owner before its home, each home before any of its owner's activity")
    void youngCohort() {
        List<JsonObject> events = accepted(ShiftScenario.named("young-cohort").events(world(), ShiftOptions.defaults().withCohortUsers(50)));
        List<JsonObject> registered = events.stream().filter(e -> e.getString("event_type").equals("user.registered")).toList();
        assertThat(registered).hasSize(50).allSatisfy(e -> assertThat(e.getJsonObject("payload").getString("age_band")).isEqualTo("18_34"));
        List<JsonObject> homes = events.stream().filter(e -> e.getString("event_type").equals("property.created")).toList();
        assertThat(homes).hasSize(50).allSatisfy(home -> {
            JsonObject payload = home.getJsonObject("payload");
            assertThat(payload.getDouble("mortgage_principal")).isLessThan(payload.getDouble("purchase_price"));
            assertThat(LocalDate.parse(payload.getString("purchase_date"))).isAfter(LocalDate.parse("2024-06-01"));
        });
        int lastEntity = 0;
        for (int i = 0; i < events.size(); i++) {
            String type = events.get(i).getString("event_type");
            if (type.equals("user.registered") || type.equals("property.created")) {
                lastEntity = i;
            }
        }
        int firstActivity = events.indexOf(events.stream().filter(e -> !Set.of("user.registered", "property.created")
                .contains(e.getString("event_type"))).findFirst().orElseThrow());
        assertThat(firstActivity).isGreaterThan(lastEntity);
    }

    @Test
    @DisplayName("draw the same events from the same seed and different ones from another")
    void reproducible() {
        ShiftScenario cohort = ShiftScenario.named("young-cohort");
        assertThat(cohort.events(world(), ShiftOptions.defaults().withCohortUsers(5)))
                .isEqualTo(cohort.events(world(), ShiftOptions.defaults().withCohortUsers(5)));
        assertThat(cohort.events(world(), ShiftOptions.defaults().withCohortUsers(5)))
                .isNotEqualTo(cohort.events(world(), ShiftOptions.defaults().withCohortUsers(5).withSeed(43)));
    }

    @Test
    @DisplayName("derive the expected features from the definitions that read the moved fields, less the unmovable")
    void expectedFromTheCatalog() {
        ExpectedDrift shock = ExpectedDrift.of(ShiftScenario.named("mortgage-rate-shock"), FeatureCatalog.standard());
        assertThat(shock.features()).contains("market_mortgage_rate_pct", "market_rate_change_3m_pct", "rate_spread_pct",
                "market_closed_sales", "region_inventory", "alerts_received_90d", "market_data_age_days");
        assertThat(shock.features()).doesNotContain("market_median_price", "sessions_30d", "purchase_price", "hour_of_day");
        assertThat(shock.asOfTime()).contains("hour_of_day", "day_of_week", "market_month", "market_data_age_days", "user_tenure_days")
                .doesNotContain("doc_access_7d", "txn_count", "sessions_30d");

        ExpectedDrift collapse = ExpectedDrift.of(ShiftScenario.named("engagement-collapse"), FeatureCatalog.standard());
        assertThat(collapse.features()).contains("email_sent_30d", "email_open_rate_30d", "alert_open_rate_90d")
                .doesNotContain("email_opens_30d", "sessions_30d", "market_mortgage_rate_pct");
        assertThat(collapse.unmovable()).containsKey("email_opens_30d");

        ExpectedDrift cohort = ExpectedDrift.of(ShiftScenario.named("young-cohort"), FeatureCatalog.standard());
        assertThat(cohort.features()).contains("user_tenure_days", "sqft", "years_owned", "loan_to_value", "sessions_30d", "searches_30d")
                .doesNotContain("mortgage_term_years", "market_mortgage_rate_pct", "txn_count");
        assertThat(cohort.within(List.of("sqft", "txn_count", "hour_of_day")).features()).containsExactly("sqft");
        assertThat(cohort.allows("hour_of_day")).isTrue();
        // The cohort has no transactions or agents: their features may move by absence, explained but not expected.
        assertThat(cohort.sideEffects()).contains("txn_count", "has_agent", "agent_transactions").doesNotContainAnyElementsOf(cohort.features());
        assertThat(cohort.allows("txn_count")).isTrue();
        assertThat(cohort.allows("market_mortgage_rate_pct")).isFalse();
        assertThat(shock.sideEffects()).contains("market_median_price").doesNotContain("sqft");
        assertThat(collapse.sideEffects()).isEmpty();
    }

    @Test
    @DisplayName("refuse an unknown scenario naming the known ones")
    void unknownScenario() {
        assertThatThrownBy(() -> ShiftScenario.named("meteor")).hasMessageContaining("meteor")
                .hasMessageContaining("mortgage-rate-shock, engagement-collapse, young-cohort");
    }
}
