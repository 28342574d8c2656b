package com.roisystems.ml.features;

import java.time.Duration;
import java.util.List;

import static com.roisystems.ml.features.SqlFragments.AS_OF_UTC;
import static com.roisystems.ml.features.SqlFragments.daysSince;
import static com.roisystems.ml.features.SqlFragments.ownedSince;
import static com.roisystems.ml.features.SqlFragments.primaryProperty;
import static com.roisystems.ml.features.SqlFragments.purchasedAt;
import static com.roisystems.ml.features.SqlFragments.ratePercent;
import static com.roisystems.ml.features.FeatureCategory.PROPERTY;
import static com.roisystems.ml.features.FeatureDefinition.categorical;
import static com.roisystems.ml.features.FeatureDefinition.count;
import static com.roisystems.ml.features.FeatureDefinition.flag;
import static com.roisystems.ml.features.FeatureDefinition.numeric;

/**
 * The user's primary property (see {@link SqlFragments#primaryProperty}): attributes, value and debt,
 * and its regional market. A user without a property owned before as_of gets nulls (status NULL); a property
 * whose producer did not send a field gets nulls with status MISSING in the features read from it
 * ({@link FeatureDefinition#sources()}).
 */
final class PropertyFeatures {

    /** Seconds in an average month: whole months since purchase drive the amortisation schedule. */
    private static final String MONTH_SECONDS = "2629800";

    static final FeatureGroup ATTRIBUTES = new FeatureGroup("primary_property", "properties", null,
            "FROM (" + primaryProperty("pp") + ") pp").withRow(SourceRecord.PROPERTY, "pp");

    static final FeatureGroup VALUATION = new FeatureGroup("property_valuation", "properties, property_valuations", null,
            "FROM (" + primaryProperty("pp") + ") pp\n"
                    + "LEFT JOIN LATERAL (SELECT v.estimated_value, v.valued_at FROM property_valuations v WHERE v.property_id = pp.property_id"
                    + " AND v.valued_at < :as_of ORDER BY v.valued_at DESC LIMIT 1) val ON true\n"
                    + "CROSS JOIN LATERAL (SELECT floor(extract(epoch FROM (:as_of - " + purchasedAt("pp") + ")) / " + MONTH_SECONDS + ") AS k,"
                    + " " + ratePercent("pp.mortgage_rate::float8") + " / 1200.0 AS i, pp.mortgage_term_years * 12 AS n,"
                    + " coalesce(pp.mortgage_principal, 0)::float8 AS principal) m\n"
                    + "CROSS JOIN LATERAL (SELECT coalesce(val.estimated_value, pp.purchase_price)::float8 AS value,"
                    + " CASE WHEN m.principal = 0 OR m.n IS NULL OR m.n = 0 OR m.k >= m.n THEN 0"
                    + " WHEN m.i IS NULL OR m.i = 0 THEN m.principal * (1 - m.k / m.n)"
                    + " ELSE m.principal * (power(1 + m.i, m.n) - power(1 + m.i, m.k)) / (power(1 + m.i, m.n) - 1) END AS balance) b")
            .withRow(SourceRecord.PROPERTY, "pp");

    static final FeatureGroup REGION_MARKET = new FeatureGroup("property_region_market", "properties, market_data", null,
            "FROM (" + primaryProperty("pp") + ") pp\n"
                    + "LEFT JOIN LATERAL (SELECT m.* FROM market_data m WHERE m.region_id = pp.region_id AND m.published_at < :as_of"
                    + " ORDER BY m.month DESC LIMIT 1) m0 ON true\n"
                    + "LEFT JOIN market_data m12 ON m12.region_id = pp.region_id AND m12.month = (m0.month - interval '12 months')::date"
                    + " AND m12.published_at < :as_of")
            .withRow(SourceRecord.PROPERTY, "pp").withRow(SourceRecord.MARKET, "m0");

    private PropertyFeatures() {
    }

