package com.roisystems.ml.simulate;

import io.vertx.core.json.JsonObject;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A new cohort of young homeowners ({@link ShiftOptions#cohortUsers()}, age band 18–34) registers over the last month,
 * spread over the regions as the existing homeowners are: first-time buyers of small, recent purchases (condos and
 * townhouses, one or two bedrooms, bought in the last year or so at 45–85 % of the region's median, 88–97 % financed at
 * about today's rate), and busy on the platform from their phones: sessions, page views, searches below the region's
 * median, listing views and saves, the welcome and newsletter emails (most opened), the platform's first alerts, and
 * their home-value and mortgage documents. They have no transactions, agents or valuations on the platform yet.
 */
public final class YoungCohort implements ShiftScenario {

    private static final String[] PAGES = {"/listings", "/home-value", "/market", "/mortgage", "/dashboard"};

    @Override
    public String name() {
        return "young-cohort";
    }

    @Override
    public String story() {
        return "a cohort of young first-time owners registers, with small recent homes, high loan-to-value and mobile-heavy activity";
    }

    @Override
    public List<String> movedFields() {
        // Age itself is no feature (the catalog reads no user.age_band): the cohort shows through its homes and behaviour.
        return List.of("user.occurred_at",
                "property.property_type", "property.bedrooms", "property.bathrooms", "property.sqft", "property.lot_sqft",
                "property.year_built", "property.purchase_date", "property.purchase_price", "property.mortgage_rate",
                "property.mortgage_principal", "property.owner_user_id", "property.occurred_at",
                // Every cohort home is its owner's primary residence; the platform's owners include landlords.
                "property.is_primary_residence",
                "session.session_id", "session.duration_seconds", "session.occurred_at", "page.page", "page.occurred_at",
                "search.min_price", "search.max_price", "search.occurred_at",
                "listing.listing_id", "listing.region_id", "listing.occurred_at",
                "email.email_id", "email.occurred_at", "alert.alert_id", "alert.occurred_at",
                "document.document_id", "document.occurred_at");
    }

    @Override
    public Map<String, String> sideEffects() {
        String none = "the cohort has none: adding its owners moves the feature by absence, as far as the platform's owners have them";
        return Map.of("agent.agent_id", none, "agent.occurred_at", none, "transaction.agent_id", none, "transaction.opened_at", none,
                "valuation.estimated_value", none, "valuation.occurred_at", none);
    }

    @Override
    public Map<String, String> unmovable() {
        return Map.of(
                "email_unsubscribes_90d", "no unsubscribe is published",
                "email_bounces_90d", "no bounce is published");
    }

    @Override
    public List<JsonObject> events(ShiftWorld world, ShiftOptions options) {
        SimRandom rng = SimRandom.stream(options.seed(), SimRandom.SHIFT, 3);
        ShiftEnvelopes envelopes = new ShiftEnvelopes(rng);
        List<JsonObject> owners = new ArrayList<>();
        List<JsonObject> activity = new ArrayList<>();
        for (int n = 1; n <= options.cohortUsers(); n++) {
            String regionId = world.homeowners().get(rng.nextInt(world.homeowners().size())).regionId();
            ShiftWorld.MarketMonth market = world.markets().getOrDefault(regionId, world.markets().values().iterator().next());
            ShiftWorld.Homeowner owner = new ShiftWorld.Homeowner("user_young_" + options.seed() + "_" + n, regionId, "18_34",
                    rng.chance(0.5) ? SimTenants.ACME : SimTenants.GLOBEX);
            Instant registered = world.now().minus(Duration.ofMinutes(rng.between(60, 30 * 24 * 60)));
            owners.add(envelopes.user("user.registered", owner, registered, new JsonObject()
                    .put("region_id", regionId).put("age_band", owner.ageBand()).put("email", owner.userId() + "@example.com")));
            owners.add(home(envelopes, rng, owner, market, world.mortgageRate(), registered));
            activity.addAll(activity(envelopes, rng, owner, market, registered, world.now()));
        }
        // Owners and homes first: an entity's activity follows it.
        owners.addAll(activity);
        return owners;
    }

    private static JsonObject home(ShiftEnvelopes envelopes, SimRandom rng, ShiftWorld.Homeowner owner, ShiftWorld.MarketMonth market,
                                   double rate, Instant registered) {
        double roll = rng.uniform();
        String type = roll < 0.5 ? "CONDO" : roll < 0.8 ? "TOWNHOUSE" : "SINGLE_FAMILY";
        int bedrooms = type.equals("SINGLE_FAMILY") ? rng.between(2, 3) : rng.between(1, 2);
        double price = market.medianPrice() * rng.uniform(0.45, 0.85);
        LocalDate purchased = registered.atZone(ZoneOffset.UTC).toLocalDate().minusDays(rng.nextInt(400));
        JsonObject payload = new JsonObject()
                .put("owner_user_id", owner.userId())
                .put("region_id", owner.regionId())
                .put("address", (100 + rng.nextInt(900)) + " Starter Lane, unit " + (1 + rng.nextInt(40)))
                .put("property_type", type)
                .put("bedrooms", bedrooms)
                .put("bathrooms", BigDecimal.valueOf(bedrooms == 1 ? 1.0 : rng.chance(0.5) ? 1.5 : 2.0))
                .put("sqft", type.equals("CONDO") ? rng.between(550, 1_000) : rng.between(800, 1_400))
                .put("lot_sqft", type.equals("CONDO") ? 0 : rng.between(900, 3_000))
                .put("year_built", rng.between(1965, 2024))
                .put("purchase_date", purchased.toString())
                .put("purchase_price", money(price))
                .put("mortgage_rate", BigDecimal.valueOf(rate + rng.uniform(-0.25, 0.5)).setScale(4, RoundingMode.HALF_UP))
                .put("mortgage_principal", money(price * rng.uniform(0.88, 0.97)))
                .put("mortgage_term_years", 30)
                .put("is_primary_residence", true);
        return envelopes.property("property.created", owner.userId().replace("user_", "property_"), owner.tenant(), registered, payload);
    }

    private static List<JsonObject> activity(ShiftEnvelopes envelopes, SimRandom rng, ShiftWorld.Homeowner owner,
                                             ShiftWorld.MarketMonth market, Instant registered, Instant now) {
        List<JsonObject> events = new ArrayList<>();
        long span = Math.max(1, Duration.between(registered, now).getSeconds() - 3_600);
        int sessions = 3 + rng.poisson(6);
        for (int s = 1; s <= sessions; s++) {
            String session = owner.userId() + "_s" + s;
            Instant start = registered.plusSeconds((long) (rng.uniform() * span));
            events.add(envelopes.user("session.started", owner, start, new JsonObject().put("session_id", session)
                    .put("device", rng.chance(0.8) ? "MOBILE" : "DESKTOP")));
            Instant at = start;
            for (int p = 0; p < 1 + rng.poisson(2.5); p++) {
                at = at.plusSeconds(rng.between(5, 120));
                events.add(envelopes.user("page.viewed", owner, at, new JsonObject().put("session_id", session).put("page", rng.pick(PAGES))));
            }
            Instant end = at.plusSeconds(rng.between(10, 240));
            events.add(envelopes.user("session.ended", owner, end, new JsonObject().put("session_id", session)
                    .put("duration_seconds", (int) Duration.between(start, end).getSeconds())));
        }
        for (int q = 0; q < 2 + rng.poisson(4); q++) {
            events.add(envelopes.user("search.performed", owner, registered.plusSeconds((long) (rng.uniform() * span)), new JsonObject()
                    .put("region_id", owner.regionId()).put("property_type", rng.chance(0.6) ? "CONDO" : null)
                    .put("min_price", money(market.medianPrice() * 0.3)).put("max_price", money(market.medianPrice() * rng.uniform(0.6, 0.9)))
                    .put("results_count", rng.poisson(40))));
        }
        for (int v = 0; v < 1 + rng.poisson(5); v++) {
            boolean saved = rng.chance(0.25);
            events.add(envelopes.user(saved ? "property.saved" : "property.viewed", owner, registered.plusSeconds((long) (rng.uniform() * span)),
                    new JsonObject().put("listing_id", "listing_young_" + rng.token()).put("region_id", owner.regionId())
                            .put("listing_price", money(market.medianPrice() * rng.uniform(0.4, 0.9)))));
        }
        for (int a = 1; a <= 1 + rng.poisson(1); a++) {
            String alertId = owner.userId() + "_alert_" + a;
            Instant sent = registered.plusSeconds((long) (rng.uniform() * span));
            JsonObject alert = new JsonObject().put("alert_id", alertId).put("alert_type", rng.chance(0.5) ? "NEW_LISTING" : "HOME_VALUE");
            events.add(envelopes.user("alert.sent", owner, sent, alert));
            if (rng.chance(0.6)) {
                events.add(envelopes.user("alert.opened", owner, sent.plusSeconds(rng.between(60, 1_800)), alert.copy()));
            }
        }
        String[] documents = {"HOME_VALUE_REPORT", "MORTGAGE_STATEMENT", "INSURANCE_POLICY"};
        for (int d = 0; d < 1 + rng.poisson(1.5); d++) {
            String type = rng.pick(documents);
            events.add(envelopes.user("document.viewed", owner, registered.plusSeconds((long) (rng.uniform() * span)), new JsonObject()
                    .put("document_id", owner.userId() + "_" + type.toLowerCase(java.util.Locale.ROOT)).put("document_type", type)));
        }
        String[] campaigns = {"welcome", "newsletter"};
        for (int e = 0; e < campaigns.length; e++) {
            String emailId = owner.userId() + "_email_" + e;
            Instant sent = registered.plusSeconds(3_600L + (long) (rng.uniform() * span / 2));
            events.add(envelopes.user("email.sent", owner, sent, new JsonObject().put("email_id", emailId).put("campaign_id", campaigns[e])));
            Instant opened = sent.plusSeconds(rng.between(60, 1_800));
            if (opened.isBefore(now) && rng.chance(0.7)) {
                events.add(envelopes.user("email.opened", owner, opened, new JsonObject().put("email_id", emailId).put("campaign_id", campaigns[e])));
            }
        }
        return events;
    }

    private static BigDecimal money(double value) {
        return BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
    }
}
