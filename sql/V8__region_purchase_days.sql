-- tenure_percentile ranks a property's purchase date among its region's properties bought before a
-- cut-off. Counting them per user made the daily pipeline quadratic (users x region size: 13 of 23 s
-- at 50,000 users). Here each region keeps its purchase dates as one sorted array of epoch days, so a
-- rank is two binary searches (width_bucket) at any cut-off; the array is a function of the current
-- properties rows, exactly as the count was.
CREATE TABLE region_purchase_days (
    region_id text PRIMARY KEY,
    days      int[] NOT NULL
);

INSERT INTO region_purchase_days (region_id, days)
SELECT region_id, array_agg(purchase_date - DATE '1970-01-01' ORDER BY purchase_date)
FROM properties
GROUP BY region_id;

-- Rebuilds the arrays of the regions a statement touched, once per statement (COPY and batched
-- upserts included). The regions' rows are locked first, in a fixed order, so concurrent writers
-- take turns; the rebuild is a new statement, so under READ COMMITTED it sees every row the writers
-- before it committed as well as this transaction's own.
CREATE FUNCTION refresh_region_purchase_days() RETURNS trigger LANGUAGE plpgsql AS $$
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
                         FROM properties p WHERE p.region_id = rp.region_id), '{}')
    WHERE rp.region_id = ANY (touched);
    RETURN NULL;
END
$$;

CREATE TRIGGER properties_purchase_days_insert AFTER INSERT ON properties
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_region_purchase_days();
CREATE TRIGGER properties_purchase_days_update AFTER UPDATE ON properties
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_region_purchase_days();
CREATE TRIGGER properties_purchase_days_delete AFTER DELETE ON properties
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION refresh_region_purchase_days();

-- TRUNCATE fires no row or transition-table triggers; an emptied properties table means no ranks.
CREATE FUNCTION clear_region_purchase_days() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    DELETE FROM region_purchase_days;
    RETURN NULL;
END
$$;

CREATE TRIGGER properties_purchase_days_truncate AFTER TRUNCATE ON properties
    FOR EACH STATEMENT EXECUTE FUNCTION clear_region_purchase_days();
