package com.roisystems.ml.simulate;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The 30-year mortgage rate jumps by {@link ShiftOptions#ratePoints()} (2.5 points by default) and the housing market
 * reacts as the simulator's story implies: buyers pull back (closed sales −35 %), owners locked into cheaper mortgages stop
 * listing (new listings −25 %), unsold homes pile up (inventory +25 %) and sit longer (days on market +40 %); prices are
 * sticky and stay. Each region's figures are published as {@code market.published}: the month after the one the features
 * read now, or, when the simulator already stored that month with its future publication date (which ingestion's
 * "an earlier event never overwrites a later one" protects), the month the features read now, re-issued. The platform
 * tells every homeowner with a {@code MARKET_UPDATE} alert; about 40 % open it, some click through, some dismiss it.
 *
 * <p>Refinancing demand collapses too, but that is an absence of activity: it moves the 30- and 90-day counts only as
 * their windows roll, not within a demonstration, so no field is declared for it.
 */
public final class MortgageRateShock implements ShiftScenario {

    @Override
    public String name() {
        return "mortgage-rate-shock";
    }

    @Override
    public String story() {
        return "the 30-year rate jumps; sales and new listings fall, inventory and days on market rise; every homeowner gets a market-update alert";
    }

    @Override
    public List<String> movedFields() {
        return List.of("market.mortgage_rate_30y", "market.inventory", "market.new_listings", "market.closed_sales",
                "market.days_on_market", "market.occurred_at", "alert.alert_id", "alert.occurred_at");
    }

    @Override
    public Map<String, String> sideEffects() {
        // Every homeowner's alert refreshes their online vector: one computed before the latest month was published
        // (the pipeline's, or an idle user's) moves to that month's median, which the shock re-publishes unchanged.
        return Map.of("market.median_price", "re-published unchanged; vectors computed before the latest month are refreshed");
    }

    @Override
    public Map<String, String> unmovable() {
        return Map.of();
    }

    @Override
    public List<JsonObject> events(ShiftWorld world, ShiftOptions options) {
        SimRandom rng = SimRandom.stream(options.seed(), SimRandom.SHIFT, 1);
        ShiftEnvelopes envelopes = new ShiftEnvelopes(rng);
        List<JsonObject> events = new ArrayList<>();
        Instant published = world.now().minusSeconds(1);
        for (ShiftWorld.MarketMonth market : world.markets().values()) {
            LocalDate month = market.nextMonthStored() ? market.month() : market.month().plusMonths(1);
            events.add(envelopes.region("market.published", market.regionId(), published, new JsonObject()
                    .put("month", month.toString())
                    .put("median_price", money(market.medianPrice()))
                    .put("inventory", (int) Math.round(market.inventory() * 1.25))
                    .put("new_listings", (int) Math.round(market.newListings() * 0.75))
                    .put("closed_sales", (int) Math.round(market.closedSales() * 0.65))
                    .put("days_on_market", BigDecimal.valueOf(market.daysOnMarket() * 1.4).setScale(1, RoundingMode.HALF_UP))
                    .put("mortgage_rate_30y", BigDecimal.valueOf(market.mortgageRate30y() + options.ratePoints()).setScale(4, RoundingMode.HALF_UP))));
        }
        int number = 0;
        for (ShiftWorld.Homeowner owner : world.homeowners()) {
            String alertId = "alert_rate_shock_" + options.seed() + "_" + (++number);
            Instant sent = envelopes.before(world.now(), 120).minusSeconds(60);
            events.add(envelopes.user("alert.sent", owner, sent, alert(alertId)));
            Instant seen = sent.plusSeconds(1 + rng.nextInt(50));
            if (rng.chance(0.4)) {
                events.add(envelopes.user("alert.opened", owner, seen, alert(alertId)));
                if (rng.chance(0.25)) {
                    events.add(envelopes.user("alert.clicked", owner, seen.plusSeconds(2), alert(alertId)));
                }
            } else if (rng.chance(0.3)) {
                events.add(envelopes.user("alert.dismissed", owner, seen, alert(alertId)));
            }
        }
        return events;
    }

    private static JsonObject alert(String alertId) {
        return new JsonObject().put("alert_id", alertId).put("alert_type", "MARKET_UPDATE");
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
