package com.roisystems.ml.training;

import com.roisystems.ml.bus.Blocking;
import com.roisystems.ml.model.PredictionType;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Tuple;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;

/**
 * How many of the platform's label events (valuations for PROPERTY_VALUE, transactions for MOVE_PROBABILITY and
 * TRANSACTION_TYPE) labelled at least one row, and why the others did not, for the dataset's description. The
 * reasons that depend only on time, the users read and ownership are counted in SQL; the dataset itself says which
 * of the remaining candidates labelled a row. Blocking.
 *
 * <p>{@code JsonObject usage = LabelUsage.count(pool, PredictionType.PROPERTY_VALUE, users, cutoffs, usedEventIds);}
 */
final class LabelUsage {

    private static final Duration WAIT = Duration.ofMinutes(10);
    private static final String CANDIDATE = "candidate";

    private LabelUsage() {
    }

    /** Null for CONTACT_TIMING, whose rows are labelled by every engagement in a window (no single label event). */
    static JsonObject count(Pool pool, PredictionType type, List<String> users, List<Instant> cutoffs, Set<String> used) throws Exception {
        if (type == PredictionType.CONTACT_TIMING) {
            return null;
        }
        boolean valuations = type == PredictionType.PROPERTY_VALUE;
        int horizon = MonthlyCutoffs.horizonDays(type);
        Tuple params = Tuple.of(users.toArray(String[]::new), cutoffs.stream().map(c -> c.atOffset(ZoneOffset.UTC)).toArray(OffsetDateTime[]::new),
                horizon);
        JsonObject notUsed = new JsonObject();
        long available = 0;
        long candidates = 0;
        for (var row : Blocking.await(pool.preparedQuery(valuations ? TrainingQueries.VALUATION_USAGE : TrainingQueries.TRANSACTION_USAGE)
                .execute(params), WAIT)) {
            String reason = row.getString("reason");
            long events = row.getLong("events");
            available += events;
            if (CANDIDATE.equals(reason)) {
                candidates += events;
            } else {
                notUsed.put(reason, reason(events, explain(reason, type, cutoffs, horizon)));
            }
        }
        long remainder = Math.max(0, candidates - used.size());
        if (remainder > 0) {
            notUsed.put(valuations ? "not_primary_property" : "earlier_transaction_in_window", reason(remainder, valuations
                    ? "the owner's primary property at every cut-off whose window holds the valuation was another property"
                    + " (primary residence first, then most recently owned), or the owner had no feature vector"
                    : "an earlier transaction of the same user in the same window labelled each cut-off whose window holds it"));
        }
        return new JsonObject().put("events", valuations ? "valuations" : "transactions").put("available", available)
                .put("used", used.size()).put("not_used", notUsed);
    }

    private static JsonObject reason(long events, String why) {
        return new JsonObject().put("events", events).put("why", why);
    }

    private static String explain(String reason, PredictionType type, List<Instant> cutoffs, int horizon) {
        return switch (reason) {
            case "before_first_cutoff" -> "happened before the first cut-off (" + cutoffs.get(0) + "): within the minimum history, or before"
                    + " the latest " + cutoffs.size() + " cut-offs this run used";
            case "after_last_window" -> "happened after the last cut-off's " + horizon + "-day window (from " + cutoffs.get(cutoffs.size() - 1) + ")";
            case "owner_not_sampled", "user_not_sampled" -> "the " + (type == PredictionType.PROPERTY_VALUE ? "owner" : "user")
                    + " is not among the users this run read (users_limit)";
            case "property_not_yet_known" -> "the property was not yet its owner's at any cut-off whose window holds the valuation"
                    + " (owned since: the purchase date when known, else when the platform learned of the property)";
            default -> reason;
        };
    }
}
