package com.roisystems.ml.features;

/**
 * SQL fragments the category files share, so "the user's primary property" or "days between" mean
 * the same thing in every feature. {@code u} is the user row and {@code :as_of} the cut-off.
 */
final class SqlFragments {

    /** The as-of instant as a UTC wall-clock timestamp, for calendar features. */
    static final String AS_OF_UTC = "(:as_of AT TIME ZONE 'UTC')";

    private SqlFragments() {
    }

    /**
     * The purchase date, midnight UTC; null when the producer did not send it. Features that measure the purchase
     * (years owned, months of amortisation) read this, so an unknown date makes them null, never a guess.
     */
    static String purchasedAt(String alias) {
        return "(" + alias + ".purchase_date::timestamp AT TIME ZONE 'UTC')";
    }

    /**
     * Since when a property counts as its owner's: the purchase date when known, else when the platform first learned
     * of the property ({@code created_at}, the first property event's occurred_at). The training queries use the same rule.
     */
    static String ownedSince(String alias) {
        return "coalesce(" + purchasedAt(alias) + ", " + alias + ".created_at)";
    }

    /**
     * The user's primary property as of the cut-off: owned since before it ({@link #ownedSince}), primary residence
     * first, then the latest owned, then by id. Attributes are read as they are now; only ownership is point-in-time.
     */
    static String primaryProperty(String alias) {
        return "SELECT " + alias + ".* FROM properties " + alias
                + " WHERE " + alias + ".owner_user_id = u.user_id AND " + ownedSince(alias) + " < :as_of"
                + " ORDER BY " + alias + ".is_primary_residence DESC, " + ownedSince(alias) + " DESC, " + alias + ".property_id LIMIT 1";
    }

    /**
     * The latest valuation of property {@code propertyAlias} published before the cut-off, else its purchase price;
     * null when neither is known (no placeholder value).
     */
    static String homeValue(String propertyAlias) {
        return "coalesce((SELECT v.estimated_value FROM property_valuations v WHERE v.property_id = " + propertyAlias
                + ".property_id AND v.valued_at < :as_of ORDER BY v.valued_at DESC LIMIT 1), " + propertyAlias + ".purchase_price)";
    }

    /** The region whose market describes the user: the primary property's, else the user's own. */
    static String userRegion() {
        return "coalesce((SELECT rp.region_id FROM (" + primaryProperty("p") + ") rp), u.region_id)";
    }

    /** Days from {@code instant} to the cut-off, fractional. */
    static String daysSince(String instant) {
        return "extract(epoch FROM (:as_of - " + instant + ")) / 86400.0";
    }

    /** A mortgage rate in percent, whether the producer stored 0.0675 or 6.75. */
    static String ratePercent(String rate) {
        return "(CASE WHEN " + rate + " > 1 THEN " + rate + " ELSE " + rate + " * 100 END)";
    }

    /** The cut-off minus {@code days} days. */
    static String daysBefore(int days) {
        return ":as_of - interval '" + days + " days'";
    }
}
