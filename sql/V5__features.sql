-- Feature store support. tenure_percentile ranks a property's purchase date among its region's
-- properties as of a cut-off; without this index each online vector would scan the whole region.
CREATE INDEX properties_region_purchase_idx ON properties (region_id, purchase_date);
