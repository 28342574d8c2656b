package com.roisystems.ml.simulate;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The world every homeowner lives in: per region a home-price index (a random walk with its own drift —
 * some hot, some flat, one falling — and spring seasonality), inventory and days on market moving
 * against price growth, and one national 30-year mortgage rate path (about 3 %, rising to about 7 %,
 * then easing). The history reaches {@link #HISTORY_MONTHS} back so purchases decades ago have a price.
 *
 * <p>{@code MarketModel market = MarketModel.build(params); double index = market.priceIndex(region, t);}
 * Time {@code t} counts months from the start month (negative before it).
 */
final class MarketModel {

    static final int HISTORY_MONTHS = 420;

    private static final String[][] METROS = {
            {"Austin", "TX"}, {"Boise", "ID"}, {"Phoenix", "AZ"}, {"Tampa", "FL"}, {"Denver", "CO"},
            {"Seattle", "WA"}, {"Atlanta", "GA"}, {"Charlotte", "NC"}, {"Nashville", "TN"}, {"Columbus", "OH"},
            {"Chicago", "IL"}, {"Detroit", "MI"}, {"Cleveland", "OH"}, {"Pittsburgh", "PA"}, {"Kansas City", "MO"},
            {"Sacramento", "CA"}, {"Minneapolis", "MN"}, {"St. Louis", "MO"}, {"Buffalo", "NY"}, {"San Francisco", "CA"}};

    /** One housing market. {@code weight} is its share of homeowners; {@code basePrice} its median at t = 0. */
    record Region(int index, String id, String name, String state, double weight, double basePrice,
                  double annualDrift, double baseInventory, double baseDaysOnMarket) {
    }

    private final SimulationParameters params;
    private final List<Region> regions;
    private final double[][] trend;
    private final double[] rates;

    private MarketModel(SimulationParameters params, List<Region> regions, double[][] trend, double[] rates) {
        this.params = params;
        this.regions = regions;
        this.trend = trend;
        this.rates = rates;
    }

    static MarketModel build(SimulationParameters params) {
        SimRandom rng = SimRandom.stream(params.seed(), SimRandom.WORLD, 0);
        int count = params.regions();
        List<Region> regions = new ArrayList<>(count);
        double[][] trend = new double[count][HISTORY_MONTHS + params.months()];
        for (int i = 0; i < count; i++) {
            String[] metro = METROS[i % METROS.length];
            String name = i < METROS.length ? metro[0] : metro[0] + " " + (i / METROS.length + 1);
            double drift = driftOf(i, count, rng);
            Region region = new Region(i, String.format("region_%02d", i + 1), name, metro[1],
                    rng.uniform(0.5, 2.0), rng.uniform(250_000, 900_000), drift,
                    rng.uniform(800, 4_000), rng.uniform(25, 45));
            regions.add(region);
            fillTrend(trend[i], region, rng);
        }
        return new MarketModel(params, List.copyOf(regions), trend, ratePath(params.months(), rng));
    }

    /** Some hot, some warm, most flat-ish, and the last one falling: markets that call for different actions. */
    private static double driftOf(int i, int count, SimRandom rng) {
        if (count >= 3 && i == count - 1) {
            return rng.uniform(-0.07, -0.04);
        }
        return switch (i % 5) {
            case 0 -> rng.uniform(0.08, 0.12);
            case 1, 2 -> rng.uniform(0.035, 0.06);
            default -> rng.uniform(-0.005, 0.015);
        };
    }

    private static void fillTrend(double[] series, Region region, SimRandom rng) {
        double log = 0;
        for (int k = 0; k < series.length; k++) {
            boolean simulated = k >= HISTORY_MONTHS;
            double drift = simulated ? region.annualDrift() : 0.045 + 0.2 * (region.annualDrift() - 0.04);
            log += drift / 12.0 + (simulated ? 0.006 : 0.004) * rng.gaussian();
            series[k] = log;
        }
        // Anchor the walk so the index equals the region's median at the start month.
        double anchor = series[HISTORY_MONTHS];
        for (int k = 0; k < series.length; k++) {
            series[k] = region.basePrice() * Math.exp(series[k] - anchor);
        }
    }

    /** History easing from ~8.5 % to ~3 %; then a rise to ~7 % by 40 % of the run, easing towards ~6 %. */
    private static double[] ratePath(int months, SimRandom rng) {
        double[] path = new double[HISTORY_MONTHS + months];
        int[] knotsT = {-HISTORY_MONTHS, -240, -180, -120, -60, -24, 0};
        double[] knots = {8.5, 7.0, 6.2, 4.5, 4.2, 3.9, 3.0};
        for (int k = 0; k < HISTORY_MONTHS; k++) {
            int t = k - HISTORY_MONTHS;
            int j = 0;
            while (j < knotsT.length - 2 && t >= knotsT[j + 1]) {
                j++;
            }
            double f = (t - knotsT[j]) / (double) (knotsT[j + 1] - knotsT[j]);
            path[k] = knots[j] + f * (knots[j + 1] - knots[j]);
        }
        double peak = Math.max(1, 0.4 * months);
        double wobble = 0;
        for (int t = 0; t < months; t++) {
            double base;
            if (t <= peak) {
                double f = t / peak;
                base = 3.0 + 4.0 * f * f * (3 - 2 * f);
            } else {
                base = 7.0 - 1.0 * (t - peak) / Math.max(1, months - peak);
            }
            wobble = 0.6 * wobble + 0.08 * rng.gaussian();
            path[HISTORY_MONTHS + t] = base + wobble;
        }
        return path;
    }

    List<Region> regions() {
        return regions;
    }

    Region region(int index) {
        return regions.get(index);
    }

    SimulationParameters params() {
        return params;
    }

    LocalDate monthAt(int t) {
        return params.startMonth().plusMonths(t);
    }

    private static int clampIndex(int t, int length) {
        return Math.max(0, Math.min(length - 1, t + HISTORY_MONTHS));
    }

    /** Spring peak, winter trough: +1 in May–June, −1 in November–December. */
    static double season(LocalDate month) {
        return Math.cos(2 * Math.PI * (month.getMonthValue() - 5.5) / 12.0);
    }

    /** The region's true median home price in month {@code t}, seasonality included. */
    double priceIndex(int region, int t) {
        return trend[region][clampIndex(t, trend[region].length)] * (1 + 0.02 * season(monthAt(t)));
    }

    /** Year-over-year growth of the underlying trend: what sellers and investors feel. */
    double yearOverYear(int region, int t) {
        double[] series = trend[region];
        return series[clampIndex(t, series.length)] / series[clampIndex(t - 12, series.length)] - 1.0;
    }

    /** The national 30-year fixed rate in percent for month {@code t}. */
    double mortgageRate(int t) {
        return rates[clampIndex(t, rates.length)];
    }

    /** Inventory relative to the region's normal: high when prices stall, low when they run. */
    double inventoryFactor(int region, int t) {
        return Math.exp(-6.0 * yearOverYear(region, t)) * (1 + 0.12 * season(monthAt(t)));
    }

    double daysOnMarket(int region, int t) {
        return regions.get(region).baseDaysOnMarket() * Math.exp(-5.0 * yearOverYear(region, t))
                * (1 - 0.1 * season(monthAt(t)));
    }
}
