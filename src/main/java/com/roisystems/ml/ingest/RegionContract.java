package com.roisystems.ml.ingest;

import com.roisystems.ml.bus.Endpoint;
import com.roisystems.ml.bus.ServiceFailure;
import com.roisystems.ml.bus.WireFormat;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.List;

/**
 * Region administration on the event bus (the HTTP admin route forwards to it). Regions are platform-wide reference
 * data, like market data: {@code region.updated} events from any tenant upsert one {@code regions} row per id, and
 * users, properties and market months may name a region id no such event has described yet — those ids are accepted
 * and {@link #LIST} answers them too, with {@code known: false}, so an admin sees what is still to describe.
 *
 * <p>Failures ({@link ServiceFailure}) of {@link #LIST}: 400 {@code invalid_request} naming the field when {@code known}
 * is not a boolean or {@code limit} not a number from 1 to {@value #MAX_LIMIT}; 503 when the database cannot be reached
 * or the service does not answer within {@link #TIMEOUT_MS}; 500 for a bug (logged).
 *
 * <p>{@code Bus.request(vertx, RegionContract.LIST, new ListRegions(false, 100)).map(RegionList::regions)}
 */
public final class RegionContract {

    /** How callers know the service in failures: "region administration did not answer in time". */
    public static final String SERVICE = "region administration";
    public static final long TIMEOUT_MS = 10_000;
    /** The most regions one request lists. */
    public static final int MAX_LIMIT = 10_000;
    static final int DEFAULT_LIMIT = 1_000;

    public static final Endpoint<ListRegions, RegionList> LIST =
            Endpoint.of("admin.regions.list", SERVICE, TIMEOUT_MS, ListRegions.FORMAT, RegionList.FORMAT);

    private static final String KNOWN = "known";
    private static final String LIMIT = "limit";

    private RegionContract() {
    }

    /**
     * Which region ids to list, by id: all ({@code known} null), only those with a {@code regions} row (true) or only
     * those referenced without one (false); at most {@code limit}.
     *
     * <p>{@code new ListRegions(false, 1000)  // the ids still to describe}
     */
    public record ListRegions(Boolean known, int limit) {

        public static final WireFormat<ListRegions> FORMAT = WireFormat.of(ListRegions.class, ListRegions::toJson, ListRegions::fromJson);

        public ListRegions {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw ServiceFailure.invalid(LIMIT, "must be a number from 1 to " + MAX_LIMIT);
            }
        }

        public JsonObject toJson() {
            return new JsonObject().put(KNOWN, known).put(LIMIT, limit);
        }

        /** {@code {"known"?: true|false, "limit"?: 1000}}. */
        public static ListRegions fromJson(JsonObject json) {
            Object known = json.getValue(KNOWN);
            if (known != null && !(known instanceof Boolean)) {
                throw ServiceFailure.invalid(KNOWN, "must be true or false");
            }
            Object limit = json.getValue(LIMIT, DEFAULT_LIMIT);
            if (!(limit instanceof Number number) || number.doubleValue() != number.intValue()) {
                throw ServiceFailure.invalid(LIMIT, "must be a number from 1 to " + MAX_LIMIT);
            }
            return new ListRegions((Boolean) known, number.intValue());
        }
    }

    /**
     * One region id as the platform knows it: {@code known} when a {@code region.updated} event described it (then its
     * name, state and attributes; null otherwise), and how many users, properties and market months name it, in every
     * tenant.
     */
    public record RegionSummary(String regionId, boolean known, String name, String state, Long population,
                                Double medianHouseholdIncome, long users, long properties, long marketMonths) {

        public JsonObject toJson() {
            return new JsonObject().put("region_id", regionId).put(KNOWN, known).put("name", name).put("state", state)
                    .put("population", population).put("median_household_income", medianHouseholdIncome)
                    .put("users", users).put("properties", properties).put("market_months", marketMonths);
        }

        public static RegionSummary fromJson(JsonObject json) {
            return new RegionSummary(json.getString("region_id"), json.getBoolean(KNOWN), json.getString("name"), json.getString("state"),
                    json.getLong("population"), json.getDouble("median_household_income"), json.getLong("users"),
                    json.getLong("properties"), json.getLong("market_months"));
        }
    }

    /** The regions listed, ordered by id; {@code truncated} when more matched than the limit. */
    public record RegionList(List<RegionSummary> regions, boolean truncated) {

        public static final WireFormat<RegionList> FORMAT = WireFormat.of(RegionList.class, RegionList::toJson, RegionList::fromJson);

        public RegionList {
            regions = List.copyOf(regions);
        }

        public JsonObject toJson() {
            return new JsonObject().put("regions", new JsonArray(regions.stream().map(RegionSummary::toJson).toList()))
                    .put("truncated", truncated);
        }

        public static RegionList fromJson(JsonObject json) {
            return new RegionList(json.getJsonArray("regions").stream().map(region -> RegionSummary.fromJson((JsonObject) region)).toList(),
                    json.getBoolean("truncated", false));
        }
    }
}
