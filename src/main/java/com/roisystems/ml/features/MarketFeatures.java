package com.roisystems.ml.features;

import java.time.Duration;
import java.util.List;

import static com.roisystems.ml.features.SqlFragments.AS_OF_UTC;
import static com.roisystems.ml.features.SqlFragments.daysSince;
import static com.roisystems.ml.features.SqlFragments.ratePercent;
import static com.roisystems.ml.features.SqlFragments.userRegion;
import static com.roisystems.ml.features.FeatureCategory.MARKET;
import static com.roisystems.ml.features.FeatureDefinition.flag;
import static com.roisystems.ml.features.FeatureDefinition.numeric;

/**
 * Conditions of the user's market (the primary property's region, else the user's): the latest month
 * published before as_of, compared with 1, 3 and 12 months earlier; plus seasonal factors of as_of.
 */
final class MarketFeatures {

    static final FeatureGroup REGION = new FeatureGroup("region_market", "market_data", null,
            "FROM (SELECT " + userRegion() + " AS region_id) r\n"
                    + "LEFT JOIN LATERAL (SELECT m.* FROM market_data m WHERE m.region_id = r.region_id AND m.published_at < :as_of"
                    + " ORDER BY m.month DESC LIMIT 1) m0 ON true\n"
                    + earlier("m1", 1) + earlier("m3", 3) + earlier("m12", 12).stripTrailing())
            .withRow(SourceRecord.MARKET, "m0").reading("property.region_id", "user.region_id", "market.month");

    /** Features of the as-of instant alone; no table is read. */
    static final FeatureGroup CALENDAR = new FeatureGroup("calendar", "(as_of)", null, "");

    /** The region fields every regional market feature reads, then its own. */
    private static String[] region(String... fields) {
        String[] all = new String[fields.length + 3];
        all[0] = "property.region_id";
        all[1] = "user.region_id";
        all[2] = "market.month";
        System.arraycopy(fields, 0, all, 3, fields.length);
        return all;
    }

    private MarketFeatures() {
    }

    private static String earlier(String alias, int months) {
        return "LEFT JOIN market_data " + alias + " ON " + alias + ".region_id = r.region_id AND " + alias + ".month = (m0.month - interval '"
                + months + " months')::date AND " + alias + ".published_at < :as_of\n";
    }

    private static String month() {
        return "extract(month FROM " + AS_OF_UTC + ")";
    }

    static List<FeatureDefinition> all() {
        Duration month = Duration.ofDays(31);
        String rate = ratePercent("m0.mortgage_rate_30y::float8");
        return List.of(
                numeric("market_median_price", MARKET, REGION, "m0.median_price", "Regional median sale price, latest published month").range(0, 1e10).maxAge(month).reads(region("market.median_price")),
                numeric("market_price_mom_pct", MARKET, REGION, "(m0.median_price / nullif(m1.median_price, 0) - 1) * 100",
                        "Median price change from the month before, percent").range(-100, 1_000).maxAge(month).reads(region("market.median_price")),
                numeric("market_price_yoy_pct", MARKET, REGION, "(m0.median_price / nullif(m12.median_price, 0) - 1) * 100",
                        "Median price change from 12 months before, percent").range(-100, 1_000).maxAge(month).reads(region("market.median_price")),
                numeric("market_inventory", MARKET, REGION, "m0.inventory", "Active listings in the region").range(0, 1e8).maxAge(month).reads(region("market.inventory")),
                numeric("market_new_listings", MARKET, REGION, "m0.new_listings", "New listings in the latest month").range(0, 1e8).maxAge(month).reads(region("market.new_listings")),
                numeric("market_closed_sales", MARKET, REGION, "m0.closed_sales", "Closed sales in the latest month").range(0, 1e8).maxAge(month).reads(region("market.closed_sales")),
                numeric("market_absorption_rate", MARKET, REGION, "m0.closed_sales::float8 / nullif(m0.inventory, 0)",
                        "Closed sales / inventory: the share of listings that sell in a month").range(0, 100).maxAge(month).reads(region("market.closed_sales", "market.inventory")),
                numeric("market_months_of_supply", MARKET, REGION, "m0.inventory::float8 / nullif(m0.closed_sales, 0)",
                        "Inventory / closed sales: months to sell the current stock").range(0, 10_000).maxAge(month).reads(region("market.inventory", "market.closed_sales")),
                numeric("market_days_on_market", MARKET, REGION, "m0.days_on_market", "Median days on market").range(0, 3_650).maxAge(month).reads(region("market.days_on_market")),
                numeric("market_mortgage_rate_pct", MARKET, REGION, rate, "30-year mortgage rate, percent").range(0, 30).maxAge(month).reads(region("market.mortgage_rate_30y")),
                numeric("market_rate_change_3m_pct", MARKET, REGION, rate + " - " + ratePercent("m3.mortgage_rate_30y::float8"),
                        "30-year rate change over 3 months, percentage points").range(-30, 30).maxAge(month).reads(region("market.mortgage_rate_30y")),
                numeric("market_rate_change_12m_pct", MARKET, REGION, rate + " - " + ratePercent("m12.mortgage_rate_30y::float8"),
                        "30-year rate change over 12 months, percentage points").range(-30, 30).maxAge(month).reads(region("market.mortgage_rate_30y")),
                numeric("market_data_age_days", MARKET, REGION, daysSince("m0.published_at"),
                        "Days since the latest market figures were published").range(0, 36_500).reads(region("market.occurred_at")),

                numeric("market_month", MARKET, CALENDAR, month(), "Calendar month of as_of (UTC), 1-12").range(1, 12).required(),
                numeric("market_quarter", MARKET, CALENDAR, "extract(quarter FROM " + AS_OF_UTC + ")", "Quarter of as_of, 1-4").range(1, 4).required(),
                flag("is_spring_season", MARKET, CALENDAR, month() + " IN (3, 4, 5)", "1 in March-May, when listings rise"),
                flag("is_peak_season", MARKET, CALENDAR, month() + " BETWEEN 4 AND 7", "1 in April-July, the peak selling months"),
                flag("is_holiday_season", MARKET, CALENDAR, month() + " IN (11, 12)", "1 in November-December, the slow season"));
    }
}