    static List<FeatureDefinition> all() {
        Duration month = Duration.ofDays(30);
        Duration week = Duration.ofDays(7);
        return List.of(
                categorical("property_type_code", PROPERTY, ATTRIBUTES,
                        "CASE pp.property_type WHEN 'SINGLE_FAMILY' THEN 0 WHEN 'CONDO' THEN 1 WHEN 'TOWNHOUSE' THEN 2 WHEN 'MULTI_FAMILY' THEN 3 END",
                        "Primary property type: 0 SINGLE_FAMILY, 1 CONDO, 2 TOWNHOUSE, 3 MULTI_FAMILY", 3).maxAge(month).reads("property.property_type"),
                numeric("bedrooms", PROPERTY, ATTRIBUTES, "pp.bedrooms", "Bedrooms of the primary property").range(0, 20).maxAge(month).reads("property.bedrooms"),
                numeric("bathrooms", PROPERTY, ATTRIBUTES, "pp.bathrooms", "Bathrooms of the primary property").range(0, 20).maxAge(month).reads("property.bathrooms"),
                numeric("sqft", PROPERTY, ATTRIBUTES, "pp.sqft", "Living area in square feet").range(1, 1e6).maxAge(month).reads("property.sqft"),
                numeric("lot_sqft", PROPERTY, ATTRIBUTES, "pp.lot_sqft", "Lot size in square feet; MISSING when not sent").range(0, 1e9).maxAge(month).reads("property.lot_sqft"),
                numeric("rooms", PROPERTY, ATTRIBUTES, "pp.rooms", "Total rooms of the primary property").range(0, 200).maxAge(month).reads("property.rooms"),
                numeric("latitude", PROPERTY, ATTRIBUTES, "pp.latitude", "Latitude of the primary property, WGS 84 degrees").range(-90, 90).maxAge(month).reads("property.latitude"),
                numeric("longitude", PROPERTY, ATTRIBUTES, "pp.longitude", "Longitude of the primary property, WGS 84 degrees").range(-180, 180).maxAge(month).reads("property.longitude"),
                numeric("property_age_years", PROPERTY, ATTRIBUTES, "extract(year FROM " + AS_OF_UTC + ") - pp.year_built",
                        "Calendar years since the property was built (as_of year - year built)").range(-5, 500).maxAge(month).reads("property.year_built"),
                numeric("purchase_price", PROPERTY, ATTRIBUTES, "pp.purchase_price", "Price the user paid").range(1, 1e10).maxAge(month).reads("property.purchase_price"),
                numeric("years_owned", PROPERTY, ATTRIBUTES, daysSince(purchasedAt("pp")) + " / 365.25",
                        "Years since the purchase date (days / 365.25)").range(0, 150).maxAge(week).reads("property.purchase_date"),
                numeric("mortgage_rate_pct", PROPERTY, ATTRIBUTES, ratePercent("pp.mortgage_rate::float8"),
                        "Mortgage interest rate in percent; null without a mortgage").range(0, 30).maxAge(month).reads("property.mortgage_rate"),
                numeric("mortgage_principal", PROPERTY, ATTRIBUTES, "pp.mortgage_principal",
                        "Original mortgage principal; null without a mortgage").range(0, 1e10).maxAge(month).reads("property.mortgage_principal"),
                numeric("mortgage_term_years", PROPERTY, ATTRIBUTES, "pp.mortgage_term_years",
                        "Mortgage term in years; null without a mortgage").range(0, 50).maxAge(month).reads("property.mortgage_term_years"),
                flag("is_primary_residence", PROPERTY, ATTRIBUTES, "pp.is_primary_residence",
                        "1 if the property is the user's primary residence").maxAge(month).reads("property.is_primary_residence"),
                flag("has_mortgage", PROPERTY, ATTRIBUTES, "pp.mortgage_principal > 0", "1 if the property carries a mortgage").maxAge(month).reads("property.mortgage_principal"),
                count("properties_owned", PROPERTY, ATTRIBUTES,
                        "(SELECT count(*) FROM properties po WHERE po.owner_user_id = u.user_id AND " + ownedSince("po") + " < :as_of)",
                        "Properties the user owned before as_of (purchase date, else when the platform learned of it)").range(0, 10_000).maxAge(month).reads("property.owner_user_id", "property.purchase_date", "property.occurred_at"),

                numeric("estimated_value", PROPERTY, VALUATION, "val.estimated_value",
                        "Latest valuation published before as_of; null if none yet").range(1, 1e10).maxAge(week).reads("valuation.estimated_value", "valuation.occurred_at"),
                numeric("days_since_valuation", PROPERTY, VALUATION, daysSince("val.valued_at"),
                        "Days since that valuation; null if none").range(0, 36_500).maxAge(week).reads("valuation.occurred_at"),
                numeric("value_change_since_purchase_pct", PROPERTY, VALUATION, "(b.value / pp.purchase_price - 1) * 100",
                        "Change from purchase price to current value (latest valuation, else purchase price), percent").range(-100, 100_000).maxAge(week).reads("valuation.estimated_value", "property.purchase_price"),
                numeric("amortized_balance", PROPERTY, VALUATION, "b.balance",
                        "Remaining mortgage balance after the whole months since purchase (2629800 s each) of a fixed-rate schedule").range(0, 1e10).maxAge(week).reads("property.mortgage_principal", "property.mortgage_rate", "property.mortgage_term_years", "property.purchase_date"),
                numeric("equity", PROPERTY, VALUATION, "b.value - b.balance",
                        "Current value minus amortised balance").range(-1e10, 1e10).maxAge(week).reads("valuation.estimated_value", "property.purchase_price", "property.mortgage_principal", "property.mortgage_rate", "property.mortgage_term_years", "property.purchase_date"),
                numeric("loan_to_value", PROPERTY, VALUATION, "b.balance / nullif(b.value, 0)",
                        "Amortised balance / current value").range(0, 10).maxAge(week).reads("valuation.estimated_value", "property.purchase_price", "property.mortgage_principal", "property.mortgage_rate", "property.mortgage_term_years", "property.purchase_date"),
                numeric("equity_pct", PROPERTY, VALUATION, "(b.value - b.balance) / nullif(b.value, 0) * 100",
                        "Equity as percent of current value").range(-1_000, 100).maxAge(week).reads("valuation.estimated_value", "property.purchase_price", "property.mortgage_principal", "property.mortgage_rate", "property.mortgage_term_years", "property.purchase_date"),

                numeric("region_median_price", PROPERTY, REGION_MARKET, "m0.median_price",
                        "Median price of the property's region, latest month published before as_of").range(0, 1e10).maxAge(month).reads("property.region_id", "market.median_price", "market.month"),
                numeric("region_price_growth_12m_pct", PROPERTY, REGION_MARKET, "(m0.median_price / nullif(m12.median_price, 0) - 1) * 100",
                        "Regional median price change over 12 months, percent").range(-100, 1_000).maxAge(month).reads("property.region_id", "market.median_price", "market.month"),
                numeric("region_days_on_market", PROPERTY, REGION_MARKET, "m0.days_on_market",
                        "Regional median days on market").range(0, 3_650).maxAge(month).reads("property.region_id", "market.days_on_market"),
                numeric("region_inventory", PROPERTY, REGION_MARKET, "m0.inventory", "Regional active listings").range(0, 1e8).maxAge(month).reads("property.region_id", "market.inventory"),
                numeric("rate_spread_pct", PROPERTY, REGION_MARKET,
                        ratePercent("pp.mortgage_rate::float8") + " - " + ratePercent("m0.mortgage_rate_30y::float8"),
                        "Own mortgage rate minus the current 30-year market rate, percentage points: the refinance signal").range(-30, 30).maxAge(month).reads("property.mortgage_rate", "property.region_id", "market.mortgage_rate_30y"),
                numeric("value_vs_region_median", PROPERTY, REGION_MARKET,
                        SqlFragments.homeValue("pp") + " / nullif(m0.median_price, 0)",
                        "Current home value / regional median price").range(0, 1_000).maxAge(month).reads("valuation.estimated_value", "property.purchase_price", "property.region_id", "market.median_price"),
                numeric("tenure_percentile", PROPERTY, REGION_MARKET,
                        // Ranks in the region's sorted purchase days (V8): width_bucket counts the days <= its operand;
                        // the last day whose midnight (UTC) is before as_of is ceil(epoch / 86400) - 1.
                        "(SELECT (width_bucket(d.last_day, rp.days) - width_bucket(pp.purchase_date - DATE '1970-01-01' - 1, rp.days))::float8"
                                + " / nullif(width_bucket(d.last_day, rp.days), 0)"
                                + " FROM region_purchase_days rp"
                                + " CROSS JOIN (SELECT ceil(extract(epoch FROM :as_of) / 86400)::int - 1 AS last_day) d"
                                + " WHERE rp.region_id = pp.region_id)",
                        "Share of the region's properties bought on or after this one's purchase date: 1 = longest-held").range(0, 1).maxAge(week).reads("property.purchase_date", "property.region_id"));
    }
}
