-- Bring your own data (#14 item 1): the contract fields a customer's records may not have become optional.
-- Unknown is SQL NULL (absent or JSON null in the event), never a placeholder; the features they feed are null
-- with status MISSING. The CHECKs on these columns stay: a CHECK passes on NULL, so they still hold every
-- value that is known.

-- property.created / property.updated: only owner_user_id and region_id stay required.
ALTER TABLE properties ALTER COLUMN address        DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN property_type  DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN bedrooms       DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN bathrooms      DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN sqft           DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN year_built     DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN purchase_date  DROP NOT NULL;
ALTER TABLE properties ALTER COLUMN purchase_price DROP NOT NULL;
-- Total rooms (halves allowed, as bathrooms) and the position, as public housing records carry them.
ALTER TABLE properties ADD COLUMN IF NOT EXISTS rooms     numeric(5, 1)    CHECK (rooms BETWEEN 0 AND 200);
ALTER TABLE properties ADD COLUMN IF NOT EXISTS latitude  double precision CHECK (latitude BETWEEN -90 AND 90);
ALTER TABLE properties ADD COLUMN IF NOT EXISTS longitude double precision CHECK (longitude BETWEEN -180 AND 180);

-- user.registered: region_id and age_band are optional (email always was).
ALTER TABLE users ALTER COLUMN region_id DROP NOT NULL;
ALTER TABLE users ALTER COLUMN age_band  DROP NOT NULL;

-- market.published: month and median_price stay required.
ALTER TABLE market_data ALTER COLUMN inventory         DROP NOT NULL;
ALTER TABLE market_data ALTER COLUMN new_listings      DROP NOT NULL;
ALTER TABLE market_data ALTER COLUMN closed_sales      DROP NOT NULL;
ALTER TABLE market_data ALTER COLUMN days_on_market    DROP NOT NULL;
ALTER TABLE market_data ALTER COLUMN mortgage_rate_30y DROP NOT NULL;

-- region.updated upserts regions. Regions are platform-wide reference data, like market_data: no tenant_id, one
-- row per region id whoever sends it. updated_at orders the upserts (an older event never overwrites a newer one);
-- rows that predate it keep NULL, which any event overwrites.
ALTER TABLE regions ALTER COLUMN state DROP NOT NULL;
ALTER TABLE regions ADD COLUMN IF NOT EXISTS population              bigint        CHECK (population >= 0);
ALTER TABLE regions ADD COLUMN IF NOT EXISTS median_household_income numeric(14, 2) CHECK (median_household_income >= 0);
ALTER TABLE regions ADD COLUMN IF NOT EXISTS updated_at              timestamptz;

-- region_purchase_days (V8) ranks purchase dates; width_bucket refuses NULL thresholds, and an unknown purchase
-- date has no rank. The arrays skip NULLs: tenure_percentile ranks among the region's properties whose purchase
-- date is known, and is null (MISSING) for a property without one. Same function otherwise, still run as its
-- owner (V9), so the rebuild sees every tenant's properties.
CREATE OR REPLACE FUNCTION refresh_region_purchase_days() RETURNS trigger LANGUAGE plpgsql
    SECURITY DEFINER SET search_path = public AS $$
DECLARE
    touched text[];
BEGIN
    IF TG_OP = 'INSERT' THEN
        SELECT array_agg(DISTINCT region_id) INTO touched FROM new_rows;
    ELSIF TG_OP = 'DELETE' THEN
        SELECT array_agg(DISTINCT region_id) INTO touched FROM old_rows;
    ELSE
        -- Upserts rewrite many rows; only a changed region or purchase date moves a rank.
        SELECT array_agg(DISTINCT r.region_id) INTO touched
        FROM old_rows o JOIN new_rows n USING (property_id)
        CROSS JOIN LATERAL (VALUES (o.region_id), (n.region_id)) AS r(region_id)
        WHERE o.region_id IS DISTINCT FROM n.region_id OR o.purchase_date IS DISTINCT FROM n.purchase_date;
    END IF;
    IF touched IS NULL THEN
        RETURN NULL;
    END IF;

    INSERT INTO region_purchase_days AS rp (region_id, days)
    SELECT region_id, '{}' FROM unnest(touched) AS t(region_id) ORDER BY region_id
    ON CONFLICT (region_id) DO UPDATE SET days = rp.days;

    UPDATE region_purchase_days rp
    SET days = coalesce((SELECT array_agg(p.purchase_date - DATE '1970-01-01' ORDER BY p.purchase_date)
                         FROM properties p WHERE p.region_id = rp.region_id AND p.purchase_date IS NOT NULL), '{}')
    WHERE rp.region_id = ANY (touched);
    RETURN NULL;
END
$$;
