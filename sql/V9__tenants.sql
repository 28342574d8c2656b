-- Tenants: the platform serves several customer organisations. Every tenant-owned row says whose it is
-- (tenant_id); entity ids stay platform-unique, so no key changes. Row-level security confines the request
-- role, roi_tenant, to the rows of the tenant its transaction names:
--
--     BEGIN; SELECT set_config('role', 'roi_tenant', true), set_config('roi.tenant_id', 'acme', true); ...; COMMIT;
--
-- (db.TenantScope does exactly this; both settings end with the transaction, so nothing leaks into the pool.)
-- The connecting role owns the tables and is not subject to the policies: the pipeline, training and ingestion
-- run as it and see every tenant. roi_tenant is neither owner nor superuser and has no BYPASSRLS.
--
-- Existing rows predate tenants: they all belong to the tenant 'default'. Every existing user is in 'default', so
-- every row that follows a user (activity, properties, features, predictions) is in its user's tenant, 'default',
-- too, and the columns are added with that value directly (a metadata-only change, no table rewrite).
-- The defaults are dropped afterwards: a writer that does not say the tenant of a new user, ingested event or dead
-- letter fails; rows that follow a user take the user's tenant when the writer leaves it out (trigger below).
--
-- Idempotent (IF NOT EXISTS / DROP ... IF EXISTS / role checks), and it runs both as the embedded superuser and as
-- docker's roi_app, which may not create roles: there docker/postgres-init creates roi_tenant and grants it to
-- roi_app before the engine first migrates.

DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'roi_tenant') THEN
        IF NOT (SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user) THEN
            RAISE EXCEPTION 'role roi_tenant is missing and % may not create it: create it as docker/postgres-init/20-roi-app-privileges.sql does '
                            '(CREATE ROLE roi_tenant NOLOGIN NOINHERIT; GRANT roi_tenant TO %)', current_user, current_user;
        END IF;
        CREATE ROLE roi_tenant NOLOGIN NOINHERIT NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS;
    END IF;
    -- A superuser may switch to any role; anyone else must be a member (docker/postgres-init grants it to roi_app).
    IF NOT pg_has_role(current_user, 'roi_tenant', 'MEMBER') THEN
        EXECUTE format('GRANT roi_tenant TO %I', current_user);
    END IF;
END
$$;

-- The tenant-owned tables.
ALTER TABLE users               ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE properties          ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE transactions        ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE agent_assignments   ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE property_valuations ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE document_access     ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE email_events        ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE platform_sessions   ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE page_views          ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE alert_events        ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE searches            ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE property_views      ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE ml_feature_values   ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE ml_predictions      ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE ingested_events     ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';
ALTER TABLE dead_letters        ADD COLUMN IF NOT EXISTS tenant_id text NOT NULL DEFAULT 'default';

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['users', 'properties', 'transactions', 'agent_assignments', 'property_valuations',
                             'document_access', 'email_events', 'platform_sessions', 'page_views', 'alert_events',
                             'searches', 'property_views', 'ml_feature_values', 'ml_predictions', 'ingested_events', 'dead_letters']
    LOOP
        EXECUTE format('ALTER TABLE %I ALTER COLUMN tenant_id DROP DEFAULT', t);
        EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
        EXECUTE format('DROP POLICY IF EXISTS tenant_isolation ON %I', t);
        EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = current_setting(''roi.tenant_id'', true)) '
                       'WITH CHECK (tenant_id = current_setting(''roi.tenant_id'', true))', t);
    END LOOP;
END
$$;

-- A row that follows a user takes the user's tenant when its writer leaves tenant_id out (valuations follow their
-- property). Writers that know the tenant (ingestion, the simulator's COPY, the pipeline) name it, so the trigger
-- fires only for rows without one. With no owner to follow, the insert fails naming tenant_id.
CREATE OR REPLACE FUNCTION fill_tenant_from_owner() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_TABLE_NAME = 'property_valuations' THEN
        SELECT tenant_id INTO NEW.tenant_id FROM properties WHERE property_id = NEW.property_id;
    ELSIF TG_TABLE_NAME = 'properties' THEN
        SELECT tenant_id INTO NEW.tenant_id FROM users WHERE user_id = NEW.owner_user_id;
    ELSIF TG_TABLE_NAME IN ('ml_feature_values', 'ml_predictions') THEN
        SELECT tenant_id INTO NEW.tenant_id FROM users WHERE user_id = NEW.entity_id;
    ELSE
        SELECT tenant_id INTO NEW.tenant_id FROM users WHERE user_id = NEW.user_id;
    END IF;
    IF NEW.tenant_id IS NULL THEN
        RAISE not_null_violation USING MESSAGE = format('%s.tenant_id: not given, and no owner to take it from', TG_TABLE_NAME),
                                       COLUMN = 'tenant_id', TABLE = TG_TABLE_NAME;
    END IF;
    RETURN NEW;
END
$$;

DO $$
DECLARE
    t text;
BEGIN
    FOREACH t IN ARRAY ARRAY['properties', 'transactions', 'agent_assignments', 'property_valuations',
                             'document_access', 'email_events', 'platform_sessions', 'page_views', 'alert_events',
                             'searches', 'property_views', 'ml_feature_values', 'ml_predictions']
    LOOP
        EXECUTE format('DROP TRIGGER IF EXISTS %I ON %I', t || '_tenant_from_owner', t);
        EXECUTE format('CREATE TRIGGER %I BEFORE INSERT ON %I FOR EACH ROW WHEN (NEW.tenant_id IS NULL) '
                       'EXECUTE FUNCTION fill_tenant_from_owner()', t || '_tenant_from_owner', t);
    END LOOP;
END
$$;

-- region_purchase_days ranks purchase dates among all of a region's properties, whoever writes them: its
-- rebuild must see every tenant's properties, so it runs as the function's owner, not as the writer.
ALTER FUNCTION refresh_region_purchase_days() SECURITY DEFINER SET search_path = public;

-- Where tenant filtering needs an index of its own; per-user reads already go through (user_id, ...) indexes.
CREATE INDEX IF NOT EXISTS users_tenant_idx ON users (tenant_id, user_id);
CREATE INDEX IF NOT EXISTS ml_predictions_tenant_idx ON ml_predictions (tenant_id, created_at);
CREATE INDEX IF NOT EXISTS dead_letters_tenant_idx ON dead_letters (tenant_id, received_at);

-- What the request paths may do as roi_tenant: read the tenant tables (through the policies) and the shared
-- reference data, and record feedback on a prediction. Nothing else: no DDL, no bulk writes, no registry changes.
GRANT USAGE ON SCHEMA public TO roi_tenant;
GRANT SELECT ON users, properties, transactions, agent_assignments, property_valuations,
                document_access, email_events, platform_sessions, page_views, alert_events, searches, property_views,
                ml_feature_values, ml_predictions, ingested_events, dead_letters,
                regions, agents, market_data, region_purchase_days, ml_features, ml_feature_layouts
             TO roi_tenant;
GRANT UPDATE (actual_value, actual_class, feedback_at) ON ml_predictions TO roi_tenant;
