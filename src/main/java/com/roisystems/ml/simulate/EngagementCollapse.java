package com.roisystems.ml.simulate;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The homeowners of one region ({@link ShiftOptions#region()}, else the region with the most homeowners) stop engaging:
 * they open no email, start no session, run no search. What the platform records of it is what it keeps sending them
 * over the month: six campaign emails and three alerts each, none opened, a third of the alerts dismissed unread. Sessions and searches
 * stopping is an absence of events: it moves the 30-day counts only as their windows roll, so those fields are not
 * declared.
 */
public final class EngagementCollapse implements ShiftScenario {

    private static final String[] ALERT_TYPES = {"PRICE_CHANGE", "NEW_LISTING", "HOME_VALUE", "MARKET_UPDATE"};

    @Override
    public String name() {
        return "engagement-collapse";
    }

    @Override
    public String story() {
        return "one region's homeowners stop opening emails and alerts and stop using the platform, while it keeps sending";
    }

    @Override
    public List<String> movedFields() {
        return List.of("email.email_id", "email.occurred_at", "alert.alert_id", "alert.occurred_at");
    }

    @Override
    public Map<String, String> unmovable() {
        return Map.of(
                "email_opens_30d", "counts opens; the collapsed region opens nothing, so the count can only stay",
                "email_days_since_last_open", "the last open stays where it was (it grows with time, not with the shift)",
                "email_unsubscribes_90d", "no unsubscribe is published",
                "email_bounces_90d", "no bounce is published");
    }

    @Override
    public List<JsonObject> events(ShiftWorld world, ShiftOptions options) {
        String region = options.region() == null ? world.largestRegion() : options.region();
        List<ShiftWorld.Homeowner> owners = world.in(region);
        if (owners.isEmpty()) {
            throw new IllegalArgumentException("--region " + region + " has no homeowners; regions: "
                    + String.join(", ", world.markets().keySet()));
        }
        SimRandom rng = SimRandom.stream(options.seed(), SimRandom.SHIFT, 2);
        ShiftEnvelopes envelopes = new ShiftEnvelopes(rng);
        List<JsonObject> events = new ArrayList<>();
        int number = 0;
        for (ShiftWorld.Homeowner owner : owners) {
            number++;
            for (int e = 1; e <= 6; e++) {
                events.add(envelopes.user("email.sent", owner, envelopes.before(world.now(), 600), new JsonObject()
                        .put("email_id", "email_collapse_" + options.seed() + "_" + number + "_" + e)
                        .put("campaign_id", "reengage_" + e)));
            }
            for (int a = 1; a <= 3; a++) {
                String alertId = "alert_collapse_" + options.seed() + "_" + number + "_" + a;
                Instant sent = envelopes.before(world.now(), 600).minusSeconds(60);
                JsonObject alert = new JsonObject().put("alert_id", alertId).put("alert_type", rng.pick(ALERT_TYPES));
                events.add(envelopes.user("alert.sent", owner, sent, alert));
                if (rng.chance(1.0 / 3)) {
                    events.add(envelopes.user("alert.dismissed", owner, sent.plusSeconds(1 + rng.nextInt(50)), alert.copy()));
                }
            }
        }
        return events;
    }
}
