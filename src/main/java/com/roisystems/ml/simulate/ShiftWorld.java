package com.roisystems.ml.simulate;

import com.roisystems.ml.db.DatabaseUrl;
import com.roisystems.ml.db.Jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shift starts from, read from the platform's tables as of {@code now}: the homeowners (region, age band,
 * tenant) and each region's market figures as the features see them now (the latest month published before now).
 * A shift only reads here; what it changes goes through the event path.
 *
 * <p>{@code ShiftWorld world = ShiftWorld.load(url, Instant.now());}
 */
public record ShiftWorld(Instant now, List<Homeowner> homeowners, Map<String, MarketMonth> markets) {

    /** A homeowner as a shift needs it. */
    public record Homeowner(String userId, String regionId, String ageBand, String tenant) {
    }

    /**
     * A region's figures the features read now, and whether the month after it is already stored (the simulator
     * writes each month with its future publication date; ingestion never lets an earlier event overwrite it).
     */
    public record MarketMonth(String regionId, LocalDate month, double medianPrice, int inventory, int newListings,
                              int closedSales, double daysOnMarket, double mortgageRate30y, boolean nextMonthStored) {
    }

    public ShiftWorld {
        homeowners = List.copyOf(homeowners);
        markets = Map.copyOf(markets);
    }

    public static ShiftWorld load(DatabaseUrl url, Instant now) throws SQLException {
        try (Connection connection = Jdbc.connect(url)) {
            List<Homeowner> homeowners = new ArrayList<>();
            try (ResultSet rows = connection.createStatement().executeQuery(SimulationQueries.SHIFT_HOMEOWNERS)) {
                while (rows.next()) {
                    homeowners.add(new Homeowner(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
            Map<String, MarketMonth> markets = new LinkedHashMap<>();
            try (PreparedStatement statement = connection.prepareStatement(SimulationQueries.SHIFT_MARKETS)) {
                statement.setTimestamp(1, Timestamp.from(now));
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        markets.put(rows.getString(1), new MarketMonth(rows.getString(1), rows.getObject(2, LocalDate.class),
                                rows.getDouble(3), rows.getInt(4), rows.getInt(5), rows.getInt(6), rows.getDouble(7), rows.getDouble(8),
                                rows.getBoolean(9)));
                    }
                }
            }
            if (homeowners.isEmpty() || markets.isEmpty()) {
                throw new IllegalStateException("database " + url.describe() + " holds no homeowners or no published market figures: "
                        + "simulate the platform first");
            }
            return new ShiftWorld(now, homeowners, markets);
        }
    }

    /** The homeowners of {@code regionId}. */
    public List<Homeowner> in(String regionId) {
        return homeowners.stream().filter(owner -> owner.regionId().equals(regionId)).toList();
    }

    /** The region with the most homeowners (the first by id on a tie). */
    public String largestRegion() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        homeowners.forEach(owner -> counts.merge(owner.regionId(), 1, Integer::sum));
        return counts.entrySet().stream().max(Map.Entry.<String, Integer>comparingByValue()
                .thenComparing(Map.Entry.comparingByKey(java.util.Comparator.reverseOrder()))).orElseThrow().getKey();
    }

    /** The national 30-year rate the features read now (the same in every region). */
    public double mortgageRate() {
        return markets.values().iterator().next().mortgageRate30y();
    }
}
